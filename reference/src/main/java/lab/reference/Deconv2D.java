package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * Transposed 2-D convolution ("deconvolution"), naive loops, as DL4J's Deconvolution2D computes it in its
 * default Truncate mode: each input value x[c,ih,iw] stamps its kernel w[c,f] onto the output at
 * (ih*SH - PH, iw*SW - PW), and overlapping stamps add. It is the backward of a conv's input run forward,
 * which is why its loop is a conv's backward loop. Not an inverse of a conv, and not fast.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters (out-channels), H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW padding (cropped from each side of the full output).
 *   x   (N, C, H, W)      w (C, F, KH, KW)     b (F), none without a bias
 *   out (N, F, OH, OW)    OH = (H - 1) SH + KH - 2 PH
 *   out[n,f,ih*SH-PH+kh,iw*SW-PW+kw] += x[n,c,ih,iw] * w[c,f,kh,kw]   where that lands inside the output
 * </pre>
 *
 * W's logical shape has the INPUT channels first, (C, F, KH, KW), as DL4J's Deconvolution2D ([nIn, nOut, kH,
 * kW]) and PyTorch's ConvTranspose2d store it: the kernel w[c] is what input channel c spreads.
 */
public final class Deconv2D implements Layer {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final boolean bias;
    private final Param w; // (C, F, KH, KW)
    private final Param b; // (F); null without a bias

    // Forward keeps its input: backward needs x for dw (dout * x), and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;

    /** {@code bias} false: no b at all, the output is the sum of the stamps alone. */
    public Deconv2D(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw, boolean bias) {
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
        this.bias = bias;
        if (F < 1 || KH < 1 || KW < 1 || SH < 1 || SW < 1 || PH < 0 || PW < 0) {
            throw new IllegalArgumentException(describe() + ": filters, kernel and stride must be >= 1, padding >= 0");
        }
        long oh = (long) (H - 1) * SH + KH - 2L * PH;
        long ow = (long) (W - 1) * SW + KW - 2L * PW;
        if (oh < 1 || ow < 1) {
            throw new IllegalArgumentException(describe() + ": output (H - 1) SH + KH - 2 PH would be " + oh + "x" + ow
                    + " on input " + H + "x" + W + "; the padding " + PH + "x" + PW + " crops away everything");
        }
        OH = (int) oh;
        OW = (int) ow;
        w = new Param("W", C, F, KH, KW);
        b = bias ? new Param("b", F) : null;
    }

    /**
     * Two nests: the bias fills every output position, then each input value stamps its kernels. The stamp
     * nest runs over the INPUT positions, the conv's backward nest, so no output position is searched for.
     */
    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        double[] out = new double[n * F * OH * OW]; // (N, F, OH, OW)
        if (b != null) {
            for (int in = 0; in < n; in++) {
                for (int f = 0; f < F; f++) {
                    for (int oh = 0; oh < OH; oh++) {
                        for (int ow = 0; ow < OW; ow++) {
                            out[at(in, f, oh, ow, F, OH, OW)] = b.value()[f];
                        }
                    }
                }
            }
        }
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int ih = 0; ih < H; ih++) {
                    for (int iw = 0; iw < W; iw++) {
                        double v = x[at(in, c, ih, iw, C, H, W)];
                        for (int f = 0; f < F; f++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int oh = ih * SH - PH + kh;
                                    int ow = iw * SW - PW + kw;
                                    if (oh < 0 || oh >= OH || ow < 0 || ow >= OW) {
                                        continue; // cropped by the padding
                                    }
                                    out[at(in, f, oh, ow, F, OH, OW)] += v * w.value()[at(c, f, kh, kw, F, KH, KW)];
                                }
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /**
     * The same two nests. b[f] filled every (n, oh, ow) and w[c,f,kh,kw] stamped at every (n, ih, iw), so
     * their gradients sum over all of those: the {@code +=} is the deconv's weight sharing, as a conv's is.
     */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * C * H * W]; // (N, C, H, W)
        double[] dw = w.grad();
        if (b != null) {
            double[] db = b.grad();
            for (int in = 0; in < n; in++) {
                for (int f = 0; f < F; f++) {
                    for (int oh = 0; oh < OH; oh++) {
                        for (int ow = 0; ow < OW; ow++) {
                            // forward was: out[n,f,oh,ow] = b[f]   (b[f] shared by every n, oh, ow)
                            db[f] += dout[at(in, f, oh, ow, F, OH, OW)];
                        }
                    }
                }
            }
        }
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int ih = 0; ih < H; ih++) {
                    for (int iw = 0; iw < W; iw++) {
                        for (int f = 0; f < F; f++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int oh = ih * SH - PH + kh;
                                    int ow = iw * SW - PW + kw;
                                    if (oh < 0 || oh >= OH || ow < 0 || ow >= OW) {
                                        continue;
                                    }
                                    double g = dout[at(in, f, oh, ow, F, OH, OW)];
                                    // forward was: out[n,f,oh,ow] += x[n,c,ih,iw] * w[c,f,kh,kw]
                                    dw[at(c, f, kh, kw, F, KH, KW)] += g * x[at(in, c, ih, iw, C, H, W)];
                                    dx[at(in, c, ih, iw, C, H, W)] += g * w.value()[at(c, f, kh, kw, F, KH, KW)];
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
     * DL4J's fans for Deconvolution2D (DeconvolutionParamInitializer in M2.1, read with javap): the conv's
     * formula with nIn = C and nOut = F, fanIn = C*KH*KW and fanOut = F*KH*KW / (SH*SW).
     */
    @Override
    public Optional<Init.Fans> fans() {
        return Optional.of(new Init.Fans((double) C * KH * KW, (double) F * KH * KW / (SH * SW)));
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
        return new Architecture.Deconv(F, KH, KW, SH, SW, PH, PW, bias).toString();
    }
}
