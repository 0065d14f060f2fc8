import static lab.reference.Index.at;

import java.util.List;

import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * Your 2-D convolution, graded against DL4J's ConvolutionLayer by {@code ./lab grade DIR}.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW zero padding (each side).
 *   x   (N, C, H, W)      w  (F, C, KH, KW)     b (F)
 *   out (N, F, OH, OW)    OH = (H + 2 PH - KH) / SH + 1, rounded down (DL4J's Truncate mode)
 * Every array is flat and row-major: x[n,c,h,w] is x[at(n, c, h, w, C, H, W)].
 * </pre>
 */
public final class MyConv implements Layer {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final Param w; // (F, C, KH, KW), DL4J's name "W"
    private final Param b; // (F), DL4J's name "b"

    // What forward keeps for backward: the input (dW needs dout * x) and the batch size.
    private double[] x; // (N, C, H, W)
    private int n;

    public MyConv(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
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
        OH = (H + 2 * PH - KH) / SH + 1;
        OW = (W + 2 * PW - KW) / SW + 1;
        w = new Param("W", F, C, KH, KW);
        b = new Param("b", F);
    }

    /**
     * out[n,f,oh,ow] = b[f] + sum over (c, kh, kw) of w[f,c,kh,kw] * x[n, c, oh*SH - PH + kh, ow*SW - PW + kw]
     *
     * DL4J's conventions, which the grader holds you to:
     * - cross-correlation: w[f,c,kh,kw] meets the input at (oh*SH - PH + kh, ow*SW - PW + kw); the kernel is
     *   NOT flipped (a textbook "convolution" would read w[f,c,KH-1-kh,KW-1-kw]: DL4J does not);
     * - zero padding on each side: an input position outside 0..H-1 or 0..W-1 contributes nothing (skip it);
     * - keep x and n in the fields: backward needs them.
     *
     * @param x (N, C, H, W) flat
     * @return out (N, F, OH, OW) flat
     */
    @Override
    public double[] forward(double[] x, int n) {
        //>> forward
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
        //<< forward
    }

    /**
     * From dout = dL/dout (N, F, OH, OW): returns dx = dL/dx (N, C, H, W) and ADDS dL/dW into w.grad()
     * (F, C, KH, KW) and dL/db into b.grad() (F).
     *
     * - Gradients only add (+=): the caller zeroes w.grad() and b.grad() before each backward.
     * - Weight sharing: w[f,c,kh,kw] was used at EVERY (n, oh, ow), so its gradient is a sum over all of them;
     *   b[f] likewise. Sums over the batch too: DL4J's layer gradients are plain sums (the 1/N of a mean loss
     *   belongs to the loss, not to the layer).
     * - Walk the same loop nest as forward, with the same input position (oh*SH - PH + kh, ow*SW - PW + kw)
     *   and the same padded positions skipped. For each forward term out += w * x, backward does
     *   dW += dout * x and dx += dout * w.
     */
    @Override
    public double[] backward(double[] dout) {
        //>> backward
        double[] dx = new double[n * C * H * W];
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
        //<< backward
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
        return "MyConv(" + F + ", k" + KH + "x" + KW + ", s" + SH + "x" + SW + ", p" + PH + "x" + PW + ")";
    }
}
