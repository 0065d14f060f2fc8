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

    @Property(tries = 150)
    void conv2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 0, max = 5) int extraH, @ForAll @IntRange(min = 0, max = 5) int extraW,
            @ForAll long seed) {
        // The smallest input the kernel fits (with padding), plus some.
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        Conv2D conv = new Conv2D(in, f, kh, kw, sh, sw, ph, pw);
        check(conv, n, seed);
    }

    /** The conv's geometry (stride, padding, non-square) with a kernel per position: dx, dW (per position), db. */
    @Property(tries = 100)
    void locallyConnected2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 0, max = 4) int extraH, @ForAll @IntRange(min = 0, max = 4) int extraW,
            @ForAll long seed) {
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        check(new LocallyConnected2D(in, f, kh, kw, sh, sw, ph, pw), n, seed);
    }

    @Property(tries = 50)
    void globalAvgPoolGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 6) int h, @ForAll @IntRange(min = 1, max = 6) int w,
            @ForAll long seed) {
        check(new GlobalAvgPool(new Shape(c, h, w)), n, seed);
    }

    @Property(tries = 100)
    void maxPool2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 3) int outH, @ForAll @IntRange(min = 1, max = 3) int outW,
            @ForAll long seed) {
        Shape in = new Shape(c, (outH - 1) * sh + kh, (outW - 1) * sw + kw); // windows tile exactly
        check(new MaxPool2D(in, kh, kw, sh, sw), n, seed);
    }

    @Property(tries = 100)
    void avgPool2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 3) int outH, @ForAll @IntRange(min = 1, max = 3) int outW,
            @ForAll long seed) {
        Shape in = new Shape(c, (outH - 1) * sh + kh, (outW - 1) * sw + kw);
        check(new AvgPool2D(in, kh, kw, sh, sw), n, seed);
    }

    @Property(tries = 100)
    void denseGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 4) int h, @ForAll @IntRange(min = 1, max = 4) int w,
            @ForAll @IntRange(min = 1, max = 12) int units, @ForAll long seed) {
        check(new Dense(new Shape(c, h, w), units), n, seed);
    }

    @Property(tries = 100)
    void reluGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll long seed) {
        check(new ReLU(new Shape(c, h, w)), n, seed);
    }

    @Property(tries = 100)
    void tanhGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll long seed) {
        check(new Tanh(new Shape(c, h, w)), n, seed);
    }

    @Property(tries = 30)
    void flattenGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 5) int h, @ForAll @IntRange(min = 1, max = 5) int w,
            @ForAll long seed) {
        check(new Flatten(new Shape(c, h, w)), n, seed);
    }

    @Property(tries = 100)
    void softmaxCrossEntropyGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 2, max = 12) int k,
            @ForAll long seed) {
        Random rng = new Random(seed);
        double[] logits = GradCheck.gaussian(n * k, rng);
        for (int i = 0; i < logits.length; i++) {
            logits[i] *= 3;
        }
        int[] labels = rng.ints(n, 0, k).toArray();
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(logits, labels, n, k);
        double[] analytic = loss.backward();
        GradCheck.assertPasses("softmax + cross-entropy, " + n + " x " + k, List.of(GradCheck.compare("dlogits",
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
