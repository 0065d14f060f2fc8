package lab.reference;

import static lab.reference.Index.at;

/**
 * Nearest-neighbour upsampling, as DL4J's Upsampling2D: each input value repeated over a KH x KW block of the
 * output. No parameters and no interpolation. Backward is the transpose of that copy: each block's gradients
 * are summed into the one value that filled it.
 *
 * <pre>
 * Legend: N batch, C channels, H W input, OH OW output, KH KW the factor per axis.
 *   x (N, C, H, W)   out (N, C, OH, OW),  OH = H * KH, OW = W * KW,  out[n,c,oh,ow] = x[n,c,oh/KH,ow/KW]
 * </pre>
 */
public final class Upsample2D implements Layer {

    private final int C, H, W, KH, KW, OH, OW;
    private int n; // backward needs only the batch size: the copy does not depend on x

    public Upsample2D(Shape in, int kh, int kw) {
        C = in.c();
        H = in.h();
        W = in.w();
        KH = kh;
        KW = kw;
        if (kh < 1 || kw < 1) {
            throw new IllegalArgumentException(describe() + ": the factor must be at least 1 on each axis");
        }
        if ((long) H * KH * W * KW * C > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(describe() + ": output " + C + "x" + ((long) H * KH) + "x"
                    + ((long) W * KW) + " is too large");
        }
        OH = H * KH;
        OW = W * KW;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] out = new double[n * C * OH * OW]; // (N, C, OH, OW)
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        out[at(in, c, oh, ow, C, OH, OW)] = x[at(in, c, oh / KH, ow / KW, C, H, W)];
                    }
                }
            }
        }
        return out;
    }

    /** The same loop nest: x[n,c,h,w] was read by every (oh, ow) of its block, so its gradient sums them. */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * C * H * W]; // (N, C, H, W)
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        // forward was: out[n,c,oh,ow] = x[n,c,oh/KH,ow/KW]
                        dx[at(in, c, oh / KH, ow / KW, C, H, W)] += dout[at(in, c, oh, ow, C, OH, OW)];
                    }
                }
            }
        }
        return dx;
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
        return new Architecture.Upsample(KH, KW).toString();
    }
}
