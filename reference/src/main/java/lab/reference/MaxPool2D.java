package lab.reference;

import static lab.reference.Index.at;

/**
 * Max pooling over KH x KW windows at stride SH x SW, per channel, no padding. Ties go to the FIRST
 * maximum in raster order (row outer, column inner), as DL4J's SubsamplingLayer does: only that input
 * receives the gradient. A NaN in a window wins over every number (the first NaN, so it propagates as
 * Math.max does and a diverging run shows in its loss); a window of -infinity only gives -infinity from
 * its first element. So every output has an input to route its gradient to. Not a general pooling with
 * padding or dilation.
 *
 * <pre>
 *   x (N, C, H, W)  ->  out (N, C, OH, OW),  OH = (H - KH) / SH + 1 exactly
 * </pre>
 */
public final class MaxPool2D extends Pooling {

    // Forward keeps, for each output, the flat index into x of the input it copied: backward routes
    // the whole gradient there and nowhere else.
    private int[] argmax; // (N, C, OH, OW)
    private int n;

    public MaxPool2D(Shape in, int kh, int kw, int sh, int sw) {
        super(in, kh, kw, sh, sw);
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
                        int best = -1; // the first element is taken whatever it is: -infinity, NaN
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                int i = at(in, c, oh * SH + kh, ow * SW + kw, C, H, W);
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

    @Override
    public String describe() {
        return Architecture.Pool.describe("maxpool", KH, KW, SH, SW);
    }
}
