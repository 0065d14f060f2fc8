package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The two {@link Kernels} give the same BITS, on any vector width and any thread count, and the same bits
 * as the fast path had before they existed: a result is a function of its settings, never of the machine.
 * The build runs this class three times: at this machine's widest vectors, and with -XX:MaxVectorSize=32
 * and 16 (4 and 2 doubles a vector), see fast/pom.xml; every failure message names the width.
 */
class KernelsTest {

    private static final String WIDTH = "Vector API width " + VectorGemm.S.length() + " doubles";

    /**
     * SHA-256 over the bits of the loss and every gradient of four steps (batches 32, 32, 32 and 7, a third
     * of the pixels exactly 0) and of the weights after Adam, as printed by the fast path of commit c5f2305
     * (main before this class existed: the scalar kernels, one thread). Unchanged bits here mean that the
     * Vector API and the new thread split change no number that `lab` computes.
     */
    private static final List<String[]> MAINS_BITS = List.of(
            new String[] {"cnn", "28", "8d9976780a32866db2e8dccc834f21d582ed621448fead63ae366dae1c5564cc"},
            new String[] {"mlp", "28", "fea04968d4afacb2ec4a6249f07c0792157fea4fb5dae97a84810401b9d761ac"},
            new String[] {"book-cnn", "8", "26f4c35de9adb3421ae0e6a0eb8727a2b5603b637e9e49ececf2fdd6146df663"},
            new String[] {"cnn-gap", "28", "2e73ea8277990455346dad11526c6daeaa5039fa198be0a1d2d24f15991000aa"},
            new String[] {"conv(6,k5x3,p2x1)-relu-maxpool(2)-conv(5,k2,p1)-relu-dense(7)-dense(10)", "14",
                    "c586a240c107e2c24cccb06ee3183a3083c7c6a4211f0bf986e2d1d151dde92b"});

    @Test
    void theBuildsTestsRunTheVectorApi() {
        assertTrue(Kernels.VECTOR.available(), "the tests run with --add-modules jdk.incubator.vector (the "
                + "parent pom's surefire argLine): without it this class would compare the scalar path with itself");
        assertEquals(Kernels.VECTOR, Kernels.best());
        assertEquals("Conv2DVector", Kernels.VECTOR.conv(1, 5, 5, 2, 3, 3, 1, 1, 5, 5).getClass().getSimpleName());
        assertEquals("DenseVector", Kernels.VECTOR.dense(3, 2).getClass().getSimpleName());
        assertEquals("Conv2DFast", Kernels.SCALAR.conv(1, 5, 5, 2, 3, 3, 1, 1, 5, 5).getClass().getSimpleName());
        assertEquals("DenseFast", Kernels.SCALAR.dense(3, 2).getClass().getSimpleName());
    }

    /**
     * A size no kernel can hold (a negative count, or more values than a Java array holds) fails the same way
     * on both: the JVM's own exception or Error, not one wrapped by the reflective call that builds VECTOR's.
     */
    @Test
    void bothKernelsRefuseANegativeSizeWithTheSameException() {
        for (Kernels kernels : Kernels.values()) {
            assertThrows(NegativeArraySizeException.class, () -> kernels.conv(1, 5, 5, -1, 3, 3, 1, 1, 5, 5),
                    kernels + " conv, F -1");
            assertThrows(NegativeArraySizeException.class, () -> kernels.dense(-1, 3), kernels + " dense, D -1");
            // an array longer than any JVM allows: the VM's own Error at once, nothing allocated
            assertThrows(OutOfMemoryError.class, () -> kernels.dense(Integer.MAX_VALUE, 1), kernels + " dense, D max");
        }
    }

    @Test
    void bothKernelsOnOneToThreeThreadsGiveMainsBitsOnTheExperimentsNetworks() {
        for (String[] c : MAINS_BITS) {
            for (Kernels kernels : Kernels.values()) {
                for (int threads = 1; threads <= 3; threads++) {
                    assertEquals(c[2], digestOfFourSteps(c[0], Integer.parseInt(c[1]), kernels, threads),
                            c[0] + " on " + kernels + ", " + threads + " threads, " + WIDTH);
                }
            }
        }
    }

    /** What {@link #MAINS_BITS} holds, computed on these kernels. */
    private static String digestOfFourSteps(String arch, int side, Kernels kernels, int threads) {
        Shape in = new Shape(1, side, side);
        FastNetwork net = new FastNetwork(Network.create(Architecture.of(arch), in, Init.HE, 5), threads, kernels);
        Optimizer adam = Optimizer.adam(0.005);
        List<Param> params = net.params().stream().map(Network.NamedParam::param).toList();
        Random r = new Random(9);
        MessageDigest md = sha256();
        for (int step = 0; step < 4; step++) {
            int n = step == 3 ? 7 : 32;
            double[] x = new double[n * in.size()];
            for (int i = 0; i < x.length; i++) {
                x[i] = r.nextDouble() < 0.3 ? 0.0 : r.nextDouble();
            }
            int[] y = new int[n];
            for (int i = 0; i < n; i++) {
                y[i] = r.nextInt(10);
            }
            net.zeroGrad();
            update(md, net.lossAndGradient(x, y, n));
            for (Param p : params) {
                for (double g : p.grad()) {
                    update(md, g);
                }
            }
            adam.step(params);
        }
        for (Param p : params) {
            for (double v : p.value()) {
                update(md, v);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static void update(MessageDigest md, double v) {
        md.update(Long.toHexString(Double.doubleToLongBits(v)).getBytes());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * One example through a stride-1 conv on both kernels: output, dW and db shares and dx equal to the bit,
     * with and without dx. Widths and paddings give flat rows L = OH*(W+2PW) with every remainder modulo 2,
     * 4 and 8 (the vector tails), filters 1-17 every remainder of the GEMM's 8- and 4-row blocks and of the
     * dW kernel's filter vectors, taps 1-75 every remainder of its 9-tap blocks; a third of x and dout 0.
     */
    @Property(tries = 250)
    void vectorConvGivesTheScalarConvsBits(
            @ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 17) int f,
            @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 0, max = 12) int extraH, @ForAll @IntRange(min = 0, max = 12) int extraW,
            @ForAll long seed) {
        int h = Math.max(1, kh - 2 * ph) + extraH, w = Math.max(1, kw - 2 * pw) + extraW;
        sameConvBits(c, h, w, f, kh, kw, ph, pw, new Random(seed));
    }

    /** The experiment's convolutions: cnn's two, book-cnn's, cnn-gap's third (16 -> 64 channels on 7x7). */
    @Test
    void vectorConvGivesTheScalarConvsBitsOnTheExperimentsLayers() {
        Random rng = new Random(3);
        sameConvBits(1, 28, 28, 8, 3, 3, 1, 1, rng);
        sameConvBits(8, 14, 14, 16, 3, 3, 1, 1, rng);
        sameConvBits(1, 8, 8, 4, 3, 3, 0, 0, rng);
        sameConvBits(16, 7, 7, 64, 3, 3, 1, 1, rng);
    }

    private static void sameConvBits(int C, int H, int W, int F, int KH, int KW, int PH, int PW, Random rng) {
        int OH = H + 2 * PH - KH + 1, OW = W + 2 * PW - KW + 1, T = C * KH * KW;
        String what = C + "x" + H + "x" + W + " -> " + F + " k" + KH + "x" + KW + " p" + PH + "x" + PW + ", " + WIDTH;
        ConvKernel scalar = Kernels.SCALAR.conv(C, H, W, F, KH, KW, PH, PW, OH, OW);
        ConvKernel vector = Kernels.VECTOR.conv(C, H, W, F, KH, KW, PH, PW, OH, OW);
        // two examples per array, the second at an offset: the kernels must read and write where they are told
        double[] x = sparse(2 * C * H * W, rng), w = sparse(F * T, rng), b = sparse(F, rng);
        double[] dout = sparse(2 * F * OH * OW, rng);
        double[][] outs = new double[2][2 * F * OH * OW];
        double[][] dws = new double[2][2 * F * T], dbs = new double[2][2 * F], dxs = new double[2][2 * C * H * W];
        ConvKernel[] both = {scalar, vector};
        for (int k = 0; k < 2; k++) {
            for (int i = 0; i < 2; i++) {
                both[k].forward(x, i * C * H * W, w, b, outs[k], i * F * OH * OW);
                both[k].backward(dout, i * F * OH * OW, x, i * C * H * W, w, dws[k], i * F * T, dbs[k], i * F,
                        i == 0 ? dxs[k] : null, 0);
            }
        }
        assertBits(what + ": out", outs[0], outs[1]);
        assertBits(what + ": dW shares", dws[0], dws[1]);
        assertBits(what + ": db shares", dbs[0], dbs[1]);
        assertBits(what + ": dx", dxs[0], dxs[1]);
    }

    /**
     * A dense layer's three products on both kernels, each split into two row ranges as two threads would
     * split them: the same bits. Sizes cover every vector tail and row block; a third of the values 0.
     */
    @Property(tries = 200)
    void vectorDenseGivesTheScalarDensesBits(@ForAll @IntRange(min = 1, max = 40) int d,
                                             @ForAll @IntRange(min = 1, max = 40) int u,
                                             @ForAll @IntRange(min = 1, max = 11) int n, @ForAll long seed) {
        sameDenseBits(d, u, n, new Random(seed));
    }

    /** The experiment's dense layers: mlp's two, cnn's and book-cnn's heads. */
    @Test
    void vectorDenseGivesTheScalarDensesBitsOnTheExperimentsLayers() {
        Random rng = new Random(4);
        for (int[] du : new int[][] {{784, 128}, {128, 10}, {784, 10}, {144, 10}}) {
            sameDenseBits(du[0], du[1], 32, rng);
        }
    }

    private static void sameDenseBits(int D, int U, int n, Random rng) {
        String what = D + " -> " + U + ", batch " + n + ", " + WIDTH;
        double[] x = sparse(n * D, rng), w = sparse(D * U, rng), b = sparse(U, rng), dout = sparse(n * U, rng);
        double[][] out = new double[2][n * U], dw = new double[2][], db = new double[2][U], dx = new double[2][n * D];
        double[] dw0 = sparse(D * U, rng); // backward adds into the gradient it is given
        for (Kernels k : Kernels.values()) {
            int i = k.ordinal();
            DenseKernel kernel = k.dense(D, U);
            kernel.prepareForward(w, n);
            kernel.forward(x, w, b, out[i], 0, n / 2);
            kernel.forward(x, w, b, out[i], n / 2, n);
            dw[i] = dw0.clone();
            kernel.db(dout, db[i], n);
            kernel.prepareBackward(dout, w, n, true);
            kernel.dw(x, dout, dw[i], n, 0, D / 2);
            kernel.dw(x, dout, dw[i], n, D / 2, D);
            kernel.dx(dout, w, dx[i], 0, n / 2);
            kernel.dx(dout, w, dx[i], n / 2, n);
        }
        assertBits(what + ": out", out[0], out[1]);
        assertBits(what + ": dW", dw[0], dw[1]);
        assertBits(what + ": db", db[0], db[1]);
        assertBits(what + ": dx", dx[0], dx[1]);
    }

    /** Gaussian values, a third of them exactly 0 (as ReLU leaves them). */
    private static double[] sparse(int length, Random rng) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = rng.nextInt(3) == 0 ? 0.0 : rng.nextGaussian();
        }
        return v;
    }

    /** Equal to the bit (Arrays.equals compares doubleToLongBits: -0.0 is not 0.0); a failure names the index. */
    private static void assertBits(String what, double[] a, double[] b) {
        assertEquals(a.length, b.length, what + ": lengths");
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) {
                throw new AssertionError(what + "[" + i + "]: scalar " + a[i] + ", vector " + b[i]);
            }
        }
    }
}
