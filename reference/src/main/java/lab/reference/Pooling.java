package lab.reference;

/**
 * What max and average pooling share: the window geometry and its checks ({@link Window#tiling}). No
 * padding, and the windows must tile the input exactly; a row or column that a window would silently drop
 * is an error instead (the usual cause is an image side the architecture was not made for).
 */
abstract class Pooling implements Layer {

    final int C, H, W, KH, KW, SH, SW, OH, OW;
    private final Window window;

    Pooling(Shape in, int kh, int kw, int sh, int sw) {
        C = in.c();
        H = in.h();
        W = in.w();
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        window = Window.tiling(describe(), in, KH, KW, SH, SW);
        OH = window.oh();
        OW = window.ow();
    }

    /** Kernel, stride and output size (no padding): what a faster kernel for this layer needs to know. */
    public Window window() {
        return window;
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
