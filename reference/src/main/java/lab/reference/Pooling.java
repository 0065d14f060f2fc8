package lab.reference;

/**
 * What max and average pooling share: the window geometry and its checks. No padding, and the windows
 * must tile the input exactly; a row or column that a window would silently drop is an error instead
 * (the usual cause is an image side the architecture was not made for).
 */
abstract class Pooling implements Layer {

    final int C, H, W, KH, KW, SH, SW, OH, OW;

    Pooling(Shape in, int kh, int kw, int sh, int sw) {
        C = in.c();
        H = in.h();
        W = in.w();
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        if (KH < 1 || KW < 1 || SH < 1 || SW < 1) {
            throw new IllegalArgumentException(describe() + ": kernel and stride must be >= 1");
        }
        if (H < KH || W < KW) {
            throw new IllegalArgumentException(describe() + ": window " + KH + "x" + KW
                    + " is larger than its input " + H + "x" + W);
        }
        if ((H - KH) % SH != 0 || (W - KW) % SW != 0) {
            throw new IllegalArgumentException(describe() + ": input " + H + "x" + W + " does not tile into "
                    + KH + "x" + KW + " windows at stride " + SH + "x" + SW
                    + " (the last rows or columns would be dropped)");
        }
        OH = (H - KH) / SH + 1;
        OW = (W - KW) / SW + 1;
    }

    @Override
    public Shape inputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public Shape outputShape() {
        return new Shape(C, OH, OW);
    }
}
