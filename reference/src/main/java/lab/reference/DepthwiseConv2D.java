package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * Depthwise 2-D convolution, naive loops, as DL4J's DepthwiseConvolution2D computes it: each input channel c
 * is convolved (cross-correlation, as {@link Conv2D}) with its own M kernels and nothing else, giving output
 * channels c*M .. c*M + M-1. There is no sum over channels, which is the whole difference from a conv. Not
 * fast, and not separable: a pointwise 1x1 conv after it is a separate layer.
 *
 * <pre>
 * Legend: N batch, C in-channels, M depth multiplier, H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW zero padding (each side).
 *   x   (N, C, H, W)        w (C, M, KH, KW)      b (C*M), none without a bias
 *   out (N, C*M, OH, OW)    output channel o = c*M + m;  OH = (H + 2 PH - KH) / SH + 1, rounded down
 * </pre>
 *
 * W's logical shape here is (C, M, KH, KW), so that w[c, m] is the kernel of output channel c*M + m and the
 * flat index of (c, m) IS that channel. DL4J stores the same numbers as [kH, kW, nIn, depthMultiplier]; the
 * class that knows DL4J's layouts permutes between the two.
 */
public final class DepthwiseConv2D implements Layer {

    private final int C, H, W, M, KH, KW, SH, SW, PH, PW, OH, OW;
    private final boolean bias;
    private final Window window; // kernel, stride, padding and the output size OH x OW
    private final Param w; // (C, M, KH, KW)
    private final Param b; // (C*M); null without a bias

    // Forward keeps its input: backward needs x for dw (dout * x), and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;

    /** {@code bias} false: no b at all, each output is its kernel's weighted sum alone. */
    public DepthwiseConv2D(Shape in, int multiplier, int kh, int kw, int sh, int sw, int ph, int pw, boolean bias) {
        C = in.c();
        H = in.h();
        W = in.w();
        M = multiplier;
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        PH = ph;
        PW = pw;
        this.bias = bias;
        window = Window.padded(describe(), in, M, KH, KW, SH, SW, PH, PW);
        OH = window.oh();
        OW = window.ow();
        w = new Param("W", C, M, KH, KW);
        b = bias ? new Param("b", C * M) : null;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        int F = C * M; // output channels
        double[] out = new double[n * F * OH * OW]; // (N, C*M, OH, OW)
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int m = 0; m < M; m++) {
                    int o = c * M + m; // DL4J's output channel order
                    for (int oh = 0; oh < OH; oh++) {
                        for (int ow = 0; ow < OW; ow++) {
                            double sum = b == null ? 0 : b.value()[o];
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * SH - PH + kh;
                                    int iw = ow * SW - PW + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue; // zero padding: contributes nothing
                                    }
                                    // channel c only: no sum over input channels
                                    sum += w.value()[at(c, m, kh, kw, M, KH, KW)] * x[at(in, c, ih, iw, C, H, W)];
                                }
                            }
                            out[at(in, o, oh, ow, F, OH, OW)] = sum;
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The same loop nest as forward. Each kernel w[c,m] is shared by every (n, oh, ow), so its gradient sums
     * over them; and each input x[n,c,ih,iw] fed all M kernels of its channel, so dx sums over m too.
     */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        int F = C * M;
        double[] dx = new double[n * C * H * W]; // (N, C, H, W)
        double[] dw = w.grad();
        double[] db = b == null ? null : b.grad();
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int m = 0; m < M; m++) {
                    int o = c * M + m;
                    for (int oh = 0; oh < OH; oh++) {
                        for (int ow = 0; ow < OW; ow++) {
                            double g = dout[at(in, o, oh, ow, F, OH, OW)];
                            if (db != null) {
                                // forward was: out[n,o,oh,ow] = b[o] + ...   (b[o] shared by every n, oh, ow)
                                db[o] += g;
                            }
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * SH - PH + kh;
                                    int iw = ow * SW - PW + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue;
                                    }
                                    // forward was: out[n,c*M+m,oh,ow] += w[c,m,kh,kw] * x[n,c,ih,iw]
                                    dw[at(c, m, kh, kw, M, KH, KW)] += g * x[at(in, c, ih, iw, C, H, W)];
                                    dx[at(in, c, ih, iw, C, H, W)] += g * w.value()[at(c, m, kh, kw, M, KH, KW)];
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    @Override
    public List<Param> params() {
        return b == null ? List.of(w) : List.of(w, b);
    }

    /**
     * DL4J's fans for its depthwise W (DepthwiseConvolutionParamInitializer in M2.1, read with javap):
     * fanIn = C*KH*KW, fanOut = M*KH*KW / (SH*SW), the conv's formula with M in the place of the filters,
     * although each kernel sees one channel. Only the initial draw depends on it.
     */
    @Override
    public Optional<Init.Fans> fans() {
        return Optional.of(window.fans(C, M));
    }

    /** Kernel, stride, padding and output size. */
    public Window window() {
        return window;
    }

    @Override
    public Shape inputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public Shape outputShape() {
        return new Shape(C * M, OH, OW);
    }

    @Override
    public String describe() {
        return new Architecture.DepthwiseConv(M, KH, KW, SH, SW, PH, PW, bias).toString();
    }
}
