package lab.compare.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import lab.data.DataException;
import lab.data.DataSource;
import lab.data.Scramble;
import lab.data.Split;
import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jTrainer;
import lab.dl4j.Nd4jThreads;
import lab.fast.FastNetwork;
import lab.fast.FloatNetwork;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Evaluation;
import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.Trainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs one job: a {@link RunSpec} in, a {@link RunResult} out. The data comes in already loaded (a
 * sweep loads it once, and its jobs share it read-only); everything else the run needs is in the spec.
 * Jobs may run at once on several threads: nothing here is shared between them but the data and ND4J's
 * thread count, which {@link Nd4jThreads#lease} holds for each DL4J job. ND4J's other process-wide
 * settings are left alone: a DL4J job's precision is set on its network and its arrays, never through
 * {@code Nd4j.setDefaultDataTypes}, so float and double jobs can run side by side; ND4J's random
 * generator is one per thread (and DL4J's own initialiser is overwritten unless a spec asks for it).
 */
public final class Runner {

    private Runner() {
    }

    /** Loads the spec's data set and split. */
    public static Split load(RunSpec spec) {
        return DataSource.load(spec.data(), spec.testFraction(), spec.splitSeed());
    }

    /** The permutation a spec asks for, for images of {@code h x w}, or null. */
    public static int[] permutation(RunSpec spec, int h, int w) {
        if (spec.permuteSeed() != null) {
            return spec.scrambleRule().permutation(h, w, spec.permuteSeed());
        }
        if (spec.permutationFile() != null) {
            return readPermutation(Path.of(spec.permutationFile()), h * w);
        }
        return null;
    }

    /** Refuses a shift test that would move {@code shape}'s images out of sight. */
    static void checkShift(RunSpec spec, Shape shape) {
        if (spec.maxShift() >= Math.min(shape.h(), shape.w())) {
            throw new IllegalArgumentException("a shift of " + spec.maxShift() + " pixels leaves nothing of "
                    + shape.h() + " x " + shape.w() + " images");
        }
    }

    /**
     * {@link #run}, with the data from {@code data}; never throws: a job that throws anything (its data
     * will not load, a file is missing, a bug) becomes a {@link RunResult#failed} result, so a plan goes on.
     */
    public static RunResult attempt(RunSpec spec, Splits data, Trainer.Listener listener) {
        long start = System.nanoTime();
        try {
            return run(spec, data.of(spec), listener);
        } catch (Throwable e) { // every failure of one job is that job's result, whatever it was
            return RunResult.failed(spec, e, (System.nanoTime() - start) / 1e9);
        }
    }

    /** Trains and evaluates on {@code split}; a diverged run still returns, with its history. */
    public static RunResult run(RunSpec spec, Split split, Trainer.Listener listener) {
        // ND4J's thread count is one per JVM: held at this job's while it builds, trains and evaluates.
        try (Nd4jThreads.Lease nd4j = spec.stack() == Stack.DL4J ? Nd4jThreads.lease(spec.threads()) : null) {
            return trainAndEvaluate(spec, split, listener);
        }
    }

    /** The run's steps in order: its data, training, the evaluation (with any shift test), its result. */
    private static RunResult trainAndEvaluate(RunSpec spec, Split split, Trainer.Listener listener) {
        Seen seen = Seen.of(spec, split);
        Trained trained = train(spec, seen.data(), listener);
        Evaluation test = trained.evaluate(seen.data().test());
        double[] shiftAccuracy = spec.maxShift() > 0 && trained.status() == RunResult.Status.OK
                ? shiftTest(spec, seen, trained) : null;
        return result(spec, seen, trained, test, shiftAccuracy);
    }

    /**
     * The data as a run sees it: {@code sized}, the split with its training images cut to the spec's size
     * (the shift test moves its test images, then scrambles them); {@code data}, the same with its pixels
     * scrambled by {@code perm} (null for standard pixels); {@code shape}, the images' shape.
     */
    private record Seen(Shape shape, Split sized, int[] perm, Split data) {

        static Seen of(RunSpec spec, Split split) {
            Shape shape = split.train().shape();
            int[] perm = permutation(spec, shape.h(), shape.w());
            Split sized = spec.trainSize() == null ? split : split.withTrainSize(spec.trainSize(), spec.seed());
            Split data = perm == null ? sized : sized.permutePixels(perm);
            checkShift(spec, shape);
            return new Seen(shape, sized, perm, data);
        }

        /** The share of neighbouring pixel pairs the network still sees as neighbours: 1 for standard pixels. */
        double locality() {
            return perm == null ? 1.0 : Scramble.locality(perm, shape.h(), shape.w());
        }
    }

    /**
     * A network after training: the reference's, whose parameters hold the trained weights (DL4J's copied
     * back), and DL4J's if it trained; the epochs' stats; how training ended (ok, or diverged with its words
     * and its stop); its time in seconds and its loss curve.
     */
    private record Trained(Reference reference, Dl4jNetworks.Built dl4j, List<Trainer.EpochStats> history,
                           RunResult.Status status, String error, RunResult.Stop stop, double seconds,
                           LossCurve curve) {

        /** Accuracy and confusion on {@code test}, on the stack that trained. */
        Evaluation evaluate(Dataset test) {
            return dl4j == null ? Evaluation.of(reference.model(), test, 256)
                    : new Evaluation(Dl4jTrainer.confusion(dl4j, test, 256));
        }
    }

    /** Builds the spec's network(s) on {@code data} and trains; a diverged run ends with its history so far. */
    private static Trained train(RunSpec spec, Split data, Trainer.Listener listener) {
        Trainer.Config config = new Trainer.Config(spec.epochs(), spec.batch(), spec.seed());
        // Both stacks start from this network's weights unless DL4J is asked to use its own initialiser.
        Reference reference = network(spec, data.train().shape());
        Dl4jNetworks.Built built = spec.stack() == Stack.DL4J ? dl4j(spec, reference.spec(), data.train().shape())
                : null;
        List<Trainer.EpochStats> history;
        RunResult.Status status = RunResult.Status.OK;
        String error = null;
        RunResult.Stop stop = null;
        LossCurve curve = new LossCurve(spec.epochs(), listener);
        long start = System.nanoTime();
        try {
            history = built == null ? Trainer.train(reference.model(), spec.newOptimizer(), data.train(), config, curve)
                    : Dl4jTrainer.train(built, data.train(), config, curve);
        } catch (Trainer.TrainingDivergedException e) {
            history = e.history();
            status = RunResult.Status.DIVERGED;
            error = e.getMessage();
            stop = new RunResult.Stop(e.epoch(), e.step(), e.loss(), e.rule().words());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (built != null) {
            Dl4jParams.fromDl4j(built, reference.spec()); // the trained weights, for the result's first-layer record
        }
        return new Trained(reference, built, history, status, error, stop, seconds, curve);
    }

    /** DL4J's network for the spec, starting from {@code initial}'s weights unless the spec asks for DL4J's own. */
    private static Dl4jNetworks.Built dl4j(RunSpec spec, Network initial, Shape input) {
        Dl4jNetworks.Built built = Dl4jNetworks.build(spec.architecture(), input,
                spec.dtype() == DType.FLOAT ? DataType.FLOAT : DataType.DOUBLE,
                spec.optimizer().dl4j(spec.lr(), spec.momentum()), spec.resolvedInit(), spec.seed());
        if (spec.sharedInit()) {
            Dl4jParams.toDl4j(initial, built);
        }
        return built;
    }

    /**
     * Test accuracy on the test set shifted by s = 0..maxShift pixels, at index s, each the mean over the four
     * directions. The digits are shifted as they are, then scrambled: a permuted run sees the shift through its
     * permutation. Shift 0 goes the same way as the others (not a copy of the test accuracy), so it can be
     * checked against it.
     */
    private static double[] shiftTest(RunSpec spec, Seen seen, Trained trained) {
        double[] shiftAccuracy = new double[spec.maxShift() + 1];
        for (int s = 0; s <= spec.maxShift(); s++) {
            int[][] directions = s == 0 ? new int[][] {{0, 0}} : new int[][] {{s, 0}, {-s, 0}, {0, s}, {0, -s}};
            for (int[] d : directions) {
                Dataset moved = seen.sized().test().shifted(d[0], d[1]);
                shiftAccuracy[s] += trained.evaluate(seen.perm() == null ? moved : moved.permutePixels(seen.perm()))
                        .accuracy() / directions.length;
            }
        }
        return shiftAccuracy;
    }

    /**
     * The result: the epochs' stats, the test accuracy (NaN for a diverged run), speed, the first layer's
     * weights where the report draws them (kernels only: a line stays small), and the locality kept.
     */
    private static RunResult result(RunSpec spec, Seen seen, Trained trained, Evaluation test,
                                    double[] shiftAccuracy) {
        List<Trainer.EpochStats> history = trained.history();
        List<RunResult.Epoch> epochs = new ArrayList<>();
        long examples = 0;
        for (Trainer.EpochStats s : history) {
            epochs.add(new RunResult.Epoch(s.epoch(), s.meanLoss(), s.trainAccuracy(), s.seconds()));
            examples += s.examples();
        }
        Trainer.EpochStats last = history.isEmpty() ? null : history.get(history.size() - 1);
        Network net = trained.reference().spec();
        Param first = net.layers().get(0).params().isEmpty() ? null : net.layers().get(0).params().get(0);
        boolean keep = first != null && RunResult.keepsWeights(first.shape());
        boolean ok = trained.status() == RunResult.Status.OK;
        return RunResult.builder(spec, trained.status()).error(trained.error())
                .init(spec.resolvedInit().name().toLowerCase()).split(seen.data().how())
                .trainSize(seen.data().train().size()).testSize(seen.data().test().size())
                .parameters(net.parameterCount()).testAccuracy(ok ? test.accuracy() : Double.NaN)
                .finalTrainLoss(last == null ? Double.NaN : last.meanLoss())
                .finalTrainAccuracy(last == null ? Double.NaN : last.trainAccuracy())
                .seconds(trained.seconds()).imagesPerSecond(examples / Math.max(trained.seconds(), 1e-9))
                .history(epochs).confusion(test.confusion())
                .firstLayer(keep ? first.value().clone() : null, keep ? first.shape() : null)
                .finished(Instant.now().toString()).locality(seen.locality()).shiftAccuracy(shiftAccuracy)
                .stop(trained.stop()).lossCurve(trained.curve().points()).build();
    }

    /**
     * The reference network a spec trains (or, on DL4J, starts from): {@code model} runs the kernels the
     * spec asks for, {@code spec} is the network whose parameters they train (the same object on the
     * naive loops; under the fast path, the network its twins share their parameters with).
     */
    public record Reference(Model model, Network spec) {
    }

    /**
     * The spec's architecture on {@code input}, initialised from its seed, on the loops it asks for: the
     * naive spec, or the fast path (tested equal to the naive loops within 1e-12) with each batch split
     * over the spec's threads; in float, the fast path in float lanes ({@link FloatNetwork}), whose master
     * weights stay the spec's double parameters. The initial weights are the same every way.
     */
    public static Reference network(RunSpec spec, Shape input) {
        Architecture arch = spec.architecture();
        if (spec.kernels() == Loops.NAIVE) {
            Network net = Network.create(arch, input, spec.resolvedInit(), spec.seed());
            return new Reference(net, net);
        }
        if (spec.dtype() == DType.FLOAT) {
            FloatNetwork lanes = FloatNetwork.create(arch, input, spec.resolvedInit(), spec.seed(), spec.threads());
            return new Reference(lanes, lanes.spec());
        }
        FastNetwork fast = FastNetwork.create(arch, input, spec.resolvedInit(), spec.seed(), spec.threads());
        return new Reference(fast, fast.spec());
    }

    /** A permutation file: whitespace- or comma-separated 0-based pixel indices, one per position. */
    static int[] readPermutation(Path file, int size) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DataException(file + ": cannot read the permutation file (" + e.getMessage() + ")");
        }
        String[] tokens = text.trim().split("[\\s,]+");
        int[] perm = new int[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            try {
                perm[i] = Integer.parseInt(tokens[i]);
            } catch (NumberFormatException e) {
                throw new DataException(file + ": entry " + (i + 1) + " '" + tokens[i] + "' is not a whole number");
            }
        }
        if (perm.length == size && Arrays.stream(perm).min().orElse(0) == 1
                && Arrays.stream(perm).max().orElse(0) == size) {
            throw new DataException(file + ": looks 1-based (1.." + size + "); pixel indices are 0-based");
        }
        try {
            Dataset.checkPermutation(perm, size);
        } catch (IllegalArgumentException e) {
            throw new DataException(file + ": " + e.getMessage());
        }
        return perm;
    }
}
