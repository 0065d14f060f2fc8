package org.example.layers;

import java.util.List;

import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * A user's own 2-D convolution, written outside the lab against its {@link Layer} contract: the kind of
 * layer a student or a port to another library would bring to the kit. Cross-correlation with stride and
 * zero padding, as DL4J computes it; plain loops, no speed intended.
 *
 * <pre>
 * N batch, C in-channels, F filters, H W input, OH OW output, KH KW kernel, SH SW stride, PH PW padding
 *   x (N, C, H, W)   w (F, C, KH, KW)   b (F)   y (N, F, OH, OW),  OH = (H + 2 PH - KH) / SH + 1
 * </pre>
 */
public final class MyConv implements Layer {

    private final Shape in;
    private final Shape out;
    private final int kh, kw, sh, sw, ph, pw;
    private final Param w; // (F, C, KH, KW): DL4J's name and layout, so the kit can hand both layers one W
    private final Param b; // (F)

    private double[] x; // the last forward's input: dW needs it
    private int n;

    public MyConv(Shape in, int filters, int kh, int kw, int sh, int sw, int ph, int pw) {
        int oh = (in.h() + 2 * ph - kh) / sh + 1;
        int ow = (in.w() + 2 * pw - kw) / sw + 1;
        if (in.h() + 2 * ph < kh || in.w() + 2 * pw < kw) {
            throw new IllegalArgumentException("MyConv: a " + kh + "x" + kw + " kernel does not fit a padded "
                    + (in.h() + 2 * ph) + "x" + (in.w() + 2 * pw) + " input");
        }
        this.in = in;
        this.out = new Shape(filters, oh, ow);
        this.kh = kh;
        this.kw = kw;
        this.sh = sh;
        this.sw = sw;
        this.ph = ph;
        this.pw = pw;
        this.w = new Param("W", filters, in.c(), kh, kw);
        this.b = new Param("b", filters);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, in);
        this.x = x;
        this.n = n;
        double[] y = new double[n * out.size()];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < out.c(); f++) {
                for (int oh = 0; oh < out.h(); oh++) {
                    for (int ow = 0; ow < out.w(); ow++) {
                        double sum = b.value()[f];
                        for (int c = 0; c < in.c(); c++) {
                            for (int r = 0; r < kh; r++) {
                                for (int s = 0; s < kw; s++) {
                                    int h = oh * sh - ph + r, v = ow * sw - pw + s;
                                    if (inside(h, v)) { // outside is the zero padding
                                        sum += w.value()[wAt(f, c, r, s)] * x[xAt(i, c, h, v)];
                                    }
                                }
                            }
                        }
                        y[yAt(i, f, oh, ow)] = sum;
                    }
                }
            }
        }
        return y;
    }

    /** The same loops: each weight met every (i, oh, ow), so its gradient adds them all up (+=, never =). */
    @Override
    public double[] backward(double[] dy) {
        Layer.checkBatch(this, "dout", dy, n, out);
        double[] dx = new double[n * in.size()];
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < out.c(); f++) {
                for (int oh = 0; oh < out.h(); oh++) {
                    for (int ow = 0; ow < out.w(); ow++) {
                        double g = dy[yAt(i, f, oh, ow)];
                        b.grad()[f] += g;
                        for (int c = 0; c < in.c(); c++) {
                            for (int r = 0; r < kh; r++) {
                                for (int s = 0; s < kw; s++) {
                                    int h = oh * sh - ph + r, v = ow * sw - pw + s;
                                    if (inside(h, v)) {
                                        w.grad()[wAt(f, c, r, s)] += g * x[xAt(i, c, h, v)];
                                        dx[xAt(i, c, h, v)] += g * w.value()[wAt(f, c, r, s)];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return dx;
    }

    private boolean inside(int h, int v) {
        return h >= 0 && h < in.h() && v >= 0 && v < in.w();
    }

    private int xAt(int i, int c, int h, int v) {
        return ((i * in.c() + c) * in.h() + h) * in.w() + v;
    }

    private int yAt(int i, int f, int oh, int ow) {
        return ((i * out.c() + f) * out.h() + oh) * out.w() + ow;
    }

    private int wAt(int f, int c, int r, int s) {
        return ((f * in.c() + c) * kh + r) * kw + s;
    }

    @Override
    public List<Param> params() {
        return List.of(w, b);
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return out;
    }

    @Override
    public String describe() {
        return "MyConv(" + out.c() + " filters, kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw
                + ", padding " + ph + "x" + pw + ")";
    }
}
