package lab.reference;

import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Every layer's backward against central differences (see {@link GradCheck}), over generated shapes:
 * strides above 1, padding, several channels, non-square inputs and kernels, batch sizes 1..4.
 */
class LayerGradientTest {

    static final int TRIES_CONV2D = 150;

    @Property(tries = TRIES_CONV2D)
    void conv2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 0, max = 5) int extraH, @ForAll @IntRange(min = 0, max = 5) int extraW,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_CONV2D, GradCheck.MIN_CHECKED_SHARE);
        // The smallest input the kernel fits (with padding), plus some.
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        Conv2D conv = new Conv2D(in, f, kh, kw, sh, sw, ph, pw);
        check(conv, n, seed);
    }

    static final int TRIES_LOCALLY_CONNECTED2D = 100;

    /** The conv's geometry (stride, padding, non-square) with a kernel per position: dx, dW (per position), db. */
    @Property(tries = TRIES_LOCALLY_CONNECTED2D)
    void locallyConnected2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 0, max = 4) int extraH, @ForAll @IntRange(min = 0, max = 4) int extraW,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_LOCALLY_CONNECTED2D, GradCheck.MIN_CHECKED_SHARE);
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        check(new LocallyConnected2D(in, f, kh, kw, sh, sw, ph, pw), n, seed);
    }

    static final int TRIES_GLOBAL_AVG_POOL = 50;

    @Property(tries = TRIES_GLOBAL_AVG_POOL)
    void globalAvgPoolGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 6) int h, @ForAll @IntRange(min = 1, max = 6) int w,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_GLOBAL_AVG_POOL, GradCheck.MIN_CHECKED_SHARE);
        check(new GlobalAvgPool(new Shape(c, h, w)), n, seed);
    }

    static final int TRIES_MAX_POOL2D = 100;

    @Property(tries = TRIES_MAX_POOL2D)
    void maxPool2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 3) int outH, @ForAll @IntRange(min = 1, max = 3) int outW,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_MAX_POOL2D, GradCheck.MIN_CHECKED_SHARE);
        Shape in = new Shape(c, (outH - 1) * sh + kh, (outW - 1) * sw + kw); // windows tile exactly
        check(new MaxPool2D(in, kh, kw, sh, sw), n, seed);
    }

    static final int TRIES_AVG_POOL2D = 100;

    @Property(tries = TRIES_AVG_POOL2D)
    void avgPool2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 3) int outH, @ForAll @IntRange(min = 1, max = 3) int outW,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_AVG_POOL2D, GradCheck.MIN_CHECKED_SHARE);
        Shape in = new Shape(c, (outH - 1) * sh + kh, (outW - 1) * sw + kw);
        check(new AvgPool2D(in, kh, kw, sh, sw), n, seed);
    }

    static final int TRIES_DENSE = 100;

    @Property(tries = TRIES_DENSE)
    void denseGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 4) int h, @ForAll @IntRange(min = 1, max = 4) int w,
            @ForAll @IntRange(min = 1, max = 12) int units, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_DENSE, GradCheck.MIN_CHECKED_SHARE);
        check(new Dense(new Shape(c, h, w), units), n, seed);
    }

    static final int TRIES_RELU = 100;

    @Property(tries = TRIES_RELU)
    void reluGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_RELU, GradCheck.MIN_CHECKED_SHARE);
        check(new ReLU(new Shape(c, h, w)), n, seed);
    }

    static final int TRIES_TANH = 100;

    @Property(tries = TRIES_TANH)
    void tanhGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_TANH, GradCheck.MIN_CHECKED_SHARE);
        check(new Tanh(new Shape(c, h, w)), n, seed);
    }

    static final int TRIES_FLATTEN = 30;

    @Property(tries = TRIES_FLATTEN)
    void flattenGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_FLATTEN, GradCheck.MIN_CHECKED_SHARE);
        check(new Flatten(new Shape(c, h, w)), n, seed);
    }

    static final int TRIES_SOFTMAX_CROSS_ENTROPY = 100;

    @Property(tries = TRIES_SOFTMAX_CROSS_ENTROPY)
    void softmaxCrossEntropyGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 2, max = 12) int k,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_SOFTMAX_CROSS_ENTROPY, GradCheck.MIN_CHECKED_SHARE);
        Random rng = new Random(seed);
        double[] logits = GradCheck.gaussian(n * k, rng);
        for (int i = 0; i < logits.length; i++) {
            logits[i] *= 3;
        }
        int[] labels = rng.ints(n, 0, k).toArray();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(logits, labels, n, k);
        double[] analytic = loss.backward();
        GradCheck.assertPasses("softmax + cross-entropy, " + n + " x " + k, List.of(CentralDifference.compare("dlogits",
                logits, analytic, () -> loss.forward(logits, labels, n, k), () -> new int[0], rng)));
    }

    /** Random input and parameters (biases too, so ReLUs and maxima rarely sit on a kink), then check. */
    private static void check(Layer layer, int n, long seed) {
        Random rng = new Random(seed);
        GradCheck.randomize(List.of(layer), rng, 1.0);
        double[] x = GradCheck.gaussian(n * layer.inputShape().size(), rng);
        GradCheck.assertPasses(layer.describe() + " on " + n + " x " + layer.inputShape(),
                GradCheck.layer(layer, x, n, rng));
    }

    @AfterContainer
    static void printWorstErrors() {
        System.out.println(GradCheck.summary());
    }
}
