package lab.fast;

/**
 * {@link ConvKernel} in float: the arithmetic of one stride-1 conv layer for ONE example, every value the
 * chain {@link ConvKernel} spells out, each step rounded to float. Two implementations give the same
 * bits: {@link FloatConvLoops} (plain loops, the order written out) and {@code FloatConv2DVector} (the
 * Vector API, twice the lanes of the double kernel). An instance keeps one thread's scratch. Not a layer.
 */
abstract class FloatConvKernel extends ConvGeometry {

    final float[] xp; // (C, HP, WP) + KW slack: one example, zero-padded; the borders are never written

    FloatConvKernel(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        super(C, H, W, F, KH, KW, PH, PW, OH, OW);
        xp = new float[paddedLength()];
    }

    /** out[o0 ..] (F, OH, OW) of the example x[x0 ..] (C, H, W); every value written. */
    abstract void forward(float[] x, int x0, float[] w, float[] b, float[] out, int o0);

    /**
     * The example's share of the gradients: dwPart[p0 ..] (F, T) and dbPart[b0 ..] (F), overwritten; and
     * dx[dx0 ..] (C, H, W), overwritten, unless dx is null.
     */
    abstract void backward(float[] dout, int o0, float[] x, int x0, float[] w, float[] dwPart, int p0,
                           float[] dbPart, int b0, float[] dx, int dx0);
}
