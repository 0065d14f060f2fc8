package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The options on the existing layers, backward against central differences (see {@link GradCheck}) over
 * generated shapes: dilated and Same convs (odd and even kernels, strides that do not divide the side, so
 * Same pads asymmetrically), layers without a bias, max and average pools with padding, in floor mode on
 * sides the windows do not tile, and in Same mode. A gradient check proves backward is forward's derivative,
 * not that forward is right: two properties pin forward to the plain conv (a dilated kernel is a plain one
 * with holes; Same is Truncate on an input padded by hand), and {@link LayerOptionsKnownAnswerTest} has
 * answers worked by hand.
 */
class LayerOptionsGradientTest {

    static final int TRIES_DILATED_CONV = 150;

    @Property(tries = TRIES_DILATED_CONV)
    void dilatedConv2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 1, max = 3) int dh, @ForAll @IntRange(min = 1, max = 3) int dw,
            @ForAll @IntRange(min = 0, max = 4) int extraH, @ForAll @IntRange(min = 0, max = 4) int extraW,
            @ForAll boolean bias, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_DILATED_CONV, GradCheck.MIN_CHECKED_SHARE);
        // The smallest input the dilated kernel fits (with padding), plus some.
        Shape in = new Shape(c, Math.max(1, (kh - 1) * dh + 1 - 2 * ph) + extraH,
                Math.max(1, (kw - 1) * dw + 1 - 2 * pw) + extraW);
        check(new Conv2D(in, f, kh, kw, sh, sw, ph, pw, dh, dw, false, bias), n, seed);
    }

    static final int TRIES_SAME_CONV = 150;

    /** Kernels 1..4 (even ones pad one row more at the bottom), strides 1..3 on any side 1..7. */
    @Property(tries = TRIES_SAME_CONV)
    void sameConv2dGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 2) int dh, @ForAll @IntRange(min = 1, max = 2) int dw,
            @ForAll @IntRange(min = 1, max = 7) int h, @ForAll @IntRange(min = 1, max = 7) int w,
            @ForAll boolean bias, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_SAME_CONV, GradCheck.MIN_CHECKED_SHARE);
        Conv2D conv = new Conv2D(new Shape(c, h, w), f, kh, kw, sh, sw, 0, 0, dh, dw, true, bias);
        assertEquals(new Shape(f, (h + sh - 1) / sh, (w + sw - 1) / sw), conv.outputShape(), "ceil(H / SH)");
        check(conv, n, seed);
    }

    static final int TRIES_NOBIAS = 100;

    @Property(tries = TRIES_NOBIAS)
    void locallyConnected2dWithoutBiasGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 3) int k, @ForAll @IntRange(min = 1, max = 2) int s,
            @ForAll @IntRange(min = 0, max = 1) int p,
            @ForAll @IntRange(min = 0, max = 3) int extraH, @ForAll @IntRange(min = 0, max = 3) int extraW,
            @ForAll long seed) {
        GradCheck.requireChecked(TRIES_NOBIAS, GradCheck.MIN_CHECKED_SHARE);
        Shape in = new Shape(c, Math.max(1, k - 2 * p) + extraH, Math.max(1, k - 2 * p) + extraW);
        check(new LocallyConnected2D(in, f, k, k, s, s, p, p, false), n, seed);
    }

    @Property(tries = TRIES_NOBIAS)
    void denseWithoutBiasGradientMatchesCentralDifferences(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 4) int h, @ForAll @IntRange(min = 1, max = 4) int w,
            @ForAll @IntRange(min = 1, max = 12) int units, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_NOBIAS, GradCheck.MIN_CHECKED_SHARE);
        check(new Dense(new Shape(c, h, w), units, false), n, seed);
    }

    static final int TRIES_EQUIVALENCE = 100;

    /**
     * A layer without a bias lists W alone, and is the biased layer with b = 0: the same output, dx and dW,
     * bit for bit (a sum that starts at b = 0 is a sum that starts at 0).
     */
    @Property(tries = TRIES_EQUIVALENCE)
    void aLayerWithoutBiasIsTheBiasedLayerWithBZero(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 3) int f, @ForAll @IntRange(min = 1, max = 3) int k,
            @ForAll @IntRange(min = 1, max = 2) int s, @ForAll @IntRange(min = 1, max = 2) int d,
            @ForAll boolean same, @ForAll @IntRange(min = 0, max = 3) int extra, @ForAll long seed) {
        Shape in = new Shape(c, (k - 1) * d + 1 + extra, (k - 1) * d + 1 + extra);
        assertSameButB(new Conv2D(in, f, k, k, s, s, 0, 0, d, d, same, true),
                new Conv2D(in, f, k, k, s, s, 0, 0, d, d, same, false), n, seed);
        assertSameButB(new LocallyConnected2D(in, f, k, k, s, s, 0, 0),
                new LocallyConnected2D(in, f, k, k, s, s, 0, 0, false), n, seed);
        assertSameButB(new Dense(in, f), new Dense(in, f, false), n, seed);
    }

    private static void assertSameButB(Layer biased, Layer plain, int n, long seed) {
        assertEquals(List.of("W", "b"), biased.params().stream().map(Param::name).toList());
        assertEquals(List.of("W"), plain.params().stream().map(Param::name).toList(), plain.describe());
        Random rng = new Random(seed);
        GradCheck.randomize(List.of(plain), rng, 1.0);
        double[] w = plain.params().get(0).value();
        System.arraycopy(w, 0, biased.params().get(0).value(), 0, w.length); // b stays 0
        double[] x = GradCheck.gaussian(n * plain.inputShape().size(), rng);
        assertArrayEquals(biased.forward(x, n), plain.forward(x, n), 0, plain.describe() + " out");
        double[] dout = GradCheck.gaussian(n * plain.outputShape().size(), rng);
        assertArrayEquals(biased.backward(dout), plain.backward(dout), 0, plain.describe() + " dx");
        assertArrayEquals(biased.params().get(0).grad(), plain.params().get(0).grad(), 0, plain.describe() + " dW");
    }

    /**
     * Forward and backward of a dilated conv are those of a plain conv whose kernel has the dilated extent
     * and zeros between the taps: out, dx, and dW at the taps (up to the rounding of the zeros' products).
     */
    @Property(tries = TRIES_EQUIVALENCE)
    void aDilatedConvIsAPlainConvWithHolesInItsKernel(
            @ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 2) int f,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 2) int sh, @ForAll @IntRange(min = 1, max = 2) int sw,
            @ForAll @IntRange(min = 0, max = 2) int p,
            @ForAll @IntRange(min = 1, max = 3) int dh, @ForAll @IntRange(min = 1, max = 3) int dw,
            @ForAll @IntRange(min = 0, max = 3) int extra, @ForAll long seed) {
        int eh = (kh - 1) * dh + 1, ew = (kw - 1) * dw + 1;
        Shape in = new Shape(c, Math.max(1, eh - 2 * p) + extra, Math.max(1, ew - 2 * p) + extra);
        Conv2D dilated = new Conv2D(in, f, kh, kw, sh, sw, p, p, dh, dw, false, true);
        Conv2D holes = new Conv2D(in, f, eh, ew, sh, sw, p, p);
        Random rng = new Random(seed);
        GradCheck.randomize(List.of(dilated), rng, 1.0);
        double[] w = dilated.params().get(0).value(), wHoles = holes.params().get(0).value(); // (F, C, KH, KW)
        for (int i = 0; i < f * c; i++) { // each (f, c) kernel
            for (int y = 0; y < kh; y++) {
                for (int z = 0; z < kw; z++) {
                    wHoles[Index.at(0, i, y * dh, z * dw, f * c, eh, ew)] = w[Index.at(0, i, y, z, f * c, kh, kw)];
                }
            }
        }
        System.arraycopy(dilated.params().get(1).value(), 0, holes.params().get(1).value(), 0, f);
        double[] x = GradCheck.gaussian(n * in.size(), rng);
        assertEquals(holes.outputShape(), dilated.outputShape());
        assertClose(holes.forward(x, n), dilated.forward(x, n), "out");
        double[] dout = GradCheck.gaussian(n * dilated.outputShape().size(), rng);
        assertClose(holes.backward(dout), dilated.backward(dout), "dx");
        double[] dwHoles = holes.params().get(0).grad(), dwDilated = dilated.params().get(0).grad();
        for (int i = 0; i < f * c; i++) {
            for (int y = 0; y < kh; y++) {
                for (int z = 0; z < kw; z++) {
                    assertEquals(dwHoles[Index.at(0, i, y * dh, z * dw, f * c, eh, ew)],
                            dwDilated[Index.at(0, i, y, z, f * c, kh, kw)],
                            1e-12, "dW");
                }
            }
        }
    }

    /**
     * Same is Truncate on the input padded by hand, PT = total / 2 rows at the top and the rest at the
     * bottom (total = max(0, (OH - 1) SH + EH - H), OH = ceil(H / SH)), the same across: out, and dx on the
     * input's own positions, and dW.
     */
    @Property(tries = TRIES_EQUIVALENCE)
    void aSameConvIsATruncateConvOnTheInputPaddedByHand(
            @ForAll @IntRange(min = 1, max = 2) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 2) int f,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 2) int dh, @ForAll @IntRange(min = 1, max = 2) int dw,
            @ForAll @IntRange(min = 1, max = 7) int h, @ForAll @IntRange(min = 1, max = 7) int w,
            @ForAll long seed) {
        int totalH = Math.max(0, ((h + sh - 1) / sh - 1) * sh + (kh - 1) * dh + 1 - h);
        int totalW = Math.max(0, ((w + sw - 1) / sw - 1) * sw + (kw - 1) * dw + 1 - w);
        int top = totalH / 2, left = totalW / 2;
        Shape in = new Shape(c, h, w), padded = new Shape(c, h + totalH, w + totalW);
        Conv2D same = new Conv2D(in, f, kh, kw, sh, sw, 0, 0, dh, dw, true, true);
        Conv2D byHand = new Conv2D(padded, f, kh, kw, sh, sw, 0, 0, dh, dw, false, true);
        assertEquals(new Window(kh, kw, sh, sw, top, left, (h + sh - 1) / sh, (w + sw - 1) / sw, dh, dw),
                same.window());
        Random rng = new Random(seed);
        GradCheck.randomize(List.of(same), rng, 1.0);
        for (int i = 0; i < 2; i++) {
            double[] v = same.params().get(i).value();
            System.arraycopy(v, 0, byHand.params().get(i).value(), 0, v.length);
        }
        double[] x = GradCheck.gaussian(n * in.size(), rng);
        double[] xPadded = new double[n * padded.size()]; // (N, C, H + totalH, W + totalW), zero border
        for (int i = 0; i < n * c; i++) {
            for (int y = 0; y < h; y++) {
                for (int z = 0; z < w; z++) {
                    xPadded[Index.at(0, i, y + top, z + left, n * c, h + totalH, w + totalW)] =
                            x[Index.at(0, i, y, z, n * c, h, w)];
                }
            }
        }
        assertEquals(byHand.outputShape(), same.outputShape());
        assertClose(byHand.forward(xPadded, n), same.forward(x, n), "out");
        double[] dout = GradCheck.gaussian(n * same.outputShape().size(), rng);
        double[] dxPadded = byHand.backward(dout), dx = same.backward(dout);
        for (int i = 0; i < n * c; i++) {
            for (int y = 0; y < h; y++) {
                for (int z = 0; z < w; z++) {
                    assertEquals(dxPadded[Index.at(0, i, y + top, z + left, n * c, h + totalH, w + totalW)],
                            dx[Index.at(0, i, y, z, n * c, h, w)], 1e-12, "dx");
                }
            }
        }
        assertClose(byHand.params().get(0).grad(), same.params().get(0).grad(), "dW");
    }

    static final int TRIES_POOL = 150;

    /**
     * Floor mode with padding up to KH - 1 (a corner window can hold a single input row), on sides from
     * the smallest that fits to four more, so most do not tile: max and average alike.
     */
    @Property(tries = TRIES_POOL)
    void paddedFloorModePoolsGradientsMatchCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 3) int padH, @ForAll @IntRange(min = 0, max = 3) int padW,
            @ForAll @IntRange(min = 0, max = 4) int extraH, @ForAll @IntRange(min = 0, max = 4) int extraW,
            @ForAll boolean max, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_POOL, GradCheck.MIN_CHECKED_SHARE);
        int ph = padH % kh, pw = padW % kw; // smaller than the window
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        check(max ? new MaxPool2D(in, kh, kw, sh, sw, ph, pw, false, false)
                : new AvgPool2D(in, kh, kw, sh, sw, ph, pw, false, false), n, seed);
    }

    @Property(tries = TRIES_POOL)
    void samePoolsGradientsMatchCentralDifferences(
            @ForAll @IntRange(min = 1, max = 3) int n, @ForAll @IntRange(min = 1, max = 2) int c,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 1, max = 7) int h, @ForAll @IntRange(min = 1, max = 7) int w,
            @ForAll boolean max, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_POOL, GradCheck.MIN_CHECKED_SHARE);
        Shape in = new Shape(c, h, w);
        Pooling pool = max ? new MaxPool2D(in, kh, kw, sh, sw, 0, 0, true, false)
                : new AvgPool2D(in, kh, kw, sh, sw, 0, 0, true, false);
        assertEquals(new Shape(c, (h + sh - 1) / sh, (w + sw - 1) / sw), pool.outputShape(), "ceil(H / SH)");
        check(pool, n, seed);
    }

    /**
     * The windows that are mostly padding, for certain: a 3x3 window with padding 2 at stride 2, whose
     * corner windows hold one input of nine, and whose side windows three; on a 5x4 input, which they do not
     * tile across. Eight seeds each for max and average.
     */
    @org.junit.jupiter.api.Test
    void poolsOfWindowsThatAreMostlyPaddingMatchCentralDifferences() {
        Shape in = new Shape(2, 5, 4);
        for (long seed = 1; seed <= 8; seed++) {
            for (Pooling pool : List.of(new MaxPool2D(in, 3, 3, 2, 2, 2, 2, false, false),
                    new AvgPool2D(in, 3, 3, 2, 2, 2, 2, false, false))) {
                assertEquals(new Shape(2, 4, 3), pool.outputShape()); // (5 + 4 - 3) / 2 + 1, (4 + 4 - 3) / 2 + 1
                Random rng = new Random(seed);
                double[] x = GradCheck.gaussian(2 * in.size(), rng);
                assertTrue(GradCheck.judgedAwayFromKinks(pool.describe(), GradCheck.layer(pool, x, 2, rng)),
                        pool.describe() + " seed " + seed + " sat on kinks");
            }
        }
    }

    private static void assertClose(double[] expected, double[] actual, String what) {
        assertEquals(expected.length, actual.length, what + " length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual[i], 1e-12 * Math.max(1, Math.abs(expected[i])), what + "[" + i + "]");
        }
    }

    /** Random input and parameters (biases too), then check dx and each parameter's gradient. */
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
