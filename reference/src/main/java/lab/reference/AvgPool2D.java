package lab.reference;

import static lab.reference.Index.at;

/**
 * Average pooling over KH x KW windows at stride SH x SW, per channel, with the windows of {@link Pooling}:
 * tiling, floor mode with padding, or Same. A window that hangs over the padding sums only its inputs, and
 * divides by {@link #divisor}: the number of its positions INSIDE the input, unless
 * {@link #PADDING_IN_DIVISOR} says otherwise. A window inside the input divides by KH * KW either way (all
 * a tiling pool has).
 *
 * <pre>
 *   x (N, C, H, W)  ->  out (N, C, OH, OW),  input row of window row kh: oh*SH - PH + kh
 * </pre>
 */
public final class AvgPool2D extends Pooling {

    /**
     * Whether padded positions count in an average's divisor: false, the average is over the inputs the
     * window covers (a corner window of a 3x3 pool with padding 1 divides by 4, not 9): DL4J 1.0.0-M2.1's
     * default (SubsamplingLayer's avgPoolIncludePadInDivisor = false, seen on M2.1 itself), which the mapping
     * also sets explicitly. PyTorch's default (count_include_pad=True) counts them.
     */
    static final boolean PADDING_IN_DIVISOR = false;

    private int n; // backward needs only the batch size: the average does not depend on x

    /** Windows that must tile the input exactly (the short form {@code avgpool(K)}). */
    public AvgPool2D(Shape in, int kh, int kw, int sh, int sw) {
        super(Architecture.PoolKind.AVG, in, kh, kw, sh, sw, 0, 0, false, true);
    }

    /**
     * Any average pool of the text form: {@code tiles} as the five-argument constructor; otherwise floor
     * mode (rows past the last window dropped) with padding {@code ph x pw} on each side, smaller than the
     * window, or with {@code same} (padding 0 given) DL4J's Same mode.
     */
    public AvgPool2D(Shape in, int kh, int kw, int sh, int sw, int ph, int pw, boolean same, boolean tiles) {
        super(Architecture.PoolKind.AVG, in, kh, kw, sh, sw, ph, pw, same, tiles);
    }

    /**
     * What window (oh, ow) divides its sum by: KH * KW if padding counts ({@link #PADDING_IN_DIVISOR}),
     * else the rows of the window inside the input times its columns inside (at least 1 each: padding is
     * smaller than the window, see {@link Window#truncated}).
     */
    int divisor(int oh, int ow) {
        if (PADDING_IN_DIVISOR) {
            return KH * KW;
        }
        int top = oh * SH - PH, left = ow * SW - PW; // the window's first row and column, maybe in the padding
        int rows = Math.min(top + KH, H) - Math.max(top, 0);
        int cols = Math.min(left + KW, W) - Math.max(left, 0);
        return rows * cols;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] out = new double[n * C * OH * OW];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double scale = 1.0 / divisor(oh, ow);
                        double sum = 0;
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                int ih = oh * SH - PH + kh;
                                int iw = ow * SW - PW + kw;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                    continue; // zero padding: adds nothing to the sum
                                }
                                sum += x[at(in, c, ih, iw, C, H, W)];
                            }
                        }
                        out[at(in, c, oh, ow, C, OH, OW)] = sum * scale;
                    }
                }
            }
        }
        return out;
    }

    /** An input no window reached (floor mode's dropped rows) gets dx 0. */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * C * H * W];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double scale = 1.0 / divisor(oh, ow);
                        double g = dout[at(in, c, oh, ow, C, OH, OW)];
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                int ih = oh * SH - PH + kh;
                                int iw = ow * SW - PW + kw;
                                if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                    continue;
                                }
                                // forward was: out[n,c,oh,ow] += x[n,c,ih,iw] / divisor(oh,ow)
                                dx[at(in, c, ih, iw, C, H, W)] += g * scale;
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }
}
