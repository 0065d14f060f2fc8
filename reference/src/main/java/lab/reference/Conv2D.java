package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * 2-D convolution, naive loops: the specification that any faster kernel is checked against.
 * Cross-correlation (no kernel flip) with zero padding and stride, exactly as DL4J's ConvolutionLayer
 * computes it in its default Truncate mode (an output row that would run past the input is dropped).
 * Not fast, on purpose: the {@code fast} module's twin of this layer runs faster kernels on the same
 * parameters, tested equal to these loops.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW zero padding (each side).
 *   x   (N, C, H, W)      w  (F, C, KH, KW)     b (F)
 *   out (N, F, OH, OW)    OH = (H + 2 PH - KH) / SH + 1, rounded down
 * </pre>
 */
public final class Conv2D implements Layer {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final Window window; // kernel, stride, padding and the output size OH x OW
    private final Param w; // (F, C, KH, KW)
    private final Param b; // (F)

    // Forward keeps its input: backward needs x for dw (dout * x), and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;

    public Conv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
        C = in.c();
        H = in.h();
        W = in.w();
        F = filters;
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        PH = ph;
        PW = pw;
        window = Window.padded(describe(), in, F, KH, KW, SH, SW, PH, PW);
        OH = window.oh();
        OW = window.ow();
        w = new Param("W", F, C, KH, KW);
        b = new Param("b", F);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        double[] out = new double[n * F * OH * OW]; // (N, F, OH, OW)
        for (int in = 0; in < n; in++) {
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double sum = b.value()[f];
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * SH - PH + kh;
                                    int iw = ow * SW - PW + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue; // zero padding: contributes nothing
                                    }
                                    sum += w.value()[at(f, c, kh, kw, C, KH, KW)] * x[at(in, c, ih, iw, C, H, W)];
                                }
                            }
                        }
                        out[at(in, f, oh, ow, F, OH, OW)] = sum;
                    }
                }
            }
        }
        return out;
    }

    /**
     * The same loop nest as forward. Every kernel weight w[f,c,kh,kw] was used at every (n, oh, ow), so
     * its gradient is a sum over all of them: the {@code +=} below is weight sharing, seen from backward.
     */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * C * H * W]; // (N, C, H, W)
        double[] dw = w.grad();
        double[] db = b.grad();
        for (int in = 0; in < n; in++) {
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double g = dout[at(in, f, oh, ow, F, OH, OW)];
                        // forward was: out[n,f,oh,ow] = b[f] + ...   (b[f] shared by every n, oh, ow)
                        db[f] += g;
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * SH - PH + kh;
                                    int iw = ow * SW - PW + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue;
                                    }
                                    // forward was: out[n,f,oh,ow] += w[f,c,kh,kw] * x[n,c,ih,iw]
                                    dw[at(f, c, kh, kw, C, KH, KW)] += g * x[at(in, c, ih, iw, C, H, W)];
                                    dx[at(in, c, ih, iw, C, H, W)] += g * w.value()[at(f, c, kh, kw, C, KH, KW)];
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
        return List.of(w, b);
    }

    /** The conv's fans, DL4J's (see {@link Window#fans}). */
    @Override
    public Optional<Init.Fans> fans() {
        return Optional.of(window.fans(C, F));
    }

    /** Kernel, stride, padding and output size: what a faster kernel for this layer needs to know. */
    public Window window() {
        return window;
    }

    @Override
    public Shape inputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public Shape outputShape() {
        return new Shape(F, OH, OW);
    }

    @Override
    public String describe() {
        return Architecture.Conv.describe(F, KH, KW, SH, SW, PH, PW);
    }
}
