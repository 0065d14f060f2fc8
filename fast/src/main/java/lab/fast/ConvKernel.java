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
 * per row), T = C*KH*KW taps, t = (c*KH + kh)*KW + kw. Its float twin is {@link FloatConvKernel}.
 */
abstract class ConvKernel extends ConvGeometry {

    final double[] xp; // (C, HP, WP) + KW slack: one example, zero-padded; the borders are never written

    ConvKernel(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        super(C, H, W, F, KH, KW, PH, PW, OH, OW);
        xp = new double[paddedLength()];
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
        pad(x, x0, xp);
    }
}
