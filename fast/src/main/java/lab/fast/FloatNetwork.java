package lab.fast;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Shape;
import lab.reference.SoftmaxCrossEntropy;

/**
 * A spec {@link Network} computed in float32: the values between layers, every layer's forward and
 * backward, and the conv and dense kernels in float lanes (twice as many per vector as double). The
 * weights stay the spec network's double {@code Param}s, the master copy the optimizers update in double:
 * each forward rounds them to float, each backward adds its float batch gradient into their double grads
 * (mixed precision, with double master weights). The loss and its gradient are computed in double from
 * the float logits, then rounded. A layer without float kernels runs the spec's loops between float
 * roundings ({@link Fast#floatTwin}).
 *
 * <p>What it promises is what {@link FastNetwork} promises, in float: each value is the same chain of
 * float operations whoever computes it, so a step gives the same bits on any thread count, either
 * {@link Kernels}, and any vector width. It does not give the double path's numbers: it is tested against
 * them within float's rounding, the terms' sizes times float's rtol. Not thread-safe.
 */
public final class FloatNetwork implements Model {

    private final Network spec;
    private final int threads;
    private final List<FloatLayer> layers;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private float[] input; // the last batch, rounded to float
    private float[] dlogits;

    /** {@code architecture} built and initialised as {@link Network#create} does, run in float. */
    public static FloatNetwork create(Architecture architecture, Shape input, Init init, long seed, int threads) {
        return new FloatNetwork(Network.create(architecture, input, init, seed), threads);
    }

    /** {@code spec}'s parameters, computed in float over {@code threads} threads on the fastest kernels here. */
    public FloatNetwork(Network spec, int threads) {
        this(spec, threads, Kernels.best());
    }

    /** The same on the given kernels (the same bits on either). */
    public FloatNetwork(Network spec, int threads, Kernels kernels) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        this.spec = spec;
        this.threads = threads;
        layers = List.copyOf(Fast.floatTwins(spec.layers(), kernels, threads));
    }

    /** x: (N, C, H, W) flat, rounded to float on the way in; returns the logits (N, K), float values. */
    public double[] forward(double[] x, int n) {
        float[] a = roundInput(x, n);
        for (FloatLayer layer : layers) {
            a = layer.forward(a, n);
        }
        return Fast.widen(a, null);
    }

    /**
     * Forward, loss, backward: returns the mean loss and ADDS its gradient into every parameter's (double)
     * grad. Call {@link #zeroGrad()} first.
     */
    @Override
    public double lossAndGradient(double[] x, int[] labels, int n) {
        double value = loss.forward(forward(x, n), labels, n, classes());
        float[] d = dlogits = Fast.narrow(loss.backward(), dlogits); // (p - onehot) / N
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
        return value;
    }

    /** The most probable class of each example (the first, on a tie), each layer run as at evaluation. */
    @Override
    public int[] predict(double[] x, int n) {
        float[] a = roundInput(x, n);
        for (FloatLayer layer : layers) {
            a = layer.infer(a, n);
        }
        return Network.argmax(Fast.widen(a, null), n, classes());
    }

    /** x checked as the spec's first layer checks it, then rounded to float into a buffer kept between batches. */
    private float[] roundInput(double[] x, int n) {
        Layer.checkBatch(spec.layers().get(0), "input", x, n, spec.inputShape());
        return input = Fast.narrow(x, input);
    }

    @Override
    public void zeroGrad() {
        spec.zeroGrad();
    }

    /** The spec network's parameters: the double master weights this network trains. */
    @Override
    public List<Network.NamedParam> params() {
        return spec.params();
    }

    @Override
    public double[] lastProbabilities() {
        return loss.probabilities();
    }

    /** The spec network whose parameters this one trains: read its weights, or hand it to DL4J. */
    public Network spec() {
        return spec;
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
