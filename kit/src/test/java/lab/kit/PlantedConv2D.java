package lab.kit;

import static lab.reference.Index.at;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * A copy of the reference's Conv2D (test code only) with the classic mistakes of a hand-written conv
 * planted on request, for the tests that show the kit names each one. {@link Bug#NONE} is the textbook
 * layer, line for line.
 */
final class PlantedConv2D implements Layer {

    /** The mistakes: each is one line away from the correct layer. */
    enum Bug {
        NONE,
        /** dw[...] = instead of += : only the last position's term survives; weight sharing forgotten. */
        WEIGHT_GRADIENT_ASSIGNED,
        /** w[f, c, KH-1-kh, KW-1-kw]: a true convolution, not DL4J's cross-correlation (forward and backward). */
        FLIPPED_KERNEL,
        /** backward indexes the input as if there were no padding. */
        PADDING_IGNORED_IN_BACKWARD,
        /** backward walks the input at stride 1 whatever the forward's stride. */
        WRONG_STRIDE_IN_BACKWARD,
        /** db[f] restarts for every example: the bias gradient of the last example only. */
        BIAS_GRADIENT_NOT_SUMMED_OVER_BATCH
    }

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final Bug bug;
    private final Param w; // (F, C, KH, KW)
    private final Param b; // (F)
    private double[] x; // (N, C, H, W)
    private int n;

    PlantedConv2D(Shape in, Architecture.Conv k, Bug bug) {
        C = in.c();
        H = in.h();
        W = in.w();
        F = k.filters();
        KH = k.kh();
        KW = k.kw();
        SH = k.sh();
        SW = k.sw();
        PH = k.ph();
        PW = k.pw();
        OH = (H + 2 * PH - KH) / SH + 1;
        OW = (W + 2 * PW - KW) / SW + 1;
        this.bug = bug;
        w = new Param("W", F, C, KH, KW);
        b = new Param("b", F);
    }

    /** The kernel tap a (kh, kw) reads: itself, or its mirror image when the kernel is flipped. */
    private int tap(int f, int c, int kh, int kw) {
        return bug == Bug.FLIPPED_KERNEL ? at(f, c, KH - 1 - kh, KW - 1 - kw, C, KH, KW) : at(f, c, kh, kw, C, KH, KW);
    }

    @Override
    public double[] forward(double[] x, int n) {
        this.x = x;
        this.n = n;
        double[] out = new double[n * F * OH * OW];
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
                                        continue;
                                    }
                                    sum += w.value()[tap(f, c, kh, kw)] * x[at(in, c, ih, iw, C, H, W)];
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

    @Override
    public double[] backward(double[] dout) {
        double[] dx = new double[n * C * H * W];
        double[] dw = w.grad();
        double[] db = b.grad();
        int sh = bug == Bug.WRONG_STRIDE_IN_BACKWARD ? 1 : SH;
        int sw = bug == Bug.WRONG_STRIDE_IN_BACKWARD ? 1 : SW;
        int ph = bug == Bug.PADDING_IGNORED_IN_BACKWARD ? 0 : PH;
        int pw = bug == Bug.PADDING_IGNORED_IN_BACKWARD ? 0 : PW;
        for (int in = 0; in < n; in++) {
            if (bug == Bug.BIAS_GRADIENT_NOT_SUMMED_OVER_BATCH) {
                java.util.Arrays.fill(db, 0.0);
            }
            for (int f = 0; f < F; f++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double g = dout[at(in, f, oh, ow, F, OH, OW)];
                        db[f] += g;
                        for (int c = 0; c < C; c++) {
                            for (int kh = 0; kh < KH; kh++) {
                                for (int kw = 0; kw < KW; kw++) {
                                    int ih = oh * sh - ph + kh;
                                    int iw = ow * sw - pw + kw;
                                    if (ih < 0 || ih >= H || iw < 0 || iw >= W) {
                                        continue;
                                    }
                                    double term = g * x[at(in, c, ih, iw, C, H, W)];
                                    if (bug == Bug.WEIGHT_GRADIENT_ASSIGNED) {
                                        dw[tap(f, c, kh, kw)] = term;
                                    } else {
                                        dw[tap(f, c, kh, kw)] += term;
                                    }
                                    dx[at(in, c, ih, iw, C, H, W)] += g * w.value()[tap(f, c, kh, kw)];
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
        return "planted conv (" + bug + ")";
    }
}
