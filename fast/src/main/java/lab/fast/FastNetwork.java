package lab.fast;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Shape;

/**
 * A spec {@link Network} run on the fast twins of its layers ({@link Fast#twin}), each layer splitting a
 * batch over a given number of threads: the same parameters (the twins hold the spec network's own
 * {@code Param}s), the same sums within 1e-12 relative. A layer splits only work whose every value is
 * computed the same way whoever computes it (an example's outputs, a row of a product), and adds the
 * examples' gradients in example order afterwards, so a step gives the same bits on every run AND on any
 * thread count, and on either {@link Kernels}. A layer's returned arrays are its own buffers, valid until
 * its next call (the logits excepted: always fresh). Not thread-safe itself; train it or its spec network,
 * not both at once.
 */
public final class FastNetwork implements Model {

    private final Network spec;
    private final int threads;
    private final Network twins; // the spec's architecture on the twins of its layers

    /**
     * {@code architecture} built and initialised as {@link Network#create} does (the same weights), run on
     * its fast twins with each batch split over {@code threads} threads (1 = the calling thread only).
     */
    public static FastNetwork create(Architecture architecture, Shape input, Init init, long seed, int threads) {
        return new FastNetwork(Network.create(architecture, input, init, seed), threads);
    }

    /** {@code spec}'s parameters, run on fast twins of its layers over {@code threads} threads. */
    public FastNetwork(Network spec, int threads) {
        this(spec, threads, Kernels.best());
    }

    /** The same on the given kernels (the same bits on either; {@link Kernels#best()} is the fastest here). */
    public FastNetwork(Network spec, int threads, Kernels kernels) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.spec = spec;
        this.threads = threads;
        twins = new Network(spec.architecture(), spec.inputShape(), Fast.twins(spec.layers(), kernels, threads));
    }

    /** x: (N, C, H, W) flat; returns the logits, (N, K). */
    public double[] forward(double[] x, int n) {
        return twins.forward(x, n);
    }

    /**
     * Forward, loss, backward: returns the mean loss and ADDS its gradient into every parameter's grad (the
     * spec network's). Call {@link #zeroGrad()} first.
     */
    @Override
    public double lossAndGradient(double[] x, int[] labels, int n) {
        return twins.lossAndGradient(x, labels, n);
    }

    @Override
    public int[] predict(double[] x, int n) {
        return twins.predict(x, n);
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
        return twins.lastProbabilities();
    }

    /** The spec network whose parameters this one runs: read its weights, or hand it to DL4J. */
    public Network spec() {
        return spec;
    }

    /** The layers it runs: the fast twins of the spec's layers (the spec's own where there is none). */
    public List<Layer> layers() {
        return twins.layers();
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
