import static lab.reference.Index.at;

import lab.reference.Layer;
import lab.reference.Shape;

/**
 * Your max pooling, graded against DL4J's SubsamplingLayer (MAX) by {@code ./lab grade DIR}: KH x KW windows at
 * stride SH x SW, per channel, no padding.
 *
 * <pre>
 * Legend: N batch, C channels, H W input, OH OW output, KH KW window, SH SW stride.
 *   x (N, C, H, W)  ->  out (N, C, OH, OW),   OH = (H - KH) / SH + 1 (the grader's cases fit exactly)
 * Every array is flat and row-major: x[n,c,h,w] is x[at(n, c, h, w, C, H, W)].
 * </pre>
 */
public final class MyMaxPool implements Layer {

    private final int C, H, W, KH, KW, SH, SW, OH, OW;

    // What forward keeps for backward: for each output, the flat index into x of the input it copied.
    private int[] argmax; // (N, C, OH, OW)
    private int n;

    public MyMaxPool(Shape in, int kh, int kw, int sh, int sw) {
        C = in.c();
        H = in.h();
        W = in.w();
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        OH = (H - KH) / SH + 1;
        OW = (W - KW) / SW + 1;
    }

    /**
     * out[n,c,oh,ow] = the largest x[n, c, oh*SH + kh, ow*SW + kw] over the window's (kh, kw)
     *
     * DL4J's convention, which the grader holds you to (its inputs have ties on purpose):
     * - ties go to the FIRST maximum in raster order (kh outer, kw inner): a later equal value never wins,
     *   so compare with a strict '>', starting from Double.NEGATIVE_INFINITY;
     * - keep, for each output, where its maximum came from (argmax) and n: backward needs them.
     *
     * @param x (N, C, H, W) flat
     * @return out (N, C, OH, OW) flat
     */
    @Override
    public double[] forward(double[] x, int n) {
        //>> forward
        this.n = n;
        double[] out = new double[n * C * OH * OW];
        argmax = new int[out.length];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double max = Double.NEGATIVE_INFINITY;
                        int best = -1;
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                int i = at(in, c, oh * SH + kh, ow * SW + kw, C, H, W);
                                if (best < 0 || x[i] > max) { // strict '>': a later tie never wins
                                    max = x[i];
                                    best = i;
                                }
                            }
                        }
                        int o = at(in, c, oh, ow, C, OH, OW);
                        out[o] = max;
                        argmax[o] = best;
                    }
                }
            }
        }
        return out;
        //<< forward
    }

    /**
     * From dout = dL/dout (N, C, OH, OW): returns dx = dL/dx (N, C, H, W).
     *
     * - The whole of dout[n,c,oh,ow] goes to the ONE input its window chose in forward (the first maximum);
     *   every other input of the window gets nothing from it. Never split it among tied maxima.
     * - Add (+=): where windows overlap (stride below the window), one input can be chosen by several
     *   windows, and then receives the sum.
     */
    @Override
    public double[] backward(double[] dout) {
        //>> backward
        double[] dx = new double[n * C * H * W];
        for (int o = 0; o < dout.length; o++) {
            // forward was: out[n,c,oh,ow] = x[argmax]
            dx[argmax[o]] += dout[o];
        }
        return dx;
        //<< backward
    }

    @Override
    public Shape inputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public Shape outputShape() {
        return new Shape(C, OH, OW);
    }

    @Override
    public String describe() {
        return "MyMaxPool(k" + KH + "x" + KW + ", s" + SH + "x" + SW + ")";
    }
}
