package lab.compare.agree;

import java.util.List;

import lab.compare.run.OptimizerKind;
import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jTrainer;
import lab.fast.FloatNetwork;
import lab.reference.Dataset;
import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Trainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Trains both stacks step by step from identical weights on identical batches (the reference trainer's
 * order), and after every step compares every parameter. In double ({@link #run}) the stacks must stay
 * together to rounding: the worst relative difference seen, |dl4j - ref| / max(1, |ref|) over all
 * parameters, with its step and parameter. In float ({@link #runFloat}) two float runs that sum in different
 * orders part by rounding that training carries forward, so a third run, the reference in double, is the
 * yardstick: how far each float stack moves from it says how far float rounding alone moves this run.
 */
public final class Lockstep {

    /** The worst parameter difference over the run, and the test predictions of both stacks at the end. */
    public record Result(int steps, double worstDiff, int worstStep, String worstParam, int[] referencePredictions,
                         int[] dl4jPredictions) {
    }

    /**
     * The worst difference between two runs' parameters over every step, |a - b| / max(1, |d|) with d the
     * reference's double run's value (one scale for every pair, so the three of {@link FloatResult} compare),
     * and its step and parameter. NaN counts as the worst.
     */
    public record Worst(double diff, int step, String param) {

        /** The worse of this and the pair's difference after {@code step}. */
        Worst after(int step, Network a, Network b, Network scale) {
            Worst w = this;
            for (Network.NamedParam p : scale.params()) {
                double[] x = a.param(p.key()).value();
                double[] y = b.param(p.key()).value();
                double[] d = p.param().value();
                for (int i = 0; i < d.length; i++) {
                    double diff = Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(d[i]));
                    if (!(diff <= w.diff)) {
                        w = new Worst(diff, step, p.key() + "[" + i + "]");
                    }
                }
            }
            return w;
        }

        @Override
        public String toString() {
            return String.format("%.2e (step %d, %s)", diff, step, param);
        }
    }

    /**
     * Float lockstep: the reference's float path ({@link FloatNetwork}) and DL4J in float, with the reference
     * in double beside them on the same batches.
     *
     * @param stacks               how far the float stacks part: reference float against DL4J float
     * @param referenceRounding    how far the reference's float rounding moves the run: its float against its double
     * @param dl4jRounding         how far DL4J's float rounding moves it: DL4J float against the reference's
     *                             double (which DL4J's double run matches to 1e-9: {@link #run})
     * @param differingPredictions test images the two float stacks' final weights classify differently (each
     *                             predicted through the reference's float kernels, so a difference is one of
     *                             the weights training left, not of the prediction pass)
     */
    public record FloatResult(int steps, Worst stacks, Worst referenceRounding, Worst dl4jRounding,
                              int differingPredictions, int testSize) {
    }

    /**
     * Tests only: applied to the learning rate of the reference's float side alone, so a test can make the
     * float stacks part and see the bound say so through the real path. Null (nothing) otherwise.
     */
    static volatile java.util.function.DoubleUnaryOperator floatFault;

    private Lockstep() {
    }

    /** Double lockstep: the reference's spec network and DL4J in double. */
    public static Result run(Network ref, Dataset train, Dataset test, OptimizerKind optimizer, double lr, double momentum,
                             int steps, int batchSize, long seed) {
        Side reference = new Side(ref, ref, optimizer.reference(lr, momentum));
        Dl4jSide dl4j = new Dl4jSide(ref, optimizer, lr, momentum, DataType.DOUBLE);
        Worst worst = new Worst(0, 0, "");
        for (int step = 1; step <= steps; step++) {
            Dataset.Batch b = batch(train, step, batchSize, seed);
            reference.step(b);
            dl4j.step(b, train, ref.classes());
            worst = worst.after(step, dl4j.mirror, ref, ref);
        }
        return new Result(steps, worst.diff(), worst.step(), worst.param(), ref.predict(test.x(), test.size()),
                dl4j.mirror.predict(test.x(), test.size()));
    }

    /**
     * Float lockstep from {@code ref}'s weights: the reference's float path on {@code ref}'s parameters (its
     * master weights, in double), DL4J in float, and a copy of {@code ref} trained in double on the spec's loops.
     */
    public static FloatResult runFloat(Network ref, Dataset train, Dataset test, OptimizerKind optimizer, double lr,
                                       double momentum, int steps, int batchSize, long seed) {
        Network twin = copy(ref); // before any step: the same initial weights
        java.util.function.DoubleUnaryOperator fault = floatFault;
        FloatNetwork lanes = new FloatNetwork(ref, 1);
        Side floats = new Side(lanes, ref, optimizer.reference(fault == null ? lr : fault.applyAsDouble(lr), momentum));
        Side doubles = new Side(twin, twin, optimizer.reference(lr, momentum));
        Dl4jSide dl4j = new Dl4jSide(ref, optimizer, lr, momentum, DataType.FLOAT);
        Worst stacks = new Worst(0, 0, "");
        Worst referenceRounding = stacks;
        Worst dl4jRounding = stacks;
        for (int step = 1; step <= steps; step++) {
            Dataset.Batch b = batch(train, step, batchSize, seed);
            floats.step(b);
            doubles.step(b);
            dl4j.step(b, train, ref.classes());
            stacks = stacks.after(step, ref, dl4j.mirror, twin);
            referenceRounding = referenceRounding.after(step, ref, twin, twin);
            dl4jRounding = dl4jRounding.after(step, dl4j.mirror, twin, twin);
        }
        int[] mine = lanes.predict(test.x(), test.size());
        int[] theirs = new FloatNetwork(dl4j.mirror, 1).predict(test.x(), test.size());
        int differing = 0;
        for (int i = 0; i < mine.length; i++) {
            differing += mine[i] == theirs[i] ? 0 : 1;
        }
        return new FloatResult(steps, stacks, referenceRounding, dl4jRounding, differing, test.size());
    }

    /** Step {@code step}'s batch (from 1), in the reference trainer's order: epoch by epoch, each its own shuffle. */
    private static Dataset.Batch batch(Dataset train, int step, int batchSize, long seed) {
        int n = train.size();
        int perEpoch = (n + batchSize - 1) / batchSize;
        int epoch = (step - 1) / perEpoch + 1;
        int from = ((step - 1) % perEpoch) * batchSize;
        int[] order = Trainer.epochOrder(seed, epoch, n);
        return train.batch(order, from, Math.min(from + batchSize, n));
    }

    /** A network of {@code ref}'s architecture holding a copy of its weights. */
    private static Network copy(Network ref) {
        Network twin = new Network(ref.architecture(), ref.inputShape());
        for (Network.NamedParam p : ref.params()) {
            double[] v = p.param().value();
            System.arraycopy(v, 0, twin.param(p.key()).value(), 0, v.length);
        }
        return twin;
    }

    /** A reference run: {@code model} computes (the spec, or a path on its parameters), {@code weights} holds them. */
    private static final class Side {
        private final Model model;
        private final Optimizer optimizer;
        private final List<Param> params;

        Side(Model model, Network weights, Optimizer optimizer) {
            this.model = model;
            this.optimizer = optimizer;
            this.params = weights.params().stream().map(Network.NamedParam::param).toList();
        }

        void step(Dataset.Batch b) {
            model.zeroGrad();
            model.lossAndGradient(b.x(), b.y(), b.n());
            optimizer.step(params);
        }
    }

    /** DL4J's run from {@code ref}'s initial weights; {@code mirror} holds its parameters, read back after each step. */
    private static final class Dl4jSide {
        private final Dl4jNetworks.Built built;
        private final DataType dtype;
        final Network mirror;

        Dl4jSide(Network ref, OptimizerKind optimizer, double lr, double momentum, DataType dtype) {
            this.built = Dl4jNetworks.build(ref.architecture(), ref.inputShape(), dtype, optimizer.dl4j(lr, momentum),
                    lab.reference.Init.XAVIER, 0);
            this.dtype = dtype;
            Dl4jParams.toDl4j(ref, built);
            this.mirror = new Network(ref.architecture(), ref.inputShape());
        }

        void step(Dataset.Batch b, Dataset train, int classes) {
            built.net().fit(Dl4jTrainer.dataSet(b, train.shape().size(), classes, dtype));
            Dl4jParams.fromDl4j(built, mirror);
        }
    }
}
