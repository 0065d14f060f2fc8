package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * 2-D convolution, naive loops: the specification that any faster kernel is checked against.
 * Cross-correlation (no kernel flip) with zero padding, stride and dilation, exactly as DL4J's
 * ConvolutionLayer computes it, in its default Truncate mode (an output row that would run past the input
 * is dropped) or in its Same mode (ceil(H / SH) outputs, the padding computed, the odd row of an odd total
 * at the bottom; see {@link Window#same}). With or without a bias. Not fast, on purpose: the {@code fast}
 * module's twin of this layer runs faster kernels on the same parameters, tested equal to these loops.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW zero padding (top and left; the same at the bottom and right but for Same's
 *         odd row), DH DW dilation: tap kh reads input row oh*SH - PH + kh*DH.
 *   x   (N, C, H, W)      w  (F, C, KH, KW)     b (F), none without a bias
 *   out (N, F, OH, OW)    OH = (H + 2 PH - ((KH - 1) DH + 1)) / SH + 1, rounded down; Same: ceil(H / SH)
 * </pre>
 */
public final class Conv2D implements Layer {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, DH, DW, OH, OW;
    private final Architecture.Conv spec; // the settings as given (Same's padding is the window's)
    private final Window window; // kernel, stride, top and left padding, dilation and the output size OH x OW
    private final Param w; // (F, C, KH, KW)
    private final Param b; // (F); null without a bias

    // Forward keeps its input: backward needs x for dw (dout * x), and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;

    /** The plain conv: Truncate mode, no dilation, a bias. */
    public Conv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
        this(in, filters, kh, kw, sh, sw, ph, pw, 1, 1, false, true);
    }

    /**
     * Any conv of the text form: dilation {@code dh x dw}; {@code same} for DL4J's Same mode (then
     * {@code ph} and {@code pw} must be 0: the padding is computed); {@code bias} false for no b at all.
     */
    public Conv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw, int dh, int dw,
                  boolean same, boolean bias) {
        spec = new Architecture.Conv(filters, kh, kw, sh, sw, ph, pw, dh, dw, same, bias);
        C = in.c();
        H = in.h();
        W = in.w();
        F = filters;
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        DH = dh;
        DW = dw;
        window = same ? Window.same(describe(), in, F, KH, KW, SH, SW, DH, DW)
                : Window.padded(describe(), in, F, KH, KW, SH, SW, ph, pw, DH, DW);
        PH = window.ph();
        PW = window.pw();
        OH = window.oh();
        OW = window.ow();
        w = new Param("W", F, C, KH, KW);
        b = bias ? new Param("b", F) : null;
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
                        double sum = b == null ? 0 : b.value()[f];
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * SH - PH + kh * DH; // dilation: taps DH rows apart
                                    int iw = ow * SW - PW + kw * DW;
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
        double[] db = b == null ? null : b.grad();
        for (int in = 0; in < n; in++) {
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double g = dout[at(in, f, oh, ow, F, OH, OW)];
                        if (db != null) {
                            // forward was: out[n,f,oh,ow] = b[f] + ...   (b[f] shared by every n, oh, ow)
                            db[f] += g;
                        }
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * SH - PH + kh * DH;
                                    int iw = ow * SW - PW + kw * DW;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue;
                                    }
                                    // forward was: out[n,f,oh,ow] += w[f,c,kh,kw] * x[n,c,ih,iw]
                                    //   with ih = oh*SH - PH + kh*DH, iw = ow*SW - PW + kw*DW
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
        return b == null ? List.of(w) : List.of(w, b);
    }

    /** The conv's fans, DL4J's (see {@link Window#fans}): the same with or without dilation. */
    @Override
    public Optional<Init.Fans> fans() {
        return Optional.of(window.fans(C, F));
    }

    /**
     * Kernel, stride, top and left padding, dilation and output size: what a faster kernel for this layer
     * needs to know (with Same, the padding computed; the bottom's odd row is implied, see {@link Window}).
     */
    public Window window() {
        return window;
    }

    /** The settings as written in the text form (Same's padding is {@link #window()}'s). */
    public Architecture.Conv spec() {
        return spec;
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
        return spec.toString();
    }
}
