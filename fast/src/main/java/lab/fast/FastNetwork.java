package lab.fast;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.SoftmaxCrossEntropy;

/**
 * A spec {@link Network} run on the fast twins of its layers ({@link Fast#twin}), each batch split over a
 * given number of threads: the same parameters (the twins hold the spec network's own {@code Param}s), the
 * same sums within 1e-12 relative. With T threads the batch is cut into T fixed contiguous chunks, each run
 * through its own lane (lane 0 the twins of the spec's layers, lane i twins of a copy holding its values),
 * and the chunks' gradients are added in chunk order: the same bits on every run, whatever the scheduling
 * (a different T rounds differently, within 1e-12). A layer's returned arrays are its own buffers, valid
 * until its next call (the logits excepted: always fresh). Not thread-safe itself; train it or its spec
 * network, not both at once.
 */
public final class FastNetwork implements Model {

    private final Network spec;
    private final int threads;
    // lanes.get(0) runs the spec's parameters; lane i > 0 runs copies: before each split batch they take the
    // current values, after it their gradients are added into lane 0's in chunk order.
    private final List<Network> lanes = new ArrayList<>();
    private final List<SoftmaxCrossEntropy> losses = new ArrayList<>(); // one per lane, for split batches
    private double[] splitProbabilities; // (N, K), when the last loss was computed in chunks

    /**
     * {@code architecture} built and initialised as {@link Network#create} does (the same weights), run on
     * its fast twins with each batch split over {@code threads} threads (1 = the calling thread only).
     */
    public static FastNetwork create(Architecture architecture, Shape input, Init init, long seed, int threads) {
        return new FastNetwork(Network.create(architecture, input, init, seed), threads);
    }

    /** {@code spec}'s parameters, run on fast twins of its layers over {@code threads} threads. */
    public FastNetwork(Network spec, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.spec = spec;
        this.threads = threads;
        Architecture architecture = spec.architecture();
        Shape input = spec.inputShape();
        lanes.add(new Network(architecture, input, Fast.twins(spec.layers())));
        for (int i = 1; i < threads; i++) {
            lanes.add(new Network(architecture, input, Fast.twins(architecture.layers(input))));
        }
        for (int i = 0; i < threads; i++) {
            losses.add(new SoftmaxCrossEntropy());
        }
    }

    /** x: (N, C, H, W) flat; returns the logits, (N, K). */
    public double[] forward(double[] x, int n) {
        int chunks = chunks(n);
        if (chunks == 1) {
            return lanes.get(0).forward(x, n);
        }
        Layer.checkBatch(layers().get(0), "input", x, n, inputShape());
        copyValuesToLanes(chunks);
        double[][] logits = new double[chunks][];
        int d = inputShape().size();
        Parallel.forEachChunk(threads, n, (c, from, to) ->
                logits[c] = lanes.get(c).forward(Arrays.copyOfRange(x, from * d, to * d), to - from));
        return concat(logits, n * classes());
    }

    /**
     * Forward, loss, backward: returns the mean loss and ADDS its gradient into every parameter's grad (the
     * spec network's). Call {@link #zeroGrad()} first.
     */
    @Override
    public double lossAndGradient(double[] x, int[] labels, int n) {
        int chunks = chunks(n);
        if (chunks == 1) {
            splitProbabilities = null;
            return lanes.get(0).lossAndGradient(x, labels, n);
        }
        Layer.checkBatch(layers().get(0), "input", x, n, inputShape());
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("loss: " + n + " examples but "
                    + (labels == null ? "no" : labels.length) + " labels");
        }
        copyValuesToLanes(chunks);
        for (int c = 1; c < chunks; c++) {
            lanes.get(c).zeroGrad();
        }
        double[] lossSums = new double[chunks];
        int d = inputShape().size();
        int k = classes();
        Parallel.forEachChunk(threads, n, (c, from, to) -> {
            Network lane = lanes.get(c);
            double[] logits = lane.forward(Arrays.copyOfRange(x, from * d, to * d), to - from);
            lossSums[c] = losses.get(c).forward(logits, Arrays.copyOfRange(labels, from, to), to - from, k)
                    * (to - from);
            lane.backward(losses.get(c).backward(n)); // (p - onehot) / N, N the whole batch
        });
        // Every chunk's gradient, added in chunk order: the weights are shared by the whole batch.
        List<Network.NamedParam> into = lanes.get(0).params();
        for (int c = 1; c < chunks; c++) {
            List<Network.NamedParam> from = lanes.get(c).params();
            for (int p = 0; p < into.size(); p++) {
                double[] g = into.get(p).param().grad();
                double[] h = from.get(p).param().grad();
                for (int j = 0; j < g.length; j++) {
                    g[j] += h[j];
                }
            }
        }
        double[][] probabilities = new double[chunks][];
        double sum = 0;
        for (int c = 0; c < chunks; c++) {
            sum += lossSums[c];
            probabilities[c] = losses.get(c).probabilities();
        }
        splitProbabilities = concat(probabilities, n * k);
        return sum / n;
    }

    /** How many chunks a batch of n is cut into: one per thread, but none empty. */
    private int chunks(int n) {
        return Parallel.chunks(threads, n);
    }

    /** Lanes 1 .. chunks-1 take lane 0's current parameter values. */
    private void copyValuesToLanes(int chunks) {
        List<Network.NamedParam> from = lanes.get(0).params();
        for (int c = 1; c < chunks; c++) {
            List<Network.NamedParam> to = lanes.get(c).params();
            for (int p = 0; p < from.size(); p++) {
                Param a = from.get(p).param();
                System.arraycopy(a.value(), 0, to.get(p).param().value(), 0, a.size());
            }
        }
    }

    private static double[] concat(double[][] parts, int length) {
        double[] out = new double[length];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    @Override
    public int[] predict(double[] x, int n) {
        return Network.argmax(forward(x, n), n, classes());
    }

    @Override
    public void zeroGrad() {
        spec.zeroGrad();
    }

    /** The spec network's parameters, which this network trains. */
    @Override
    public List<Network.NamedParam> params() {
        return spec.params();
    }

    @Override
    public double[] lastProbabilities() {
        return splitProbabilities != null ? splitProbabilities : lanes.get(0).lastProbabilities();
    }

    /** The spec network whose parameters this one runs: read its weights, or hand it to DL4J. */
    public Network spec() {
        return spec;
    }

    /** The layers lane 0 runs: the fast twins of the spec's layers (the spec's own where there is none). */
    public List<Layer> layers() {
        return lanes.get(0).layers();
    }

    public int threads() {
        return threads;
    }

    @Override
    public Shape inputShape() {
        return spec.inputShape();
    }

    @Override
    public int classes() {
        return spec.classes();
    }
}
