package lab.compare.run;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lab.data.Split;
import lab.reference.Trainer;

/**
 * The experiment as a list of independent jobs, and a runner that can stop and resume: each finished
 * job is appended to results.jsonl at once, and a job whose spec is already there is not run again.
 */
public final class Experiment {

    /** One data set's part of the experiment: its models and training settings. */
    public record Block(String data, List<String> models, OptimizerKind optimizer, double lr, int batch, int epochs,
                        InitChoice init) {

        /** The experiment's usual settings: Adam, lr 0.005, batch 32, He init (auto), on {@code models}. */
        public static Block adam(String data, List<String> models, int epochs) {
            return new Block(data, models, OptimizerKind.ADAM, 0.005, 32, epochs, InitChoice.AUTO);
        }
    }

    /** What to run: a name and independent jobs, in the order they run. */
    public record Plan(String name, List<RunSpec> jobs) {

        public Plan {
            // A job planned twice in one plan runs once. (Studies do not share jobs: each spec carries its study.)
            jobs = List.copyOf(new java.util.LinkedHashSet<>(jobs));
        }

        /**
         * One job of a study (the control's or another's): the block's settings, double precision, 1 thread,
         * DL4J from the reference's weights, the default split; scramble, size and shift test as given.
         */
        public static RunSpec job(Study study, Stack stack, Kernels kernels, Block b, String model, long seed,
                                  Long permuteSeed, String scramble, Integer trainSize, int maxShift) {
            return RunSpec.builder().study(study).stack(stack).kernels(kernels).data(b.data()).arch(model)
                    .optimizer(b.optimizer()).lr(b.lr()).batch(b.batch()).epochs(b.epochs()).init(b.init())
                    .seed(seed).permuteSeed(permuteSeed).scramble(scramble).trainSize(trainSize).maxShift(maxShift)
                    .build();
        }
    }

    /**
     * Where a plan's runner reports: one line per event (resuming, each finished run), and a progress
     * listener for each run. The command line gives one that prints; a test can give a quiet one.
     */
    public interface Listener {

        void say(String line);

        Trainer.Listener progress(String label, int epochs);
    }

    private Experiment() {
    }

    /** The plan's jobs whose spec is not yet in {@code results}, in plan order. */
    private static List<RunSpec> pending(Plan plan, Path results, Listener listener) {
        // Parsed specs, not their JSON text: a line written before a setting existed reads with its default
        // and equals the spec planned today, so it counts as done.
        Set<RunSpec> done = new HashSet<>();
        for (RunResult r : ResultsFile.read(results, listener::say)) {
            done.add(r.spec());
        }
        return plan.jobs().stream().filter(s -> !done.contains(s)).toList();
    }

    /** Runs every job not yet in {@code results}, appending each result as it finishes. */
    public static void run(Plan plan, Path results, Listener listener) {
        List<RunSpec> todo = pending(plan, results, listener);
        int total = plan.jobs().size();
        if (todo.size() < total) {
            listener.say(String.format("resuming: %d of %d runs already in %s", total - todo.size(), total, results));
        }
        Map<String, Split> splits = new HashMap<>();
        for (RunSpec spec : todo) { // every data set loads before the first run: a bad one fails now, not later
            splits.computeIfAbsent(spec.data(), d -> Runner.load(spec));
        }
        Map<String, double[]> secondsPerImageEpoch = new HashMap<>(); // per data and stack: {seconds, image-epochs}
        long start = System.nanoTime();
        int k = total - todo.size();
        for (RunSpec spec : todo) {
            Split split = splits.computeIfAbsent(spec.data(), d -> Runner.load(spec));
            String label = String.format("[%d/%d] %s %s %s %s seed %d", ++k, total, spec.data(), spec.arch(),
                    spec.stack(), spec.permuted() ? "permuted" : "standard", spec.seed());
            RunResult r = Runner.run(spec, split, listener.progress(label, spec.epochs()));
            ResultsFile.append(results, r);
            String key = spec.data() + " " + spec.arch() + " " + spec.stack();
            double[] rate = secondsPerImageEpoch.computeIfAbsent(key, x -> new double[2]);
            rate[0] += r.seconds();
            rate[1] += (double) r.trainSize() * spec.epochs();
            listener.say(String.format("%s: test accuracy %s (%.1f s; about %s left)", label,
                    r.completed() ? String.format("%.2f%%", 100 * r.testAccuracy()) : r.status(),
                    r.seconds(), minutes(remaining(todo, k - (total - todo.size()), secondsPerImageEpoch, splits,
                            (System.nanoTime() - start) / 1e9))));
        }
    }

    /**
     * Seconds the jobs not yet in {@code results} should take, measured: for each (data, model, stack) one
     * short timing run (two epochs of 256 images; the second epoch's rate, past the JIT's warm-up), then
     * each job priced at that rate by the images it trains on. Evaluation time is left out.
     */
    public static double estimate(Plan plan, Path results, Listener listener) {
        Map<String, Split> splits = new HashMap<>();
        Map<String, Double> rates = new HashMap<>(); // images per second
        double seconds = 0;
        for (RunSpec spec : pending(plan, results, listener)) {
            Split split = splits.computeIfAbsent(spec.data(), d -> Runner.load(spec));
            double rate = rates.computeIfAbsent(spec.data() + " " + spec.arch() + " " + spec.stack(), k -> {
                RunResult r = Runner.run(spec.calibration(256), split, new Trainer.Listener() { });
                if (r.history().size() < 2) { // diverged at once: the run's own rate, warm-up and all
                    return r.imagesPerSecond();
                }
                RunResult.Epoch second = r.history().get(1);
                return Math.min(256, split.train().size()) / Math.max(second.seconds(), 1e-6);
            });
            seconds += (double) images(spec, split) * spec.epochs() / rate;
        }
        return seconds;
    }

    /** Seconds left: each remaining job priced by the measured rate of its (data, model, stack). */
    private static double remaining(List<RunSpec> todo, int finished, Map<String, double[]> rates,
                                    Map<String, Split> splits, double elapsed) {
        double left = 0;
        for (RunSpec s : todo.subList(finished, todo.size())) {
            double[] rate = rates.get(s.data() + " " + s.arch() + " " + s.stack());
            Split split = splits.get(s.data());
            if (rate == null || split == null) {
                left += elapsed / Math.max(finished, 1); // not yet measured: the average so far
            } else {
                left += rate[0] / rate[1] * images(s, split) * s.epochs();
            }
        }
        return left;
    }

    /** The training images a job uses: its size if it asks for fewer than the split has. */
    private static int images(RunSpec spec, Split split) {
        return spec.trainSize() == null ? split.train().size() : Math.min(spec.trainSize(), split.train().size());
    }

    public static String minutes(double seconds) {
        return seconds < 90 ? String.format("%.0f s", seconds) : String.format("%.1f min", seconds / 60);
    }
}
