package lab.reference;

/**
 * What max and average pooling share: the window geometry, its checks and the text form. Three kinds of
 * window ({@link Window}): tiling (the short form {@code maxpool(K)}, and the five-argument constructors:
 * no padding, and a row or column that a window would silently drop is an error, because the usual cause is
 * an image side the architecture was not made for); floor mode (DL4J's Truncate: padding smaller than the
 * window, the rows past the last window dropped); and DL4J's Same. A window position outside the input is
 * padding: never read, each subclass says what it counts for.
 *
 * <pre>
 * Legend: N batch, C channels, H W input, OH OW output, KH KW window, SH SW stride,
 *         PH PW padding at the top and left (the bottom and right: see {@link Window}).
 *   x (N, C, H, W)  ->  out (N, C, OH, OW)
 * </pre>
 */
abstract class Pooling implements Layer {

    final int C, H, W, KH, KW, SH, SW, PH, PW, OH, OW;
    private final String text; // the layer in the text form
    private final Window window;

    /**
     * {@code tiles}: the windows must tile the input exactly (then no padding and no Same); otherwise floor
     * mode with padding {@code ph x pw}, or with {@code same} DL4J's Same padding.
     */
    Pooling(Architecture.PoolKind kind, Shape in, int kh, int kw, int sh, int sw, int ph, int pw, boolean same,
            boolean tiles) {
        C = in.c();
        H = in.h();
        W = in.w();
        KH = kh;
        KW = kw;
        SH = sh;
        SW = sw;
        if (tiles) {
            if (ph != 0 || pw != 0 || same) {
                throw new IllegalArgumentException(new Architecture.Pool(kind, kh, kw, sh, sw) + ": windows that must"
                        + " tile the input take no padding");
            }
            // square windows at their own stride read as the short form maxpool(K), others in the long form
            text = new Architecture.Pool(kind, kh, kw, sh, sw).toString();
            window = Window.tiling(text, in, KH, KW, SH, SW);
        } else {
            text = new Architecture.Pool(kind, kh, kw, sh, sw, ph, pw, same, false).toString();
            window = same ? Window.same(text, in, KH, KW, SH, SW) : Window.truncated(text, in, KH, KW, SH, SW, ph, pw);
        }
        PH = window.ph();
        PW = window.pw();
        OH = window.oh();
        OW = window.ow();
    }

    /**
     * Kernel, stride, top and left padding and output size: what a faster kernel for this layer needs to
     * know. A kernel that reads no padding must check {@link Window#withinInput} first: Same can pad the
     * bottom alone, with PH 0.
     */
    public Window window() {
        return window;
    }

    @Override
    public String describe() {
        return text;
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
