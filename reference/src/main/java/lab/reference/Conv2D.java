package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * 2-D convolution, naive loops: the specification that any faster kernel is checked against.
 * Cross-correlation (no kernel flip) with zero padding and stride, exactly as DL4J's ConvolutionLayer
 * computes it in its default Truncate mode (an output row that would run past the input is dropped).
 * Not fast, on purpose: the fast path ({@link Network.Path#fast(int)}) runs {@link Conv2DFast} (stride 1)
 * or {@link Conv2DDirect} (other strides) instead, tested equal to these loops.
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
    private Network.Path path; // which kernels run: these naive loops, or the fast ones beside them
    private boolean inputGradient = true; // false: the fast path may skip dx (and return null)
    private final Window window; // kernel, stride, padding and the output size OH x OW
    private final Param w; // (F, C, KH, KW)
    private final Param b; // (F)

    // Forward keeps its input: backward needs x for dw (dout * x), and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;
    // The fast path writes into these, kept from the last batch: fresh megabyte arrays every batch cost
    // more than the arithmetic of the layers around the convolutions.
    private double[] outBuffer, dxBuffer;

    public Conv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
        this(in, filters, kh, kw, sh, sw, ph, pw, false);
    }

    /** @param direct true for the fast kernels on one thread ({@link Network.Path#fast(int)}); false for the naive spec below */
    public Conv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw, boolean direct) {
        this(in, filters, kh, kw, sh, sw, ph, pw, direct ? Network.Path.fast(1) : Network.Path.NAIVE);
    }

    /**
     * @param path {@link Network.Path#NAIVE} for the loops below; {@link Network.Path#fast(int)} for
     *             {@link Conv2DFast} (stride 1) or {@link Conv2DDirect} (other strides)
     */
    public Conv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw, Network.Path path) {
        this.path = path;
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
        if (path.fast() && Conv2DFast.applies(SH, SW)) {
            outBuffer = reuse(outBuffer, n * F * OH * OW);
            return Conv2DFast.forward(x, w.value(), b.value(), n, C, H, W, F, KH, KW, PH, PW, OH, OW, outBuffer);
        }
        if (path.fast()) {
            return Conv2DDirect.forward(x, w.value(), b.value(), n, C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW);
        }
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
        if (path.fast() && Conv2DFast.applies(SH, SW)) {
            dxBuffer = inputGradient ? reuse(dxBuffer, n * C * H * W) : null;
            return Conv2DFast.backward(dout, x, w.value(), w.grad(), b.grad(), n, C, H, W, F, KH, KW, PH, PW, OH, OW,
                    dxBuffer);
        }
        if (path.fast()) {
            return Conv2DDirect.backward(dout, x, w.value(), w.grad(), b.grad(), n, C, H, W, F, KH, KW, SH, SW, PH,
                    PW, OH, OW);
        }
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

    /** {@code buffer} if it has {@code length} values, else a new array: the caller overwrites every value. */
    static double[] reuse(double[] buffer, int length) {
        return buffer != null && buffer.length == length ? buffer : new double[length];
    }

    /**
     * Chooses the kernels; {@link Network} calls this once, before any batch. {@code inputGradient} false
     * (the network's first layer) lets the fast path skip dx, a quarter of its work, and return null.
     */
    void use(Network.Path path, boolean inputGradient) {
        this.path = path;
        this.inputGradient = inputGradient;
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
