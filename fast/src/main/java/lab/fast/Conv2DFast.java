package lab.fast;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * The scalar conv kernels beside {@link lab.reference.Conv2D}'s naive loops, tested equal to them (1e-12 relative)
 * and bit-equal to {@code Conv2DVector}: im2col and a register-blocked GEMM, stride 1 only (other strides
 * take {@link Conv2DDirect}), one example per call ({@link ConvKernel} says what each value is). The
 * example is zero-padded (C, HP, WP) and each channel read as ONE flat row, so output (oh, ow) sits at
 * q = oh*WP + ow and its tap (c, kh, kw) reads the padded image at q + kh*WP + kw. im2col copies each
 * tap's shifted row into its own array, {@code col[t][q]}; then the conv is the matrix product out[f][q] =
 * b[f] + sum_t w[f, t] col[t][q], with w (F, C*KH*KW) exactly as stored. The price of the flat view: WP -
 * OW throwaway columns per output row. Backward: dcol = w^T dz by the same product, scattered back
 * (col2im); dW = dz col^T, whose sums run along q and so cannot be vectorised here (HotSpot 17 keeps
 * floating-point sums in order): twelve scalar sums at once.
 *
 * <p>Why separate arrays, tiny loop bodies and method handles: HotSpot 17 vectorises a loop only if every
 * array in it is indexed by the same expression ({@code a[q]}, not {@code a[q + offset]}), the body is
 * small enough to unroll, and the loop is compiled on its own rather than inlined into a loop nest. So
 * each kernel loop updates two outputs from three inputs, loaded once and used twice (register
 * blocking), and nothing more, and the nests call the kernels through method handles, which the JIT
 * never inlines. Measured here on a 16 x 72 x 224 product: about 33 GFLOP/s this way, 13 with the same
 * loops inlined, 9 with the taps as offsets into one array. Not a general GEMM library; the Vector API
 * path ({@code Conv2DVector}) does not need these contortions.
 */
final class Conv2DFast extends ConvKernel {

    // One thread's scratch, kept between examples.
    private final double[][] col; // (T)(L): col[t][q] = xp[c, q + kh*WP + kw]
    private final double[][] acc; // (F)(L): the output of filter f, with waste columns
    private final double[][] dz; // (F)(L): dout of filter f; the waste columns are never written, so stay 0
    private final double[][] dcol; // (T)(L): d loss / d col[t][q]
    private final double[] dxp; // (C, HP, WP) + slack: d loss / d padded x
    private final double[][] dwf; // (F)(T): this example's dW

    Conv2DFast(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        super(C, H, W, F, KH, KW, PH, PW, OH, OW);
        col = new double[T][L];
        acc = new double[F][L];
        dz = new double[F][L];
        dcol = new double[T][L];
        dxp = new double[xp.length];
        dwf = new double[F][T];
    }

    // Assigned once, here; not final on purpose: a final handle is a constant the JIT inlines through.
    private static MethodHandle mac2x3 = kernel("mac2x3", 5, 6);
    private static MethodHandle mac2x1 = kernel("mac2x1", 3, 2);
    private static MethodHandle mac1x3 = kernel("mac1x3", 4, 3);
    private static MethodHandle mac1x1 = kernel("mac1x1", 2, 1);

    /** The static kernel {@code name}(arrays x double[], scalars x double, int len). */
    private static MethodHandle kernel(String name, int arrays, int scalars) {
        Class<?>[] types = new Class<?>[arrays + scalars + 1];
        Arrays.fill(types, 0, arrays, double[].class);
        Arrays.fill(types, arrays, arrays + scalars, double.class);
        types[arrays + scalars] = int.class;
        try {
            return MethodHandles.lookup().findStatic(Conv2DFast.class, name, MethodType.methodType(void.class, types));
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Rethrows what a kernel threw: unchecked as it was, anything else (impossible here) wrapped. */
    private static RuntimeException rethrow(Throwable e) {
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
        throw new IllegalStateException(e);
    }

    static boolean applies(int SH, int SW) {
        return SH == 1 && SW == 1;
    }

    @Override
    void forward(double[] x, int x0, double[] w, double[] b, double[] out, int o0) {
        pad(x, x0);
        im2col();
        for (int f = 0; f < F; f++) {
            Arrays.fill(acc[f], b[f]);
        }
        // forward: out[f][q] += w[f, t] * col[t][q]
        gemm(acc, 0, F, col, T, w, T, 1, L);
        for (int f = 0; f < F; f++) {
            for (int oh = 0; oh < OH; oh++) {
                System.arraycopy(acc[f], oh * WP, out, o0 + (f * OH + oh) * OW, OW);
            }
        }
    }

    @Override
    void backward(double[] dout, int o0, double[] x, int x0, double[] w, double[] dwPart, int p0,
                  double[] dbPart, int b0, double[] dx, int dx0) {
        pad(x, x0);
        im2col();
        for (int f = 0; f < F; f++) {
            double sum = 0;
            for (int oh = 0; oh < OH; oh++) {
                int o = o0 + (f * OH + oh) * OW;
                System.arraycopy(dout, o, dz[f], oh * WP, OW);
                for (int ow = 0; ow < OW; ow++) {
                    sum += dout[o + ow];
                }
            }
            // forward was: out[n,f,oh,ow] = b[f] + ...   (b[f] shared by every oh, ow)
            dbPart[b0 + f] = sum;
        }
        // forward was: out[f][q] += w[f, t] * col[t][q], for every q: dw[f, t] sums over q
        dwByDots();
        for (int f = 0; f < F; f++) {
            System.arraycopy(dwf[f], 0, dwPart, p0 + f * T, T);
        }
        if (dx == null) {
            return; // the network's first layer: nobody wants d loss / d x
        }
        // ... and col[t][q] fed every filter: dcol[t][q] = sum_f w[f, t] * dz[f][q]
        for (double[] row : dcol) {
            Arrays.fill(row, 0.0);
        }
        gemm(dcol, 0, T, dz, F, w, 1, T, L);
        // col2im: col[t][q] was padded x at (c, q + kh*WP + kw), so that is where its gradient goes
        Arrays.fill(dxp, 0.0);
        for (int t = 0; t < T; t++) {
            double[] d = dcol[t];
            int shift = tapOffset[t];
            for (int q = 0; q < L; q++) {
                dxp[shift + q] += d[q];
            }
        }
        copyInterior(dxp, dx, dx0);
    }

    /** col[t][q] = xp[c, q + kh*WP + kw] for every tap t = (c, kh, kw): one shifted copy per tap. */
    private void im2col() {
        for (int t = 0; t < T; t++) {
            System.arraycopy(xp, tapOffset[t], col[t], 0, L);
        }
    }

    /**
     * out[o][q] += sum_i m[o*so + i*si] * in[i][q] for o0 <= o < o0 + O, i < I, q < len: a matrix product
     * whose rows are separate arrays, each out[o][q] a chain of fma over i in order. Two outputs at a time,
     * three inputs at a time; the tails one by one.
     */
    static void gemm(double[][] out, int o0, int O, double[][] in, int I, double[] m, int so, int si, int len) {
        try {
            int o = o0, end = o0 + O;
            for (; o + 1 < end; o += 2) {
                double[] a = out[o], b = out[o + 1];
                int i = 0;
                for (; i + 2 < I; i += 3) {
                    mac2x3.invokeExact(a, b, in[i], in[i + 1], in[i + 2],
                            m[o * so + i * si], m[o * so + (i + 1) * si], m[o * so + (i + 2) * si],
                            m[(o + 1) * so + i * si], m[(o + 1) * so + (i + 1) * si], m[(o + 1) * so + (i + 2) * si],
                            len);
                }
                for (; i < I; i++) {
                    mac2x1.invokeExact(a, b, in[i], m[o * so + i * si], m[(o + 1) * so + i * si], len);
                }
            }
            if (o < end) {
                double[] a = out[o];
                int i = 0;
                for (; i + 2 < I; i += 3) {
                    mac1x3.invokeExact(a, in[i], in[i + 1], in[i + 2], m[o * so + i * si], m[o * so + (i + 1) * si],
                            m[o * so + (i + 2) * si], len);
                }
                for (; i < I; i++) {
                    mac1x1.invokeExact(a, in[i], m[o * so + i * si], len);
                }
            }
        } catch (Throwable e) {
            throw rethrow(e);
        }
    }

    private static void mac2x3(double[] a, double[] b, double[] x0, double[] x1, double[] x2, double a0, double a1,
                               double a2, double b0, double b1, double b2, int len) {
        for (int q = 0; q < len; q++) {
            double v0 = x0[q], v1 = x1[q], v2 = x2[q];
            a[q] = Math.fma(a2, v2, Math.fma(a1, v1, Math.fma(a0, v0, a[q])));
            b[q] = Math.fma(b2, v2, Math.fma(b1, v1, Math.fma(b0, v0, b[q])));
        }
    }

    private static void mac2x1(double[] a, double[] b, double[] x0, double a0, double b0, int len) {
        for (int q = 0; q < len; q++) {
            double v0 = x0[q];
            a[q] = Math.fma(a0, v0, a[q]);
            b[q] = Math.fma(b0, v0, b[q]);
        }
    }

    private static void mac1x3(double[] a, double[] x0, double[] x1, double[] x2, double a0, double a1, double a2,
                               int len) {
        for (int q = 0; q < len; q++) {
            a[q] = Math.fma(a2, x2[q], Math.fma(a1, x1[q], Math.fma(a0, x0[q], a[q])));
        }
    }

    private static void mac1x1(double[] a, double[] x0, double a0, int len) {
        for (int q = 0; q < len; q++) {
            a[q] = Math.fma(a0, x0[q], a[q]);
        }
    }

    /**
     * dwf[f][t] = dot(dz[f], col[t]) over the real outputs q: scalar, four filters by three taps at a
     * time, so twelve independent sums keep both FMA units busy and each load serves three or four of
     * them. Past the last filter or tap the indices stay on the last one; those sums are thrown away.
     */
    private void dwByDots() {
        for (int f = 0; f < F; f += 4) {
            double[] g0 = dz[f], g1 = dz[Math.min(f + 1, F - 1)], g2 = dz[Math.min(f + 2, F - 1)],
                    g3 = dz[Math.min(f + 3, F - 1)];
            for (int t = 0; t < T; t += 3) {
                double[] c0 = col[t], c1 = col[Math.min(t + 1, T - 1)], c2 = col[Math.min(t + 2, T - 1)];
                double s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0;
                double s20 = 0, s21 = 0, s22 = 0, s30 = 0, s31 = 0, s32 = 0;
                for (int oh = 0; oh < OH; oh++) {
                    for (int q = oh * WP; q < oh * WP + OW; q++) {
                        double v0 = c0[q], v1 = c1[q], v2 = c2[q];
                        double a = g0[q], b = g1[q], c = g2[q], d = g3[q];
                        s00 = Math.fma(a, v0, s00);
                        s01 = Math.fma(a, v1, s01);
                        s02 = Math.fma(a, v2, s02);
                        s10 = Math.fma(b, v0, s10);
                        s11 = Math.fma(b, v1, s11);
                        s12 = Math.fma(b, v2, s12);
                        s20 = Math.fma(c, v0, s20);
                        s21 = Math.fma(c, v1, s21);
                        s22 = Math.fma(c, v2, s22);
                        s30 = Math.fma(d, v0, s30);
                        s31 = Math.fma(d, v1, s31);
                        s32 = Math.fma(d, v2, s32);
                    }
                }
                double[][] sums = {{s00, s01, s02}, {s10, s11, s12}, {s20, s21, s22}, {s30, s31, s32}};
                for (int i = 0; i < 4 && f + i < F; i++) {
                    for (int j = 0; j < 3 && t + j < T; j++) {
                        dwf[f + i][t + j] = sums[i][j];
                    }
                }
            }
        }
    }
}
