package lab.fast;

import static lab.fast.Conv2DDirectTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dense;
import lab.reference.GradCheck;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.ReLU;
import lab.reference.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The fast path (the twins of {@link Fast#twin}, and {@link FastNetwork}) against the naive loops, which
 * are the spec: every layer kernel on generated shapes, then whole networks on 1 to 3 threads, batches
 * smaller than the thread count included. All within 1e-12 relative (the fast kernels use fused multiply-adds and add in another
 * order, so the last bits differ).
 */
class FastPathTest {

    @Property(tries = 300)
    void fastConvEqualsTheNaiveLoops(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 4) int f,
            @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
            @ForAll @IntRange(min = 1, max = 2) int sh, @ForAll @IntRange(min = 1, max = 2) int sw,
            @ForAll @IntRange(min = 0, max = 3) int ph, @ForAll @IntRange(min = 0, max = 3) int pw,
            @ForAll @IntRange(min = 0, max = 9) int extraH, @ForAll @IntRange(min = 0, max = 9) int extraW,
            @ForAll long seed) {
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        Conv2D naive = new Conv2D(in, f, kh, kw, sh, sw, ph, pw);
        Layer fast = Fast.twin(new Conv2D(in, f, kh, kw, sh, sw, ph, pw), true, Kernels.best(), 1);
        sameLayer(naive, fast, n, new Random(seed));
    }

    /** Dense, ReLU and max-pool (ties included: half the inputs are clipped to exact zeros). */
    @Property(tries = 200)
    void fastDenseReluAndMaxPoolEqualTheNaiveLoops(
            @ForAll @IntRange(min = 1, max = 5) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 4) int rows, @ForAll @IntRange(min = 0, max = 4) int cols,
            @ForAll @IntRange(min = 1, max = 12) int units, @ForAll boolean clipped, @ForAll long seed) {
        Shape in = new Shape(c, kh + sh * rows, kw + sw * cols);
        Dense naiveDense = new Dense(in, units);
        Layer fastDense = Fast.twin(new Dense(in, units), true, Kernels.best(), 1);
        sameLayer(naiveDense, fastDense, n, new Random(seed), false);
        Layer fastRelu = Fast.twin(new ReLU(in), true, Kernels.best(), 1);
        sameLayer(new ReLU(in), fastRelu, n, new Random(seed), clipped);
        Layer fastPool = Fast.twin(new MaxPool2D(in, kh, kw, sh, sw), true, Kernels.best(), 1);
        sameLayer(new MaxPool2D(in, kh, kw, sh, sw), fastPool, n, new Random(seed), clipped);
    }

    /**
     * One fast layer fed batches of 5, then 3, then 5 (the buffers it keeps must follow the batch size,
     * down and up again), each compared with the naive layer. Filters 5-9 and C*KH*KW taps 5-9 are the
     * GEMM's row counts (F forward, C*KH*KW for dx) and inner counts: odd rows above 5 (the one-row tail
     * after pairs) and every remainder of the inner blocking by 3.
     */
    @Test
    void fastConvFollowsTheBatchSizeAndEveryGemmTailEqualsTheNaiveLoops() {
        int[][] taps = {{7, 1, 1}, {1, 3, 3}, {2, 2, 2}, {2, 3, 1}, {1, 1, 5}}; // C, KH, KW: 7, 9, 8, 6, 5 taps
        Random rng = new Random(17);
        for (int f = 5; f <= 9; f++) {
            for (int[] t : taps) {
                for (int stride : new int[] {1, 2}) { // Conv2DFast, and Conv2DDirect
                    Shape in = new Shape(t[0], t[1] + 4, t[2] + 3);
                    Conv2D naive = new Conv2D(in, f, t[1], t[2], stride, stride, 1, 0);
                    Layer fast = Fast.twin(new Conv2D(in, f, t[1], t[2], stride, stride, 1, 0), true, Kernels.best(),
                            1);
                    for (int n : new int[] {5, 3, 5}) {
                        sameLayer(naive, fast, n, rng);
                    }
                }
            }
        }
    }

    /** Dense (rows: the batch forward, the in-features for dW), ReLU and max-pool at batches 5, 3, 7, 5. */
    @Test
    void fastDenseReluAndMaxPoolFollowTheBatchSize() {
        Random rng = new Random(18);
        for (int d : new int[] {5, 6, 7, 9}) {
            for (int units : new int[] {1, 5, 7}) {
                Dense naive = new Dense(Shape.vector(d), units);
                Layer fast = Fast.twin(new Dense(Shape.vector(d), units), true, Kernels.best(), 1);
                for (int n : new int[] {5, 3, 7, 5}) {
                    sameLayer(naive, fast, n, rng);
                }
            }
        }
        Shape in = new Shape(2, 6, 4);
        Layer fastRelu = Fast.twin(new ReLU(in), true, Kernels.best(), 1);
        Layer fastPool = Fast.twin(new MaxPool2D(in, 2, 2, 2, 2), true, Kernels.best(), 1);
        ReLU naiveRelu = new ReLU(in);
        MaxPool2D naivePool = new MaxPool2D(in, 2, 2, 2, 2);
        for (int n : new int[] {5, 3, 7, 5}) {
            sameLayer(naiveRelu, fastRelu, n, rng, true);
            sameLayer(naivePool, fastPool, n, rng, true);
        }
    }

    /** A whole fast network (every fast kernel in it) at batches 5, 3, 5 on 1 and 2 threads, against the naive. */
    @Test
    void fastNetworkFollowsTheBatchSize() {
        Shape in = new Shape(1, 8, 8);
        String arch = "conv(7,k3,p1)-relu-maxpool(2)-conv(5,k2x3,s2x1,p1)-relu-dense(9)-relu-dense(3)";
        for (int threads : new int[] {1, 2}) {
            Network naive = Network.create(Architecture.of(arch), in, Init.XAVIER, 4);
            FastNetwork fast = FastNetwork.create(Architecture.of(arch), in, Init.XAVIER, 4, threads);
            Random rng = new Random(threads);
            for (int n : new int[] {5, 3, 5}) {
                double[] x = GradCheck.gaussian(n * in.size(), rng);
                int[] y = rng.ints(n, 0, 3).toArray();
                naive.zeroGrad();
                fast.zeroGrad();
                assertClose("loss at batch " + n, new double[] {naive.lossAndGradient(x, y, n)},
                        new double[] {fast.lossAndGradient(x, y, n)}, 1e-12);
                for (Network.NamedParam p : naive.params()) {
                    assertClose(p.key() + " at batch " + n, p.param().grad(), fast.spec().param(p.key()).grad(), 1e-12);
                }
                assertClose("logits at batch " + n, naive.forward(x, n), fast.forward(x, n), 1e-12);
            }
        }
    }

    /**
     * The fast kernels really run in a {@link FastNetwork} (so the tests above compare two different codes):
     * its conv, ReLU, max-pool and dense layers are twins, not the spec's layers, holding the spec's very
     * Param objects; its stride-1 conv, ReLU and max-pool hand back the buffer they keep (the same array on
     * every batch of one size, where the naive loops allocate), and its dense and stride-2 conv layers give
     * results that differ from the naive loops' in the last bits (fused multiply-adds, another order).
     */
    @Test
    void theFastNetworkRunsTwinsOnTheSpecsOwnParameters() {
        Shape in = new Shape(1, 8, 8);
        String arch = "conv(4,k3,p1)-relu-maxpool(2)-conv(6,k3,s2,p1)-relu-dense(9)-dense(3)";
        FastNetwork fast = FastNetwork.create(Architecture.of(arch), in, Init.XAVIER, 5, 1);
        Network naive = Network.create(Architecture.of(arch), in, Init.XAVIER, 5);
        for (int i = 0; i < naive.layers().size(); i++) {
            Layer twin = fast.layers().get(i);
            Layer spec = fast.spec().layers().get(i);
            assertNotSame(spec, twin, i + " " + spec.describe() + ": a fast twin, not the spec's layer");
            assertEquals(spec.describe(), twin.describe());
            for (int p = 0; p < spec.params().size(); p++) {
                assertSame(spec.params().get(p), twin.params().get(p), i + " " + spec.describe() + ": the spec's Param");
            }
        }
        Random rng = new Random(5);
        int n = 6;
        for (int i : new int[] {0, 1, 2, 4}) { // conv (stride 1), relu, maxpool, relu
            Layer fastLayer = fast.layers().get(i);
            Layer naiveLayer = naive.layers().get(i);
            double[] input = GradCheck.gaussian(n * fastLayer.inputShape().size(), rng);
            String what = i + " " + fastLayer.describe();
            assertTrue(fastLayer.forward(input, n) == fastLayer.forward(input.clone(), n), what + ": fast path keeps its buffer");
            assertTrue(naiveLayer.forward(input, n) != naiveLayer.forward(input, n), what + ": naive loops allocate");
        }
        for (int i : new int[] {3, 5, 6}) { // conv stride 2 (Conv2DDirect), dense, dense: same weights, same input
            Layer fastLayer = fast.layers().get(i);
            Layer naiveLayer = naive.layers().get(i);
            double[] input = GradCheck.gaussian(n * fastLayer.inputShape().size(), rng);
            double[] dout = GradCheck.gaussian(n * fastLayer.outputShape().size(), rng);
            zeroGrads(fastLayer);
            zeroGrads(naiveLayer);
            boolean differs = !java.util.Arrays.equals(fastLayer.forward(input, n), naiveLayer.forward(input, n));
            differs |= !java.util.Arrays.equals(fastLayer.backward(dout), naiveLayer.backward(dout));
            differs |= !java.util.Arrays.equals(fastLayer.params().get(0).grad(), naiveLayer.params().get(0).grad());
            assertTrue(differs, i + " " + fastLayer.describe()
                    + ": the fast kernels add in another order, so some last bits must differ");
        }
    }

    @Test
    void aFastNetworkRefusesFewerThanOneThread() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FastNetwork.create(Architecture.of("mlp"), new Shape(1, 8, 8), Init.HE, 1, 0));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }

    /** The max-pool twin gives KnownAnswerTest's answers on windows of NaN and -infinity (see there). */
    @Test
    void fastMaxPoolOverWindowsOfNanOrMinusInfinityPicksTheSpecsInputs() {
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[] x = {-inf, -inf, nan, nan, 1, nan, 5, 7,
                      -inf, -inf, nan, nan, 3, nan, nan, 2};
        FastMaxPool2D pool = (FastMaxPool2D) Fast.twin(new MaxPool2D(new Shape(1, 2, 8), 2, 2, 2, 2), true,
                Kernels.best(), 1);
        double[] out = pool.forward(x, 1);
        assertEquals(-inf, out[0]);
        assertTrue(Double.isNaN(out[1]) && Double.isNaN(out[2]) && Double.isNaN(out[3]),
                "NaN propagates, got " + java.util.Arrays.toString(out));
        assertArrayEquals(new int[] {0, 2, 5, 14}, pool.argmax());
        double[] expected = new double[16];
        expected[0] = 1;
        expected[2] = 2;
        expected[5] = 3;
        expected[14] = 4;
        assertArrayEquals(expected, pool.backward(new double[] {1, 2, 3, 4}), 0);
    }

    private static void sameLayer(Layer naive, Layer fast, int n, Random rng) {
        sameLayer(naive, fast, n, rng, false);
    }

    /**
     * Both layers get the same random parameters, input and dout; every output and gradient must agree.
     * {@code clipped}: negative inputs become exact zeros, so max-pool windows tie and ReLU sits on its kink.
     * Layers without parameters must agree exactly. Conv and dense sums may differ in rounding, so each
     * value is compared with 1e-12 of the size of its terms, sum |w| |x|: the naive layer run again on
     * absolute values gives exactly that, and no cancellation in the true sum can fail the test.
     */
    private static void sameLayer(Layer naive, Layer fast, int n, Random rng, boolean clipped) {
        GradCheck.randomize(List.of(naive), rng, 1.0);
        for (int p = 0; p < naive.params().size(); p++) {
            System.arraycopy(naive.params().get(p).value(), 0, fast.params().get(p).value(), 0,
                    naive.params().get(p).size());
        }
        double[] x = GradCheck.gaussian(n * naive.inputShape().size(), rng);
        if (clipped) {
            for (int i = 0; i < x.length; i++) {
                x[i] = Math.max(x[i], 0.0);
            }
        }
        double[] dout = GradCheck.gaussian(n * naive.outputShape().size(), rng);
        boolean exact = naive.params().isEmpty();
        // Twice: the fast path reuses its buffers from one batch to the next.
        for (int round = 0; round < 2; round++) {
            zeroGrads(naive);
            zeroGrads(fast);
            double[] out = naive.forward(x, n);
            double[] fastOut = fast.forward(x, n);
            double[] dx = naive.backward(dout);
            double[] fastDx = fast.backward(dout);
            List<double[]> grads = naive.params().stream().map(p -> p.grad().clone()).toList();
            // the size of every sum's terms: the naive layer on |x|, |w|, |b| and |dout|
            double[] outMag = out, dxMag = dx;
            List<double[]> gradMags = grads;
            if (!exact) {
                List<double[]> values = naive.params().stream().map(p -> p.value().clone()).toList();
                for (Param p : naive.params()) {
                    p.zeroGrad();
                    for (int i = 0; i < p.size(); i++) {
                        p.value()[i] = Math.abs(p.value()[i]);
                    }
                }
                outMag = naive.forward(abs(x), n);
                dxMag = naive.backward(abs(dout));
                gradMags = naive.params().stream().map(p -> p.grad().clone()).toList();
                for (int p = 0; p < values.size(); p++) {
                    System.arraycopy(values.get(p), 0, naive.params().get(p).value(), 0, values.get(p).length);
                }
            }
            assertWithin("out", out, fastOut, outMag, exact);
            assertWithin("dx", dx, fastDx, dxMag, exact);
            for (int p = 0; p < grads.size(); p++) {
                assertWithin(naive.params().get(p).name(), grads.get(p), fast.params().get(p).grad(),
                        gradMags.get(p), exact);
            }
        }
    }

    private static void zeroGrads(Layer layer) {
        for (Param p : layer.params()) {
            p.zeroGrad();
        }
    }

    private static double[] abs(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.abs(v[i]);
        }
        return out;
    }

    /** |a - b| <= 1e-12 * magnitude, value by value (exact: a == b); a failure names the index and values. */
    private static void assertWithin(String what, double[] a, double[] b, double[] magnitude, boolean exact) {
        assertEquals(a.length, b.length, what + ": lengths");
        for (int i = 0; i < a.length; i++) {
            double bound = exact ? 0 : 1e-12 * magnitude[i];
            if (!(Math.abs(a[i] - b[i]) <= bound)) {
                throw new AssertionError(what + "[" + i + "]: naive " + a[i] + ", fast " + b[i] + ", allowed "
                        + bound);
            }
        }
    }

    /** Loss, probabilities and every named gradient of a whole network, fast on 1-3 threads vs naive. */
    @Property(tries = 60)
    void fastNetworkOnAnyThreadCountEqualsTheNaive(
            @ForAll @IntRange(min = 0, max = 4) int which, @ForAll @IntRange(min = 1, max = 3) int threads,
            @ForAll @IntRange(min = 1, max = 5) int n, @ForAll long seed) {
        String arch = List.of("cnn", "mlp", "book-cnn", "conv(3,k3,s2)-relu-maxpool(k3,s1)-dense(4)",
                "conv(2,k2,p1)-tanh-avgpool(3)-conv(3,k1)-relu-dense(5)").get(which);
        Shape in = new Shape(which == 4 ? 2 : 1, 8, 8);
        Network naive = Network.create(Architecture.of(arch), in, Init.XAVIER, seed);
        FastNetwork fast = FastNetwork.create(Architecture.of(arch), in, Init.XAVIER, seed, threads);
        Random rng = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(naive.classes());
        }
        double[] x = GradCheck.gaussian(n * in.size(), rng);
        for (int round = 0; round < 2; round++) {
            naive.zeroGrad();
            fast.zeroGrad();
            double a = naive.lossAndGradient(x, y, n);
            double b = fast.lossAndGradient(x, y, n);
            assertClose("loss", new double[] {a}, new double[] {b}, 1e-12);
            assertClose("probabilities", naive.lastProbabilities(), fast.lastProbabilities(), 1e-12);
            for (Network.NamedParam p : naive.params()) {
                assertClose(p.key(), p.param().grad(), fast.spec().param(p.key()).grad(), 1e-12);
            }
            assertClose("logits", naive.forward(x, n), fast.forward(x, n), 1e-12);
            assertArrayEquals(naive.predict(x, n), fast.predict(x, n));
            x[0] += 0.5; // a second, different batch through the reused buffers
        }
    }

    /** The chunks are fixed by (batch, threads), so a repeated step gives the same bits, thread timing aside. */
    @Property(tries = 10)
    void fastNetworkGradientsAreTheSameOnEveryRun(@ForAll @IntRange(min = 2, max = 3) int threads,
                                                   @ForAll long seed) {
        Shape in = new Shape(1, 12, 12);
        FastNetwork net = FastNetwork.create(Architecture.of("cnn"), in, Init.HE, seed, threads);
        Random rng = new Random(seed);
        int n = 7;
        double[] x = GradCheck.gaussian(n * in.size(), rng);
        int[] y = rng.ints(n, 0, 10).toArray();
        double[][] first = null;
        for (int run = 0; run < 5; run++) {
            net.zeroGrad();
            net.lossAndGradient(x, y, n);
            double[][] grads = net.params().stream().map(p -> p.param().grad().clone()).toArray(double[][]::new);
            if (first == null) {
                first = grads;
            }
            for (int p = 0; p < grads.length; p++) {
                assertArrayEquals(first[p], grads[p], 0.0, net.params().get(p).key() + " changed between runs");
            }
        }
        assertEquals(threads, net.threads());
    }
}
