package lab.reference;

import static lab.reference.Index.at;

/**
 * Max pooling over KH x KW windows at stride SH x SW, per channel, with the windows of {@link Pooling}:
 * tiling, floor mode with padding, or Same. Padding never wins: a window position outside the input is
 * skipped, as if it held -infinity that loses even to -infinity (every window holds at least one input, so
 * there is always one to route the gradient to). Ties go to the FIRST maximum in raster order (row outer,
 * column inner), as DL4J's SubsamplingLayer does: only that input receives the gradient. A NaN in a window
 * wins over every number (the first NaN, so it propagates as Math.max does and a diverging run shows in its
 * loss); a window of -infinity only gives -infinity from its first input. Not a general pooling with
 * dilation.
 *
 * <pre>
 *   x (N, C, H, W)  ->  out (N, C, OH, OW),  input row of window row kh: oh*SH - PH + kh
 * </pre>
 */
public final class MaxPool2D extends Pooling {

    // Forward keeps, for each output, the flat index into x of the input it copied: backward routes
    // the whole gradient there and nowhere else.
    private int[] argmax; // (N, C, OH, OW)
    private int n;

    /** Windows that must tile the input exactly (the short form {@code maxpool(K)}). */
    public MaxPool2D(Shape in, int kh, int kw, int sh, int sw) {
        super(Architecture.PoolKind.MAX, in, kh, kw, sh, sw, 0, 0, false, true);
    }

    /**
     * Any max pool of the text form: {@code tiles} as the five-argument constructor; otherwise floor mode
     * (rows past the last window dropped) with padding {@code ph x pw} on each side, smaller than the
     * window, or with {@code same} (padding 0 given) DL4J's Same mode.
     */
    public MaxPool2D(Shape in, int kh, int kw, int sh, int sw, int ph, int pw, boolean same, boolean tiles) {
        super(Architecture.PoolKind.MAX, in, kh, kw, sh, sw, ph, pw, same, tiles);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] out = new double[n * C * OH * OW];
        argmax = new int[out.length];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double max = Double.NEGATIVE_INFINITY; // any finite input beats it
                        int best = -1; // the first input is taken whatever it is: -infinity, NaN
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                int ih = oh * SH - PH + kh;
                                int iw = ow * SW - PW + kw;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                    continue; // padding never wins, not even against -infinity
                                }
                                int i = at(in, c, ih, iw, C, H, W);
                                // strict '>': a later tie never wins; the first NaN beats any number
                                if (best < 0 || x[i] > max || Double.isNaN(x[i]) && !Double.isNaN(max)) {
                                    max = x[i];
                                    best = i;
                                }
                            }
                        }
                        int o = at(in, c, oh, ow, C, OH, OW);
                        out[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        }
        return out;
    }

    /** An input no window reached (floor mode's dropped rows) and one no window chose alike get dx 0. */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * C * H * W];
        for (int o = 0; o < dout.length; o++) {
            // forward was: out[n,c,oh,ow] = x[argmax]. '+=' because overlapping windows can pick the same input.
            dx[argmax[o]] += dout[o];
        }
        return dx;
    }

    /** Flat indices into the last input of the chosen maxima (for tests that stay away from ties). */
    int[] argmax() {
        return argmax;
    }
}
