package lab.fast;

import java.util.ArrayList;
import java.util.List;

import lab.reference.Conv2D;
import lab.reference.Dense;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.ReLU;

/**
 * The one place that maps a spec layer to its fast twin, and the buffer rule the twins share. A twin runs
 * faster kernels on its spec layer's own {@code Param}s (the same W and b arrays), so training either trains
 * both; it is tested equal to the spec's loops (1e-12 relative), and gives the same bits whichever
 * {@link Kernels} it runs and over however many threads it splits a batch. A layer without fast kernels is
 * its own twin. The float path's layers ({@link #floatTwin}, {@link #floatTwins}) are chosen here too. Not a
 * registry: four layers have twins in each precision, in the settings their kernels know, and this says which.
 */
public final class Fast {

    private Fast() {
    }

    /**
     * The fast twin of {@code spec}, sharing its parameters, on {@code kernels} and splitting each batch over
     * {@code threads} threads; or {@code spec} itself if it has none. {@code inputGradient} false (a network's
     * first layer, whose dx nothing reads) lets the conv and dense twins skip dx and return null from backward.
     */
    public static Layer twin(Layer spec, boolean inputGradient, Kernels kernels, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (spec instanceof Conv2D conv && conv.spec().plain()) {
            return new FastConv2D(conv, inputGradient, kernels, threads);
        }
        if (spec instanceof Dense dense && dense.params().size() == 2) {
            return new FastDense(dense, inputGradient, kernels, threads);
        }
        if (spec instanceof ReLU relu) {
            return new FastReLU(relu, threads);
        }
        if (spec instanceof MaxPool2D pool && pool.window().withinInput(pool.inputShape().h(), pool.inputShape().w())) {
            return new FastMaxPool2D(pool, kernels, threads);
        }
        // The spec's own loops: no faster kernel written for it, or for these settings (the kernels know
        // neither dilation, nor Same's uneven padding, nor a layer without a bias, nor a pool that reads padding).
        return spec;
    }

    /** The twins of a network's layers, in order; the first skips its dx, which nothing reads. */
    public static List<Layer> twins(List<Layer> spec, Kernels kernels, int threads) {
        List<Layer> out = new ArrayList<>();
        for (int i = 0; i < spec.size(); i++) {
            out.add(twin(spec.get(i), i > 0, kernels, threads));
        }
        return out;
    }

    /**
     * The float layer of {@code spec} in a {@link FloatNetwork}: its float kernels where the double fast path
     * has them too (a plain stride-1 conv, a dense with a bias, ReLU, the 2x2 pool that tiles its input),
     * else the spec's own loops between float roundings ({@link FloatSpec}). {@code inputGradient} as in
     * {@link #twin}.
     */
    public static FloatLayer floatTwin(Layer spec, boolean inputGradient, Kernels kernels, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        if (spec instanceof Conv2D conv && conv.spec().plain()
                && Conv2DFast.applies(conv.window().sh(), conv.window().sw())) {
            return new FloatConv2D(conv, inputGradient, kernels, threads);
        }
        if (spec instanceof Dense dense && dense.params().size() == 2) {
            return new FloatDense(dense, inputGradient, kernels, threads);
        }
        if (spec instanceof ReLU) {
            return new FloatReLU(spec.inputShape().size(), threads);
        }
        if (spec instanceof MaxPool2D pool && FloatMaxPool2D.tiles(pool)) {
            return new FloatMaxPool2D(pool, kernels, threads);
        }
        return new FloatSpec(spec);
    }

    /** The float layers of a network's layers, in order; the first skips its dx, which nothing reads. */
    static List<FloatLayer> floatTwins(List<Layer> spec, Kernels kernels, int threads) {
        List<FloatLayer> out = new ArrayList<>();
        for (int i = 0; i < spec.size(); i++) {
            out.add(floatTwin(spec.get(i), i > 0, kernels, threads));
        }
        return out;
    }

    /**
     * {@code buffer} if it has {@code length} values, else a new array: the caller overwrites every value.
     * The twins write their outputs into buffers kept from the last batch, valid until their next call:
     * fresh megabyte arrays every batch cost more than the arithmetic of the layers around the convolutions.
     */
    static double[] reuse(double[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new double[length];
    }

    /** The same for a float buffer. */
    static float[] reuse(float[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new float[length];
    }

    /**
     * {@code values} rounded to float (to nearest), into {@code buffer} if it fits (null: a new array); null
     * stays null. The float path's one rounding of doubles: its inputs, weights and loss gradient, and a
     * benchmark's inputs to a float layer.
     */
    public static float[] narrow(double[] values, float[] buffer) {
        if (values == null) {
            return null;
        }
        float[] out = reuse(buffer, values.length);
        for (int i = 0; i < values.length; i++) {
            out[i] = (float) values[i];
        }
        return out;
    }

    /** {@code values} as doubles (exactly), into {@code buffer} if it fits. */
    static double[] widen(float[] values, double[] buffer) {
        double[] out = reuse(buffer, values.length);
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i];
        }
        return out;
    }

    /** grad[i] += part[i]: a float batch gradient into a parameter's double gradient. */
    static void addInto(float[] part, double[] grad) {
        for (int i = 0; i < part.length; i++) {
            grad[i] += part[i];
        }
    }
}
