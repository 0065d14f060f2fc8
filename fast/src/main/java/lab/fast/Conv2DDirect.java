package lab.fast;

import static lab.reference.Index.at;

/**
 * The fast path's conv for strides above 1, beside {@link lab.reference.Conv2D}'s naive loops and tested equal to them
 * (1e-12 relative; the forward pass adds in the very same order, so it is bit-identical). Stride 1, the
 * common case, goes to {@link Conv2DFast} instead, two to three times faster. Same arithmetic, reordered:
 * for each kernel tap (c, kh, kw) the valid output columns of a row are found once, so the innermost loop
 * is a bounds-check-free run over memory. Not a different algorithm (no im2col, no GEMM, no threads).
 */
final class Conv2DDirect {

    private Conv2DDirect() {
    }

    /** First and last output column whose input column ow*SW - PW + kw lies inside [0, W). */
    private static int lo(int kw, int SW, int PW) {
        return Math.max(0, Math.floorDiv(PW - kw + SW - 1, SW));
    }

    private static int hi(int kw, int SW, int PW, int W, int OW) {
        return Math.min(OW - 1, Math.floorDiv(W - 1 + PW - kw, SW));
    }

    /** out (N, F, OH, OW) from x (N, C, H, W), w (F, C, KH, KW), b (F). */
    static double[] forward(double[] x, double[] w, double[] b, int n, int C, int H, int W, int F, int KH, int KW,
                            int SH, int SW, int PH, int PW, int OH, int OW) {
        double[] out = new double[n * F * OH * OW];
        for (int in = 0; in < n; in++) {
            for (int f = 0; f < F; f++) {
                int o0 = at(in, f, 0, 0, F, OH, OW);
                java.util.Arrays.fill(out, o0, o0 + OH * OW, b[f]);
                for (int c = 0; c < C; c++) {
                    for (int kh = 0; kh < KH; kh++) {
                        for (int kw = 0; kw < KW; kw++) {
                            double wv = w[at(f, c, kh, kw, C, KH, KW)];
                            int owLo = lo(kw, SW, PW);
                            int owHi = hi(kw, SW, PW, W, OW);
                            for (int oh = 0; oh < OH; oh++) {
                                int ih = oh * SH - PH + kh;
                                if (ih < 0 || ih >= H) {
                                    continue;
                                }
                                int orow = o0 + oh * OW;
                                int xrow = at(in, c, ih, 0, C, H, W) + kw - PW;
                                for (int ow = owLo; ow <= owHi; ow++) {
                                    out[orow + ow] += wv * x[xrow + ow * SW];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** Adds into dw and db; returns dx. Same sums as Conv2D.backward, in another order. */
    static double[] backward(double[] dout, double[] x, double[] w, double[] dw, double[] db, int n, int C, int H,
                             int W, int F, int KH, int KW, int SH, int SW, int PH, int PW, int OH, int OW) {
        double[] dx = new double[n * C * H * W];
        for (int in = 0; in < n; in++) {
            for (int f = 0; f < F; f++) {
                int o0 = at(in, f, 0, 0, F, OH, OW);
                for (int o = o0; o < o0 + OH * OW; o++) {
                    db[f] += dout[o]; // b[f] is shared by every (n, oh, ow)
                }
                for (int c = 0; c < C; c++) {
                    for (int kh = 0; kh < KH; kh++) {
                        for (int kw = 0; kw < KW; kw++) {
                            int wi = at(f, c, kh, kw, C, KH, KW);
                            double wv = w[wi];
                            int owLo = lo(kw, SW, PW);
                            int owHi = hi(kw, SW, PW, W, OW);
                            double sum = 0; // this tap's gradient from this example: summed over (oh, ow)
                            for (int oh = 0; oh < OH; oh++) {
                                int ih = oh * SH - PH + kh;
                                if (ih < 0 || ih >= H) {
                                    continue;
                                }
                                int orow = o0 + oh * OW;
                                int xrow = at(in, c, ih, 0, C, H, W) + kw - PW;
                                for (int ow = owLo; ow <= owHi; ow++) {
                                    double g = dout[orow + ow];
                                    sum += g * x[xrow + ow * SW];
                                    dx[xrow + ow * SW] += g * wv;
                                }
                            }
                            dw[wi] += sum;
                        }
                    }
                }
            }
        }
        return dx;
    }
}
