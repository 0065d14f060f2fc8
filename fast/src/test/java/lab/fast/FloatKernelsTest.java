package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dense;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.ReLU;
import lab.reference.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The float path keeps the fast path's promise: the same bits on any thread count, either {@link Kernels}
 * and any vector width. The Vector API's float kernels against the plain loops that write each value's
 * chain out, on generated shapes (filter counts past two vectors of floats, every tail of the GEMM's
 * blocks); then whole {@link FloatNetwork}s trained a few steps on 1 to 3 threads. The build runs this
 * class at this machine's widest vectors and again at 8, 4 and 2 floats a vector (see fast/pom.xml). How
 * far the float path is from the double spec is {@code FloatPathAgainstSpecTest}'s (compare), judged by the
 * kit's rule.
 */
class FloatKernelsTest {

    private static final String WIDTH = "Vector API width " + FloatGemm.S.length() + " floats";

    @Test
    void theVectorAndTheLoopKernelsAreDifferentCode() {
        assertTrue(Kernels.VECTOR.available(), "the tests run with --add-modules jdk.incubator.vector");
        assertEquals("FloatConv2DVector", Kernels.VECTOR.floatConv(1, 5, 5, 2, 3, 3, 1, 1, 5, 5).getClass().getSimpleName());
        assertEquals("FloatDenseVector", Kernels.VECTOR.floatDense(3, 2).getClass().getSimpleName());
        assertEquals("FloatConvLoops", Kernels.SCALAR.floatConv(1, 5, 5, 2, 3, 3, 1, 1, 5, 5).getClass().getSimpleName());
        assertEquals("FloatDenseLoops", Kernels.SCALAR.floatDense(3, 2).getClass().getSimpleName());
    }

    /** Stride-1 convs: forward, dx and both gradients, vector against loops, bit for bit. */
    @Property(tries = 300)
    void theVectorConvIsTheLoopsToTheBit(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 37) int f,
            @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
            @ForAll @IntRange(min = 0, max = 3) int ph, @ForAll @IntRange(min = 0, max = 3) int pw,
            @ForAll @IntRange(min = 0, max = 9) int extraH, @ForAll @IntRange(min = 0, max = 19) int extraW,
            @ForAll boolean firstLayer, @ForAll long seed) {
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        Random rng = new Random(seed);
        Conv2D a = new Conv2D(in, f, kh, kw, 1, 1, ph, pw), b = new Conv2D(in, f, kh, kw, 1, 1, ph, pw);
        sameWeights(a, b, rng);
        sameBits(new FloatConv2D(a, !firstLayer, Kernels.VECTOR, 1), a, new FloatConv2D(b, !firstLayer, Kernels.SCALAR, 1),
                b, in.size(), a.outputShape().size(), n, rng, "conv " + a.describe() + " at batch " + n);
    }

    /** Dense layers: the three products, vector against loops, bit for bit. */
    @Property(tries = 300)
    void theVectorDenseIsTheLoopsToTheBit(@ForAll @IntRange(min = 1, max = 11) int n,
                                          @ForAll @IntRange(min = 1, max = 70) int d,
                                          @ForAll @IntRange(min = 1, max = 40) int u, @ForAll long seed) {
        Random rng = new Random(seed);
        Dense a = new Dense(Shape.vector(d), u), b = new Dense(Shape.vector(d), u);
        sameWeights(a, b, rng);
        sameBits(new FloatDense(a, true, Kernels.VECTOR, 1), a, new FloatDense(b, true, Kernels.SCALAR, 1), b, d, u, n,
                rng, "dense " + d + " -> " + u + " at batch " + n);
    }

    /**
     * Whole networks, every float layer in them (stride-1 convs, a stride-2 conv and a pool that does not
     * tile its input, which run the spec's loops between float roundings): three steps of Adam, on 1, 2 and 3
     * threads and both kernels, hashed: every hash the same.
     */
    @Test
    void aFloatNetworkGivesTheSameBitsOnAnyThreadCountAndKernels() throws NoSuchAlgorithmException {
        List<String[]> cases = List.of(new String[] {"cnn", "28"}, new String[] {"book-cnn", "8"},
                new String[] {"mlp", "14"},
                new String[] {"conv(6,k5x3,p2x1)-relu-maxpool(k3,s1)-conv(5,k2,s2,p1)-relu-dense(7)-dense(10)", "14"});
        for (String[] c : cases) {
            String first = null;
            for (Kernels kernels : Kernels.values()) {
                for (int threads = 1; threads <= 3; threads++) {
                    String hash = trainedHash(c[0], Integer.parseInt(c[1]), kernels, threads);
                    if (first == null) {
                        first = hash;
                    }
                    assertEquals(first, hash, c[0] + " on " + kernels + " and " + threads + " thread(s), " + WIDTH);
                }
            }
        }
    }

    /** The float layers a preset runs on: float kernels for each of its layers, none left to the spec's loops. */
    @Test
    void thePresetsRunOnFloatKernelsAndOtherSettingsOnTheSpecsLoops() {
        Shape in = new Shape(1, 28, 28);
        assertEquals("FloatConv2D", Fast.floatTwin(new Conv2D(in, 4, 3, 3, 1, 1, 1, 1), false, Kernels.VECTOR, 1)
                .getClass().getSimpleName());
        assertEquals("FloatDense", Fast.floatTwin(new Dense(in, 4), true, Kernels.VECTOR, 1).getClass().getSimpleName());
        assertEquals("FloatReLU", Fast.floatTwin(new ReLU(in), true, Kernels.VECTOR, 1).getClass().getSimpleName());
        assertEquals("FloatMaxPool2D", Fast.floatTwin(new MaxPool2D(in, 2, 2, 2, 2), true, Kernels.VECTOR, 1)
                .getClass().getSimpleName());
        assertEquals("FloatSpec", Fast.floatTwin(new Conv2D(in, 4, 3, 3, 2, 2, 1, 1), true, Kernels.VECTOR, 1)
                .getClass().getSimpleName(), "stride 2 has no float kernel");
        assertEquals("FloatSpec", Fast.floatTwin(new MaxPool2D(in, 3, 3, 1, 1), true, Kernels.VECTOR, 1)
                .getClass().getSimpleName(), "a pool that does not tile its input has none");
        for (String preset : List.of("cnn", "mlp", "book-cnn")) {
            Network spec = Network.create(Architecture.of(preset), Architecture.preset(preset).orElseThrow().side() == 8
                    ? new Shape(1, 8, 8) : in, Init.HE, 1);
            for (Layer layer : spec.layers()) {
                FloatLayer twin = Fast.floatTwin(layer, true, Kernels.VECTOR, 1);
                assertFalse(twin instanceof FloatSpec, preset + ": " + layer.describe() + " has float kernels");
            }
        }
    }

    /**
     * The float path computes in float: a conv's output is a float rounding away from the double spec's
     * own on the same float inputs, and the first layer returns no dx.
     */
    @Test
    void theFloatConvRoundsToFloatAndTheFirstLayerSkipsDx() {
        Shape in = new Shape(2, 9, 9);
        Random rng = new Random(3);
        Conv2D spec = new Conv2D(in, 5, 3, 3, 1, 1, 1, 1);
        sameWeights(spec, spec, rng);
        FloatConv2D first = new FloatConv2D(spec, false, Kernels.VECTOR, 1);
        float[] x = floats(4 * in.size(), rng);
        float[] out = first.forward(x, 4);
        double[] exact = spec.forward(Fast.widen(x, null), 4);
        boolean rounded = false;
        for (int i = 0; i < out.length; i++) {
            assertEquals(exact[i], out[i], 1e-5 * (1 + Math.abs(exact[i])), "output " + i);
            rounded |= out[i] != exact[i];
        }
        assertTrue(rounded, "float outputs, not the double spec's values");
        assertNull(first.backward(floats(out.length, rng)), "nothing reads the first layer's dx");
    }

    /** Forward, backward and the gradients of two float layers on the same inputs: the same bits. */
    private static void sameBits(FloatLayer vector, Layer vectorSpec, FloatLayer loops, Layer loopsSpec, int inSize,
                                 int outSize, int n, Random rng, String what) {
        for (int pass = 0; pass < 2; pass++) { // twice: the second pass reuses the kept buffers
            float[] x = floats(n * inSize, rng);
            float[] dout = floats(n * outSize, rng);
            vectorSpec.params().forEach(Param::zeroGrad);
            loopsSpec.params().forEach(Param::zeroGrad);
            assertArrayEquals(loops.forward(x.clone(), n), vector.forward(x.clone(), n), what + ": forward, " + WIDTH);
            float[] dxLoops = loops.backward(dout.clone());
            float[] dxVector = vector.backward(dout.clone());
            assertArrayEquals(dxLoops, dxVector, what + ": dx, " + WIDTH);
            for (int p = 0; p < vectorSpec.params().size(); p++) {
                assertArrayEquals(loopsSpec.params().get(p).grad(), vectorSpec.params().get(p).grad(),
                        what + ": d" + vectorSpec.params().get(p).name() + ", " + WIDTH);
            }
            assertFalse(vectorSpec.params().stream().allMatch(q -> java.util.Arrays.stream(q.grad()).allMatch(g -> g == 0)),
                    what + ": gradients were computed");
        }
    }

    /** The same random weights in both layers' parameters (b too, so the forward's start values are tested). */
    private static void sameWeights(Layer a, Layer b, Random rng) {
        for (int p = 0; p < a.params().size(); p++) {
            double[] va = a.params().get(p).value(), vb = b.params().get(p).value();
            for (int i = 0; i < va.length; i++) {
                va[i] = rng.nextGaussian();
                vb[i] = va[i];
            }
        }
    }

    /** Gaussian floats, every fourth exactly 0 (ties and ReLU's zeros), the first never. */
    private static float[] floats(int size, Random rng) {
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = i % 4 == 3 ? 0f : (float) rng.nextGaussian();
        }
        return v;
    }

    /** SHA-256 of the bits of three Adam steps' losses, gradients and weights, and the last logits. */
    private static String trainedHash(String arch, int side, Kernels kernels, int threads)
            throws NoSuchAlgorithmException {
        Shape in = new Shape(1, side, side);
        FloatNetwork net = new FloatNetwork(Network.create(Architecture.of(arch), in, Init.HE, 7), threads, kernels);
        Optimizer adam = Optimizer.adam(1e-3);
        List<Param> params = net.params().stream().map(Network.NamedParam::param).toList();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        Random rng = new Random(11);
        for (int n : new int[] {32, 32, 7}) {
            double[] x = new double[n * in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextInt(3) == 0 ? 0 : rng.nextGaussian();
            }
            int[] y = rng.ints(n, 0, net.classes()).toArray();
            net.zeroGrad();
            update(sha, new double[] {net.lossAndGradient(x, y, n)});
            for (Param p : params) {
                update(sha, p.grad());
            }
            adam.step(params);
            for (Param p : params) {
                update(sha, p.value());
            }
            update(sha, net.forward(x, n));
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, double[] values) {
        for (double v : values) {
            long bits = Double.doubleToRawLongBits(v);
            for (int k = 0; k < 8; k++) {
                sha.update((byte) (bits >>> (8 * k)));
            }
        }
    }
}
