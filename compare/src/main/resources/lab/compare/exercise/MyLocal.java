import static lab.reference.Index.at;

import java.util.List;

import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * Your locally connected 2-D layer (a convolution's receptive fields WITHOUT weight sharing: every output
 * position has its own kernel), graded against DL4J's LocallyConnected2D by {@code ./lab grade DIR}.
 *
 * <pre>
 * Legend: N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel,
 *         SH SW stride, PH PW zero padding (each side), P = OH*OW positions.
 *   x   (N, C, H, W)      w (P, C*KH*KW, F), read as w[oh, ow, c, kh, kw, f] (DL4J's layout)     b (F)
 *   out (N, F, OH, OW)    OH = (H + 2 PH - KH) / SH + 1, rounded down
 * Every array is flat and row-major: x[n,c,h,w] is x[at(n, c, h, w, C, H, W)]; w's offset is wAt(...).
 * </pre>
 */
public final class MyLocal implements Layer {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final Param w; // (OH*OW, C*KH*KW, F), DL4J's name "W"
    private final Param b; // (F), one per filter, shared by every position (as DL4J's), name "b"

    // What forward keeps for backward: the input (dW needs dout * x) and the batch size.
    private double[] x; // (N, C, H, W)
    private int n;

    public MyLocal(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
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
        w = new Param("W", OH * OW, C * KH * KW, F);
        b = new Param("b", F);
    }

    /** Offset of w[oh, ow, c, kh, kw, f]: position oh*OW + ow, then the tap (c, kh, kw) in the conv's order, then f. */
    private int wAt(int oh, int ow, int c, int kh, int kw, int f) {
        int position = at(oh, ow, OW);
        int tap = at(0, c, kh, kw, C, KH, KW);
        return at(0, position, tap, f, OH * OW, C * KH * KW, F);
    }

    /**
     * out[n,f,oh,ow] = b[f] + sum over (c, kh, kw) of w[oh,ow,c,kh,kw,f] * x[n, c, oh*SH - PH + kh, ow*SW - PW + kw]
     *
     * DL4J's conventions, which the grader holds you to:
     * - cross-correlation, as a conv: the kernel of (oh, ow) meets the input at (oh*SH - PH + kh, ow*SW - PW + kw),
     *   NOT flipped;
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
        //<< forward
    }

    /**
     * From dout = dL/dout (N, F, OH, OW): returns dx = dL/dx (N, C, H, W) and ADDS dL/dW into w.grad()
     * (OH*OW, C*KH*KW, F) and dL/db into b.grad() (F).
     *
     * - Gradients only add (+=): the caller zeroes w.grad() and b.grad() before each backward.
     * - No weight sharing: w[oh,ow,c,kh,kw,f] was used at ONE position, so its gradient sums over the batch
     *   only; b[f] is shared by every (n, oh, ow) and sums over all of them. Plain sums: no 1/N here.
     * - Walk the same loop nest as forward, with the same input position and the same padded positions skipped.
     *   For each forward term out += w * x, backward does dW += dout * x and dx += dout * w.
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
        return "MyLocal(" + F + ", k" + KH + "x" + KW + ", s" + SH + "x" + SW + ", p" + PH + "x" + PW + ")";
    }
}
