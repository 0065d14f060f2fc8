package lab.reference;

/**
 * The geometry of a sliding window over an H x W input, per axis: kernel, stride, zero padding, and the
 * output size it gives; one place for the size checks and their messages. Conv2D and LocallyConnected2D
 * take a padded window ({@link #padded}), the pools a tiling one ({@link #tiling}). Not a layer: no
 * channels, no weights.
 *
 * <pre>
 *   padded:  OH = (H + 2 PH - KH) / SH + 1, rounded down (DL4J's Truncate mode drops a row that runs past)
 *   tiling:  OH = (H - KH) / SH + 1 exactly (no padding; a row the windows would drop is an error)
 * </pre>
 */
public record Window(int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {

    /**
     * A conv's window on {@code in} (its filters checked with it, as the message names them together);
     * throws naming {@code layer} (its text form) if a setting is impossible or the kernel does not fit.
     */
    public static Window padded(String layer, Shape in, int filters, int kh, int kw, int sh, int sw, int ph,
                                int pw) {
        if (filters < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException(layer + ": filters, kernel and stride must be >= 1, padding >= 0");
        }
        int h = in.h(), w = in.w();
        if (h + 2 * ph < kh || w + 2 * pw < kw) {
            throw new IllegalArgumentException(layer + ": kernel " + kh + "x" + kw + " does not fit input "
                    + h + "x" + w + " with padding " + ph + "x" + pw);
        }
        return new Window(kh, kw, sh, sw, ph, pw, (h + 2 * ph - kh) / sh + 1, (w + 2 * pw - kw) / sw + 1);
    }

    /** A pool's window on {@code in}: no padding, and the windows must tile the input exactly. */
    public static Window tiling(String layer, Shape in, int kh, int kw, int sh, int sw) {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1) {
            throw new IllegalArgumentException(layer + ": kernel and stride must be >= 1");
        }
        int h = in.h(), w = in.w();
        if (h < kh || w < kw) {
            throw new IllegalArgumentException(layer + ": window " + kh + "x" + kw
                    + " is larger than its input " + h + "x" + w);
        }
        if ((h - kh) % sh != 0 || (w - kw) % sw != 0) {
            throw new IllegalArgumentException(layer + ": input " + h + "x" + w + " does not tile into "
                    + kh + "x" + kw + " windows at stride " + sh + "x" + sw
                    + " (the last rows or columns would be dropped)");
        }
        return new Window(kh, kw, sh, sw, 0, 0, (h - kh) / sh + 1, (w - kw) / sw + 1);
    }

    /**
     * DL4J's fan-in and fan-out of a conv kernel on this window, {@code channels} in and {@code filters}
     * out: C*KH*KW and F*KH*KW / (SH*SW). A locally connected layer uses the same (see {@link Init}).
     */
    public Init.Fans fans(int channels, int filters) {
        return new Init.Fans((double) channels * kh * kw, (double) filters * kh * kw / (sh * sw));
    }
}
