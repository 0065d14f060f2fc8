package lab.compare.run;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * What a job costs here, measured per kind of job (stack, model, data set, and what else changes the speed),
 * and so how long a plan has left. A job's wall time is priced in two parts: training, at the kind's seconds
 * per training image and epoch, and everything else (building the network, evaluating), at the kind's seconds
 * per evaluation pass over the test set. A kind is priced first from a calibration run ({@link Calibration#run}:
 * the fastest epoch after the first, past the JIT's warm-up), then from its own finished jobs alone. A
 * calibration runs alone, while the plan's jobs share the machine's cores and memory with one another: until
 * a kind has jobs of its own, its calibrated price is scaled by what the jobs of calibrated kinds took
 * against their calibrated price so far, so that the time left does not stall while the first results come in
 * slower than calibrated. The time left lays the jobs not yet started, in plan order, onto the workers as
 * each becomes free, after the jobs running now: what N workers leave is not the sum divided by N when the
 * last jobs are long.
 */
final class Pace {

    /** What sets a job's speed; the seed, pixel order, epochs and subset size do not (they are priced apart). */
    record Kind(Stack stack, DType dtype, Loops kernels, int threads, String arch, String data, int batch) {

        static Kind of(RunSpec s) {
            return new Kind(s.stack(), s.dtype(), s.kernels(), s.threads(), s.arch(), s.data(), s.batch());
        }
    }

    /** A kind's measured seconds: training over image-epochs, the rest over evaluation passes. */
    private static final class Cost {
        final boolean fromJobs; // false: from the calibration run only
        double trainSeconds;
        double imageEpochs;
        double otherSeconds;
        double passes;

        Cost(boolean fromJobs) {
            this.fromJobs = fromJobs;
        }
    }

    private final Map<Kind, Cost> costs = new HashMap<>();
    private final Map<Kind, Cost> calibrations = new HashMap<>();
    private double calibratedPriceOfFinished; // seconds the finished jobs' calibrations priced them at
    private double wallOfFinished;            // and what those jobs took

    /** Evaluation passes over the test set: one, plus the shift test's (shift 0 once, each other shift four times). */
    static int passes(RunSpec s) {
        return s.maxShift() == 0 ? 1 : 2 + 4 * s.maxShift();
    }

    /** A calibration run of {@code kind} ended after {@code wall} seconds; ignored once a job of the kind has. */
    void calibrated(Kind kind, RunResult r, double wall) {
        if (!r.completed() || costs.containsKey(kind) && costs.get(kind).fromJobs) {
            return;
        }
        Cost c = new Cost(false);
        List<RunResult.Epoch> h = r.history();
        // The fastest epoch after the first: the first pays for the JIT's and DL4J's warm-up, once a JVM.
        c.trainSeconds = h.stream().skip(h.size() > 1 ? 1 : 0).mapToDouble(RunResult.Epoch::seconds).min().orElseThrow();
        c.imageEpochs = r.trainSize();
        c.otherSeconds = Math.max(0, wall - r.seconds());
        c.passes = passes(r.spec());
        costs.put(kind, c);
        calibrations.put(kind, c);
    }

    /** A job of the plan ended ok after {@code wall} seconds: its kind is priced from its own jobs from now on. */
    void finished(RunResult r, double wall) {
        if (!r.completed()) {
            return; // a diverged or failed run stopped early: its time says nothing about a whole run
        }
        Kind kind = Kind.of(r.spec());
        if (calibrations.containsKey(kind)) {
            calibratedPriceOfFinished += price(calibrations.get(kind), r.spec(), r.trainSize());
            wallOfFinished += wall;
        }
        Cost c = costs.get(kind);
        if (c == null || !c.fromJobs) {
            c = new Cost(true);
            costs.put(kind, c);
        }
        c.trainSeconds += r.seconds();
        c.imageEpochs += (double) r.trainSize() * r.history().size();
        c.otherSeconds += Math.max(0, wall - r.seconds());
        c.passes += passes(r.spec());
    }

    /** The seconds a job should take, training {@code trainImages} images; NaN if its kind is not measured. */
    double seconds(RunSpec spec, int trainImages) {
        Cost c = costs.get(Kind.of(spec));
        if (c == null || c.imageEpochs == 0) {
            return Double.NaN;
        }
        return price(c, spec, trainImages) * (c.fromJobs || wallOfFinished == 0 ? 1
                : wallOfFinished / calibratedPriceOfFinished);
    }

    private static double price(Cost c, RunSpec spec, int trainImages) {
        return c.trainSeconds / c.imageEpochs * trainImages * spec.epochs() + c.otherSeconds / c.passes * passes(spec);
    }

    /**
     * The seconds until the last job ends: {@code running} holds each running job's remaining seconds, and
     * {@code waiting} each waiting job's seconds in the order they start; each goes to the worker free
     * first. NaN if any is NaN.
     */
    static double left(List<Double> running, List<Double> waiting, int workers) {
        PriorityQueue<Double> free = new PriorityQueue<>();
        for (double r : running) {
            free.add(Math.max(0, r));
        }
        while (free.size() < workers) {
            free.add(0.0);
        }
        double end = free.stream().mapToDouble(Double::doubleValue).max().orElse(0);
        for (double w : waiting) {
            double done = free.poll() + w;
            free.add(done);
            end = Math.max(end, done);
        }
        return end;
    }
}
