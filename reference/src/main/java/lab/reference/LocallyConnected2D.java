package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * Locally connected 2-D layer, naive loops: {@link Conv2D}'s receptive fields WITHOUT weight sharing. Every
 * output position (oh, ow) has its own kernel (F, C, KH, KW); the geometry (stride, zero padding, Truncate
 * rounding) is the conv's. The bias is one per filter, shared by all positions, because that is what DL4J's
 * LocallyConnected2D has (b [nOut]); or none at all. Not fast, and not a conv: its parameters grow with the
 * output area.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW zero padding (each side), P = OH*OW positions.
 *   x   (N, C, H, W)      w (P, C*KH*KW, F), read as w[oh, ow, c, kh, kw, f]      b (F), none without a bias
 *   out (N, F, OH, OW)    OH = (H + 2 PH - KH) / SH + 1, rounded down
 * </pre>
 *
 * W's shape is DL4J's own ([outH*outW, kH*kW*nIn, nOut], position p = oh*OW + ow, the tap in the conv's
 * (C, KH, KW) order), so moving weights between the stacks is a copy by shape.
 */
public final class LocallyConnected2D implements Layer {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final Architecture.Local spec; // the settings, for describe()
    private final Window window; // the conv's geometry: kernel, stride, padding, output size
    private final Param w; // (OH*OW, C*KH*KW, F)
    private final Param b; // (F); null without a bias

    // Forward keeps its input: backward needs x for dw (dout * x), and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;

    /** With a bias, as DL4J's default. */
    public LocallyConnected2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
        this(in, filters, kh, kw, sh, sw, ph, pw, true);
    }

    /** {@code bias} false: no b at all, the output is the weighted sum alone. */
    public LocallyConnected2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw, boolean bias) {
        spec = new Architecture.Local(filters, kh, kw, sh, sw, ph, pw, bias);
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
        long size = (long) OH * OW * C * KH * KW * F;
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(describe() + ": " + size + " weights, more than one array holds");
        }
        w = new Param("W", OH * OW, C * KH * KW, F);
        b = bias ? new Param("b", F) : null;
    }

    /** Offset of w[oh, ow, c, kh, kw, f]: position oh*OW + ow, then the conv's tap (c, kh, kw), then f. */
    private int wAt(int oh, int ow, int c, int kh, int kw, int f) {
        int position = at(oh, ow, OW);
        int tap = at(0, c, kh, kw, C, KH, KW); // c*KH*KW + kh*KW + kw
        return at(at(position, tap, C * KH * KW), f, F);
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
                                    int ih = oh * SH - PH + kh;
                                    int iw = ow * SW - PW + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue; // zero padding: contributes nothing
                                    }
                                    // The conv reads w[f,c,kh,kw] here; this layer reads the kernel of (oh, ow).
                                    sum += w.value()[wAt(oh, ow, c, kh, kw, f)] * x[at(in, c, ih, iw, C, H, W)];
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
     * The same loop nest as forward, and as {@link Conv2D#backward}, with one difference that is the point
     * of this layer: each weight w[oh,ow,c,kh,kw,f] was used at ONE position, so its gradient sums over the
     * batch only. There is no {@code +=} across (oh, ow) into one shared kernel, as the conv has; the bias,
     * which DL4J shares per filter, is the only parameter that still collects from every position.
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
                                    int ih = oh * SH - PH + kh;
                                    int iw = ow * SW - PW + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue;
                                    }
                                    int wi = wAt(oh, ow, c, kh, kw, f);
                                    // forward was: out[n,f,oh,ow] += w[oh,ow,c,kh,kw,f] * x[n,c,ih,iw]
                                    dw[wi] += g * x[at(in, c, ih, iw, C, H, W)]; // summed over n only
                                    dx[at(in, c, ih, iw, C, H, W)] += g * w.value()[wi];
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
     * The conv's fans, C*KH*KW and F*KH*KW / (SH*SW), as DL4J's LocallyConnected2D initialiser computes them
     * (each position's kernel is drawn as a conv kernel would be; see {@link Init}).
     */
    @Override
    public Optional<Init.Fans> fans() {
        return Optional.of(window.fans(C, F));
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
