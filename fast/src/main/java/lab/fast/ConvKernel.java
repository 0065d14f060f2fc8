package lab.fast;

/**
 * The arithmetic of one stride-1 conv layer for ONE example, in two implementations that give the same
 * bits: {@link Conv2DFast} (plain Java) and {@code Conv2DVector} (the Vector API). An instance keeps one
 * thread's scratch; the twin ({@link FastConv2D}) splits a batch over instances and adds the per-example
 * gradients in example order, so no result depends on how the batch was split. Not a layer.
 *
 * <p>What every implementation computes, element by element and in this order (each a chain of
 * {@code Math.fma} or {@code +} from the start value shown), so that two of them agree to the bit:
 * <pre>
 *   out[f, oh, ow]  = b[f] then + w[f,t] * xp[c, oh+kh, ow+kw] for t = 0 .. T-1 (fma)
 *   dw part[f, t]   = 0 then + dz[f, oh, ow] * xp[c, oh+kh, ow+kw] over (oh, ow) in raster order (fma)
 *   db part[f]      = 0 then + dz[f, oh, ow] over (oh, ow) in raster order
 *   dcol[t][q]      = 0 then + w[f,t] * dz[f][q] for f = 0 .. F-1 (fma), q over the flat padded rows
 *   dxp[c, p]       = 0 then + dcol[t][p - kh*WP - kw] for t = 0 .. T-1 (col2im); dx = dxp's interior
 * </pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel, PH PW padding,
 * HP = H + 2PH, WP = W + 2PW (the zero-padded image xp), L = OH*WP (flat output, WP - OW waste columns
 * per row), T = C*KH*KW taps, t = (c*KH + kh)*KW + kw.
 */
abstract class ConvKernel {

    final int C, H, W, F, KH, KW, PH, PW, OH, OW;
    final int HP, WP, L, T;
    final int[] tapOffset; // (T): where tap t reads the padded image, relative to output q: c*HP*WP + kh*WP + kw
    final double[] xp; // (C, HP, WP) + KW slack: one example, zero-padded; the borders are never written

    ConvKernel(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        this.C = C;
        this.H = H;
        this.W = W;
        this.F = F;
        this.KH = KH;
        this.KW = KW;
        this.PH = PH;
        this.PW = PW;
        this.OH = OH;
        this.OW = OW;
        HP = H + 2 * PH;
        WP = W + 2 * PW;
        L = OH * WP;
        T = C * KH * KW;
        tapOffset = new int[T];
        for (int c = 0; c < C; c++) {
            for (int kh = 0; kh < KH; kh++) {
                for (int kw = 0; kw < KW; kw++) {
                    tapOffset[(c * KH + kh) * KW + kw] = c * HP * WP + kh * WP + kw;
                }
            }
        }
        // the last tap of the last output reads HP*WP + KW - 2 past its channel's start: the slack covers it
        xp = new double[C * HP * WP + KW];
    }

    /** out[o0 ..] (F, OH, OW) of the example x[x0 ..] (C, H, W); every value written. */
    abstract void forward(double[] x, int x0, double[] w, double[] b, double[] out, int o0);

    /**
     * The example's share of the gradients: dwPart[p0 ..] (F, T) and dbPart[b0 ..] (F), overwritten (the
     * twin adds them up); and dx[dx0 ..] (C, H, W), overwritten, unless dx is null.
     */
    abstract void backward(double[] dout, int o0, double[] x, int x0, double[] w, double[] dwPart, int p0,
                           double[] dbPart, int b0, double[] dx, int dx0);

    /** Copies the example x[x0 ..] (C, H, W) into the interior of xp; the borders stay 0. */
    final void pad(double[] x, int x0) {
        for (int c = 0; c < C; c++) {
            for (int ih = 0; ih < H; ih++) {
                System.arraycopy(x, x0 + (c * H + ih) * W, xp, (c * HP + ih + PH) * WP + PW, W);
            }
        }
    }

    /** dx[dx0 ..] (C, H, W) from dxp (C, HP, WP): its interior. */
    final void copyInterior(double[] dxp, double[] dx, int dx0) {
        for (int c = 0; c < C; c++) {
            for (int ih = 0; ih < H; ih++) {
                System.arraycopy(dxp, (c * HP + ih + PH) * WP + PW, dx, dx0 + (c * H + ih) * W, W);
            }
        }
    }
}
