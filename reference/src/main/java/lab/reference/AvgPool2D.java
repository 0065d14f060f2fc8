package lab.reference;

import static lab.reference.Index.at;

/**
 * Average pooling over KH x KW windows at stride SH x SW, per channel, no padding: every window is
 * whole, so the divisor is always KH * KW (as DL4J's SubsamplingLayer AVG in Truncate mode).
 *
 * <pre>
 *   x (N, C, H, W)  ->  out (N, C, OH, OW),  OH = (H - KH) / SH + 1 exactly
 * </pre>
 */
public final class AvgPool2D extends Pooling {

    private int n; // backward needs only the batch size: the average does not depend on x

    public AvgPool2D(Shape in, int kh, int kw, int sh, int sw) {
        super(in, kh, kw, sh, sw);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] out = new double[n * C * OH * OW];
        double scale = 1.0 / (KH * KW);
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double sum = 0;
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                sum += x[at(in, c, oh * SH + kh, ow * SW + kw, C, H, W)];
                            }
                        }
                        out[at(in, c, oh, ow, C, OH, OW)] = sum * scale;
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
        double scale = 1.0 / (KH * KW);
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double g = dout[at(in, c, oh, ow, C, OH, OW)];
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                // forward was: out[n,c,oh,ow] += x[n,c,oh*SH+kh,ow*SW+kw] / (KH*KW)
                                dx[at(in, c, oh * SH + kh, ow * SW + kw, C, H, W)] += g * scale;
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    @Override
    public String describe() {
        return Architecture.Pool.describe("avgpool", KH, KW, SH, SW);
    }
}
