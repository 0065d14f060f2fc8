package lab.fast;

import static lab.reference.Index.at;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.Arrays;

/**
 * The fast conv kernels beside {@link lab.reference.Conv2D}'s naive loops, tested equal to them (1e-12 relative):
 * im2col and a register-blocked GEMM, stride 1 only (other strides take {@link Conv2DDirect}).
 * One example at a time: copy it into a zero-padded image (C, HP, WP) and read each channel as ONE flat
 * row, so output (oh, ow) sits at q = oh*WP + ow and its tap (c, kh, kw) reads the padded image at
 * q + kh*WP + kw. im2col copies each tap's shifted row into its own array, {@code col[t][q]}, t = (c, kh,
 * kw); then the conv is the matrix product out[f][q] = b[f] + sum_t w[f, t] col[t][q], with w (F, C*KH*KW)
 * exactly as stored. The price of the flat view: WP - OW throwaway columns per output row. Backward:
 * dcol = w^T dz by the same product, scattered back (col2im); dW = dz col^T, whose sums run along q and
 * so cannot be vectorised here (HotSpot 17 keeps floating-point sums in order): eight scalar sums at once.
 *
 * <p>Why separate arrays, tiny loop bodies and method handles: HotSpot 17 vectorises a loop only if every
 * array in it is indexed by the same expression ({@code a[q]}, not {@code a[q + offset]}), the body is
 * small enough to unroll, and the loop is compiled on its own rather than inlined into a loop nest. So
 * each kernel loop updates two outputs from three inputs, loaded once and used twice (register
 * blocking), and nothing more, and the nests call the kernels through method handles, which the JIT
 * never inlines. Measured here on a 16 x 72 x 224 product: about 33 GFLOP/s this way, 13 with the same
 * loops inlined, 9 with the taps as offsets into one array. Not a general GEMM library.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel, PH PW padding,
 *         HP = H + 2PH, WP = W + 2PW (padded input), L = OH*WP (flat output, with waste),
 *         T = C*KH*KW taps, t = (c*KH + kh)*KW + kw.
 * </pre>
 */
final class Conv2DFast {

    private Conv2DFast() {
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

    /** out (N, F, OH, OW) from x (N, C, H, W), w (F, C, KH, KW), b (F); returns out, every value written. */
    static double[] forward(double[] x, double[] w, double[] b, int n, int C, int H, int W, int F, int KH, int KW,
                            int PH, int PW, int OH, int OW, double[] out) {
        int HP = H + 2 * PH, WP = W + 2 * PW, L = OH * WP, T = C * KH * KW;
        double[] xp = new double[C * HP * WP + KW]; // (C, HP, WP); borders stay 0, slack for the waste columns
        double[][] col = new double[T][L]; // col[t][q] = padded x at q + kh*WP + kw, channel c
        double[][] acc = new double[F][L]; // acc[f][q]: output of filter f, (OH, WP) with waste columns
        for (int in = 0; in < n; in++) {
            pad(x, at(in, 0, 0, 0, C, H, W), C, H, W, xp, PH, PW);
            im2col(xp, C, HP, WP, KH, KW, L, col);
            for (int f = 0; f < F; f++) {
                Arrays.fill(acc[f], b[f]);
            }
            // forward: out[f][q] += w[f, t] * col[t][q]
            gemm(acc, F, col, T, w, T, 1, L);
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < OH; oh++) {
                    System.arraycopy(acc[f], oh * WP, out, at(in, f, oh, 0, F, OH, OW), OW);
                }
            }
        }
        return out;
    }

    /**
     * Adds into dw (F, C, KH, KW) and db (F); returns dx (N, C, H, W), every value written, or null without
     * computing it if {@code dx} is null.
     */
    static double[] backward(double[] dout, double[] x, double[] w, double[] dw, double[] db, int n, int C, int H,
                             int W, int F, int KH, int KW, int PH, int PW, int OH, int OW, double[] dx) {
        int HP = H + 2 * PH, WP = W + 2 * PW, L = OH * WP, T = C * KH * KW;
        double[] xp = new double[C * HP * WP + KW];
        double[][] col = new double[T][L];
        double[][] dz = new double[F][L]; // dout of filter f, (OH, WP); the waste columns stay 0
        double[][] dcol = new double[T][L]; // d loss / d col[t][q]
        double[] dxp = new double[C * HP * WP + KW]; // d loss / d padded x
        double[][] dwf = new double[F][T]; // this batch's dW, one array per filter
        for (int in = 0; in < n; in++) {
            pad(x, at(in, 0, 0, 0, C, H, W), C, H, W, xp, PH, PW);
            im2col(xp, C, HP, WP, KH, KW, L, col);
            for (int f = 0; f < F; f++) {
                double sum = 0;
                for (int oh = 0; oh < OH; oh++) {
                    int o = at(in, f, oh, 0, F, OH, OW);
                    System.arraycopy(dout, o, dz[f], oh * WP, OW);
                    for (int ow = 0; ow < OW; ow++) {
                        sum += dout[o + ow];
                    }
                }
                // forward was: out[n,f,oh,ow] = b[f] + ...   (b[f] shared by every oh, ow)
                db[f] += sum;
            }
            // forward was: out[f][q] += w[f, t] * col[t][q], for every q: dw[f, t] sums over q
            dwByDots(dz, F, col, T, OH, OW, WP, dwf);
            if (dx == null) {
                continue; // the network's first layer: nobody wants d loss / d x
            }
            // ... and col[t][q] fed every filter: dcol[t][q] = sum_f w[f, t] * dz[f][q]
            for (double[] row : dcol) {
                Arrays.fill(row, 0.0);
            }
            gemm(dcol, T, dz, F, w, 1, T, L);
            // col2im: col[t][q] was padded x at (c, q + kh*WP + kw), so that is where its gradient goes
            Arrays.fill(dxp, 0.0);
            for (int c = 0; c < C; c++) {
                for (int kh = 0; kh < KH; kh++) {
                    for (int kw = 0; kw < KW; kw++) {
                        double[] d = dcol[(c * KH + kh) * KW + kw];
                        int shift = c * HP * WP + kh * WP + kw;
                        for (int q = 0; q < L; q++) {
                            dxp[shift + q] += d[q];
                        }
                    }
                }
            }
            for (int c = 0; c < C; c++) {
                for (int ih = 0; ih < H; ih++) {
                    System.arraycopy(dxp, (c * HP + ih + PH) * WP + PW, dx, at(in, c, ih, 0, C, H, W), W);
                }
            }
        }
        for (int f = 0; f < F; f++) {
            for (int t = 0; t < T; t++) {
                dw[f * T + t] += dwf[f][t];
            }
        }
        return dx;
    }

    /** Copies example x[x0 ..] (C, H, W) into the interior of xp (C, H+2PH, W+2PW); borders stay 0. */
    private static void pad(double[] x, int x0, int C, int H, int W, double[] xp, int PH, int PW) {
        int HP = H + 2 * PH, WP = W + 2 * PW;
        for (int c = 0; c < C; c++) {
            for (int ih = 0; ih < H; ih++) {
                System.arraycopy(x, x0 + (c * H + ih) * W, xp, (c * HP + ih + PH) * WP + PW, W);
            }
        }
    }

    /** col[t][q] = xp[c, q + kh*WP + kw] for every tap t = (c, kh, kw): one shifted copy per tap. */
    private static void im2col(double[] xp, int C, int HP, int WP, int KH, int KW, int L, double[][] col) {
        for (int c = 0; c < C; c++) {
            for (int kh = 0; kh < KH; kh++) {
                for (int kw = 0; kw < KW; kw++) {
                    System.arraycopy(xp, c * HP * WP + kh * WP + kw, col[(c * KH + kh) * KW + kw], 0, L);
                }
            }
        }
    }

    /**
     * out[o][q] += sum_i m[o*so + i*si] * in[i][q] for o < O, i < I, q < len: a matrix product whose
     * rows are separate arrays. Two outputs at a time, three inputs at a time; the tails one by one.
     */
    static void gemm(double[][] out, int O, double[][] in, int I, double[] m, int so, int si, int len) {
        try {
            int o = 0;
            for (; o + 1 < O; o += 2) {
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
            if (o < O) {
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
     * dwf[f][t] += dot(dz[f], col[t]) over the real outputs q: scalar, four filters by three taps at a
     * time, so twelve independent sums keep both FMA units busy and each load serves three or four of
     * them. Past the last filter or tap the indices stay on the last one; those sums are thrown away.
     */
    private static void dwByDots(double[][] dz, int F, double[][] col, int T, int OH, int OW, int WP,
                                 double[][] dwf) {
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
                        dwf[f + i][t + j] += sums[i][j];
                    }
                }
            }
        }
    }
}
