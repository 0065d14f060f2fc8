package lab.reference;

import static lab.reference.Index.at;

import java.util.Arrays;

/**
 * The fast conv kernels beside {@link Conv2D}'s naive loops, tested equal to them (1e-12 relative).
 * Stride 1 only (other strides take {@link Conv2DDirect}). Not im2col: the trick is a flat view.
 * Copy one example into a zero-padded image (C, HP, WP) and read each channel as ONE row of HP*WP
 * values. Output (oh, ow) then sits at q = oh*WP + ow, and its tap (kh, kw) reads the padded input at
 * q + kh*WP + kw: a fixed offset per tap. So each (filter, channel) pair is one long, bounds-check-free
 * loop over q that sums all nine taps of a 3x3 kernel before it stores (register blocking over the
 * taps), and the JIT vectorises it. The price: WP - OW throwaway columns per output row.
 * Backward dx is the same kernel on the zero-padded dout with the kernel flipped; dW is nine dot
 * products per (filter, channel), held in registers across the whole q loop.
 * One thread: {@link Network} splits a batch over threads, one copy of the layers per thread.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel, PH PW padding,
 *         HP = H + 2PH, WP = W + 2PW (padded input), L = OH*WP (flat output length, with waste).
 * </pre>
 */
final class Conv2DFast {

    private Conv2DFast() {
    }

    static boolean applies(int SH, int SW) {
        return SH == 1 && SW == 1;
    }

    /** out (N, F, OH, OW) from x (N, C, H, W), w (F, C, KH, KW), b (F). */
    static double[] forward(double[] x, double[] w, double[] b, int n, int C, int H, int W, int F, int KH, int KW,
                            int PH, int PW, int OH, int OW, double[] out) {
        int HP = H + 2 * PH, WP = W + 2 * PW, L = OH * WP;
        // The last taps of the throwaway columns read up to KW - 1 values past the image.
        double[] xp = new double[C * HP * WP + KW]; // (C, HP, WP), borders stay 0
        double[] acc = new double[L]; // one filter's output, (OH, WP) with WP - OW waste columns
        for (int in = 0; in < n; in++) {
            pad(x, at(in, 0, 0, 0, C, H, W), C, H, W, xp, PH, PW);
            for (int f = 0; f < F; f++) {
                Arrays.fill(acc, b[f]);
                for (int c = 0; c < C; c++) {
                    correlate(acc, xp, c * HP * WP, L, WP, w, at(f, c, 0, 0, C, KH, KW), KH, KW);
                }
                for (int oh = 0; oh < OH; oh++) {
                    System.arraycopy(acc, oh * WP, out, at(in, f, oh, 0, F, OH, OW), OW);
                }
            }
        }
        return out;
    }

    /** Adds into dw and db; returns dx. */
    static double[] backward(double[] dout, double[] x, double[] w, double[] dw, double[] db, int n, int C, int H,
                             int W, int F, int KH, int KW, int PH, int PW, int OH, int OW, double[] dx) {
        int HP = H + 2 * PH, WP = W + 2 * PW, L = OH * WP;
        // dx is a full correlation of dout with the flipped kernel. Pad dout by (KH-1, KW-1) on each side,
        // with row stride WD = OW + 2(KW-1) = WP + KW - 1; then padded-input pixel (i, j) sits at i*WD + j
        // and its tap (kh, kw) reads the padded dout at i*WD + j + (KH-1-kh)*WD + (KW-1-kw).
        int WD = OW + 2 * (KW - 1), HD = OH + 2 * (KH - 1);
        int LX = H * WD; // flat dx length for the H interior rows of one channel, with waste columns
        double[] xp = new double[C * HP * WP + KW];
        double[] dz = new double[F * L]; // dout (F, OH, WP), waste columns 0: the dW dot products
        double[] dp = new double[F * HD * WD + WD + KW]; // dout padded for dx, (F, HD, WD); waste columns read past it
        double[] acc = new double[LX];
        double[] wf = new double[KH * KW]; // one (f, c) kernel, flipped
        for (int in = 0; in < n; in++) {
            pad(x, at(in, 0, 0, 0, C, H, W), C, H, W, xp, PH, PW);
            for (int f = 0; f < F; f++) {
                double sum = 0;
                for (int oh = 0; oh < OH; oh++) {
                    int o = at(in, f, oh, 0, F, OH, OW);
                    System.arraycopy(dout, o, dz, f * L + oh * WP, OW);
                    System.arraycopy(dout, o, dp, (f * HD + oh + KH - 1) * WD + KW - 1, OW);
                    for (int ow = 0; ow < OW; ow++) {
                        sum += dout[o + ow];
                    }
                }
                // forward was: out[n,f,oh,ow] = b[f] + ...   (b[f] shared by every oh, ow)
                db[f] += sum;
            }
            // forward was: out[n,f,oh,ow] += w[f,c,kh,kw] * x[n,c,oh+kh-PH,ow+kw-PW]
            for (int f = 0; f < F; f++) {
                for (int c = 0; c < C; c++) {
                    dotTaps(dw, at(f, c, 0, 0, C, KH, KW), dz, f * L, xp, c * HP * WP, L, WP, KH, KW);
                }
            }
            for (int c = 0; c < C; c++) {
                Arrays.fill(acc, 0.0);
                for (int f = 0; f < F; f++) {
                    int wi = at(f, c, 0, 0, C, KH, KW);
                    for (int t = 0; t < KH * KW; t++) {
                        wf[t] = w[wi + KH * KW - 1 - t];
                    }
                    // rows PH .. PH+H-1 of the padded input are the real ones
                    correlate(acc, dp, f * HD * WD + PH * WD + PW, LX, WD, wf, 0, KH, KW);
                }
                for (int ih = 0; ih < H; ih++) {
                    System.arraycopy(acc, ih * WD, dx, at(in, c, ih, 0, C, H, W), W);
                }
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

    /**
     * acc[q] += sum over taps (kh, kw) of k[kh, kw] * in[i0 + q + kh*RS + kw], for q in [0, len):
     * a KH x KW correlation on flat rows of stride RS. A 3x3 kernel is summed in registers before the
     * one store per q; other kernels go one tap at a time.
     */
    private static void correlate(double[] acc, double[] in, int i0, int len, int RS, double[] k, int k0, int KH,
                                  int KW) {
        if (KH == 3 && KW == 3) {
            double k00 = k[k0], k01 = k[k0 + 1], k02 = k[k0 + 2];
            double k10 = k[k0 + 3], k11 = k[k0 + 4], k12 = k[k0 + 5];
            double k20 = k[k0 + 6], k21 = k[k0 + 7], k22 = k[k0 + 8];
            int r0 = i0, r1 = i0 + RS, r2 = i0 + 2 * RS;
            for (int q = 0; q < len; q++) {
                double s = acc[q];
                s = Math.fma(k00, in[r0 + q], s);
                s = Math.fma(k01, in[r0 + q + 1], s);
                s = Math.fma(k02, in[r0 + q + 2], s);
                s = Math.fma(k10, in[r1 + q], s);
                s = Math.fma(k11, in[r1 + q + 1], s);
                s = Math.fma(k12, in[r1 + q + 2], s);
                s = Math.fma(k20, in[r2 + q], s);
                s = Math.fma(k21, in[r2 + q + 1], s);
                s = Math.fma(k22, in[r2 + q + 2], s);
                acc[q] = s;
            }
            return;
        }
        for (int kh = 0; kh < KH; kh++) {
            for (int kw = 0; kw < KW; kw++) {
                double kv = k[k0 + kh * KW + kw];
                int r = i0 + kh * RS + kw;
                for (int q = 0; q < len; q++) {
                    acc[q] = Math.fma(kv, in[r + q], acc[q]);
                }
            }
        }
    }

    /**
     * dw[d0 + kh*KW + kw] += sum over q of g[g0 + q] * in[i0 + q + kh*RS + kw]: every tap's dot product.
     * For 3x3 the nine sums stay in registers and each g[q] is loaded once for all of them.
     */
    private static void dotTaps(double[] dw, int d0, double[] g, int g0, double[] in, int i0, int len, int RS,
                                int KH, int KW) {
        if (KH == 3 && KW == 3) {
            double s00 = 0, s01 = 0, s02 = 0, s10 = 0, s11 = 0, s12 = 0, s20 = 0, s21 = 0, s22 = 0;
            int r0 = i0, r1 = i0 + RS, r2 = i0 + 2 * RS;
            for (int q = 0; q < len; q++) {
                double gq = g[g0 + q];
                s00 = Math.fma(gq, in[r0 + q], s00);
                s01 = Math.fma(gq, in[r0 + q + 1], s01);
                s02 = Math.fma(gq, in[r0 + q + 2], s02);
                s10 = Math.fma(gq, in[r1 + q], s10);
                s11 = Math.fma(gq, in[r1 + q + 1], s11);
                s12 = Math.fma(gq, in[r1 + q + 2], s12);
                s20 = Math.fma(gq, in[r2 + q], s20);
                s21 = Math.fma(gq, in[r2 + q + 1], s21);
                s22 = Math.fma(gq, in[r2 + q + 2], s22);
            }
            dw[d0] += s00;
            dw[d0 + 1] += s01;
            dw[d0 + 2] += s02;
            dw[d0 + 3] += s10;
            dw[d0 + 4] += s11;
            dw[d0 + 5] += s12;
            dw[d0 + 6] += s20;
            dw[d0 + 7] += s21;
            dw[d0 + 8] += s22;
            return;
        }
        for (int kh = 0; kh < KH; kh++) {
            for (int kw = 0; kw < KW; kw++) {
                int r = i0 + kh * RS + kw;
                double s = 0;
                for (int q = 0; q < len; q++) {
                    s = Math.fma(g[g0 + q], in[r + q], s);
                }
                dw[d0 + kh * KW + kw] += s;
            }
        }
    }
}
