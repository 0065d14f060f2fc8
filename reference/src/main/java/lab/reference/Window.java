package lab.reference;

/**
 * The geometry of a sliding window over an H x W input, per axis: kernel, stride, zero padding at the top
 * and left, dilation, and the output size it gives; one place for the size checks and their messages.
 * Conv2D takes a padded window ({@link #padded}) or DL4J's Same one ({@link #same}), LocallyConnected2D a
 * padded one; the pools a tiling one ({@link #tiling}), a floor-mode one ({@link #truncated}) or Same. Not a
 * layer: no channels, no weights.
 *
 * <p>Output (oh, ow), tap (kh, kw) reads input row {@code oh*SH - PH + kh*DH} and column
 * {@code ow*SW - PW + kw*DW}; one outside the input is padding. The padding at the bottom and right is not
 * stored: it is whatever lies past the input up to the last window, at most PH for a padded window, and PH
 * or PH + 1 for Same (the odd row of an odd total goes to the bottom).
 *
 * <pre>
 *   EH = (KH - 1) DH + 1, the dilated kernel's extent (KH without dilation)
 *   padded:    OH = (H + 2 PH - EH) / SH + 1, rounded down (DL4J's Truncate mode drops a row that runs past)
 *   truncated: the same for a pool, whose padding must be smaller than its window
 *   same:      OH = ceil(H / SH), total padding max(0, (OH - 1) SH + EH - H), PH = total / 2 rounded down
 *   tiling:    OH = (H - KH) / SH + 1 exactly (no padding; a row the windows would drop is an error)
 * </pre>
 *
 * @param ph the padding at the top (also at the bottom, but for Same's odd row)
 * @param pw the padding at the left (also at the right, but for Same's odd column)
 */
public record Window(int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow, int dh, int dw) {

    /** A window without dilation: every tap next to the last. */
    public Window(int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {
        this(kh, kw, sh, sw, ph, pw, oh, ow, 1, 1);
    }

    /**
     * A conv's window on {@code in} (its filters checked with it, as the message names them together);
     * throws naming {@code layer} (its text form) if a setting is impossible or the kernel does not fit.
     */
    public static Window padded(String layer, Shape in, int filters, int kh, int kw, int sh, int sw, int ph,
                                int pw) {
        return padded(layer, in, filters, kh, kw, sh, sw, ph, pw, 1, 1);
    }

    /** As {@link #padded(String, Shape, int, int, int, int, int, int, int)}, with dilation DH x DW. */
    public static Window padded(String layer, Shape in, int filters, int kh, int kw, int sh, int sw, int ph,
                                int pw, int dh, int dw) {
        if (filters < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || dh < 1 || dw < 1) {
            throw new IllegalArgumentException(layer + ": filters, kernel"
                    + (dh == 1 && dw == 1 ? " and stride" : ", stride and dilation") + " must be >= 1, padding >= 0");
        }
        return fitted(layer, "kernel", in, kh, kw, sh, sw, ph, pw, dh, dw);
    }

    /**
     * A conv's window in DL4J's ConvolutionMode.Same on {@code in}: as many outputs as the stride leaves,
     * ceil(H / SH), and the padding that needs split with the odd row at the bottom (and the odd column at
     * the right), as DL4J's Same mode does. Checked as
     * {@link #padded}; Same always fits.
     */
    public static Window same(String layer, Shape in, int filters, int kh, int kw, int sh, int sw, int dh, int dw) {
        if (filters < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1 || dh < 1 || dw < 1) {
            throw new IllegalArgumentException(layer + ": filters, kernel"
                    + (dh == 1 && dw == 1 ? " and stride" : ", stride and dilation") + " must be >= 1");
        }
        return sameFit(in, kh, kw, sh, sw, dh, dw);
    }

    /** A pool's window in Same mode: as a conv's, without dilation. */
    public static Window same(String layer, Shape in, int kh, int kw, int sh, int sw) {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1) {
            throw new IllegalArgumentException(layer + ": kernel and stride must be >= 1");
        }
        return sameFit(in, kh, kw, sh, sw, 1, 1);
    }

    private static Window sameFit(Shape in, int kh, int kw, int sh, int sw, int dh, int dw) {
        return new Window(kh, kw, sh, sw, sameTopPadding(in.h(), kh, sh, dh), sameTopPadding(in.w(), kw, sw, dw),
                ceilDiv(in.h(), sh), ceilDiv(in.w(), sw), dh, dw);
    }

    /**
     * Same's padding before the first row on a side of {@code size}: half the total, rounded down, so an
     * odd total puts its extra row after the last. The total is what the ceil(size / stride) windows, the
     * last one dilated to its full extent, reach past the input; none if they do not.
     */
    public static int sameTopPadding(int size, int kernel, int stride, int dilation) {
        int out = ceilDiv(size, stride);
        int extent = (kernel - 1) * dilation + 1;
        int total = Math.max(0, (out - 1) * stride + extent - size);
        return total / 2;
    }

    /**
     * A pool's window in floor mode (DL4J's Truncate, PyTorch's default): zero padding on each side, smaller
     * than the window (so every window holds at least one input), and a row or column the last window would
     * run past is dropped. Throws naming {@code layer} if a setting is impossible or the window does not fit.
     */
    public static Window truncated(String layer, Shape in, int kh, int kw, int sh, int sw, int ph, int pw) {
        if (kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0) {
            throw new IllegalArgumentException(layer + ": kernel and stride must be >= 1, padding >= 0");
        }
        if (ph >= kh || pw >= kw) {
            throw new IllegalArgumentException(layer + ": padding " + ph + "x" + pw + " must be smaller than the"
                    + " window " + kh + "x" + kw + " (a window of padding alone has nothing to pool)");
        }
        return fitted(layer, "window", in, kh, kw, sh, sw, ph, pw, 1, 1);
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

    /** Truncate's output size, once the settings are known to be possible; throws if the window does not fit. */
    private static Window fitted(String layer, String what, Shape in, int kh, int kw, int sh, int sw, int ph, int pw,
                                 int dh, int dw) {
        int h = in.h(), w = in.w();
        int eh = (kh - 1) * dh + 1, ew = (kw - 1) * dw + 1; // the dilated kernel's extent
        if (h + 2 * ph < eh || w + 2 * pw < ew) {
            throw new IllegalArgumentException(layer + ": " + what + " " + kh + "x" + kw
                    + (dh == 1 && dw == 1 ? "" : " (dilated to " + eh + "x" + ew + ")") + " does not fit input "
                    + h + "x" + w + " with padding " + ph + "x" + pw);
        }
        return new Window(kh, kw, sh, sw, ph, pw, (h + 2 * ph - eh) / sh + 1, (w + 2 * pw - ew) / sw + 1, dh, dw);
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    /**
     * Whether every window lies inside an {@code h x w} input, so that no tap ever reads padding, at the top,
     * the left, or past the bottom and right (as Same's odd row does with PH 0): what a kernel that knows no
     * padding must check.
     */
    public boolean withinInput(int h, int w) {
        return ph == 0 && pw == 0 && (oh - 1) * sh + (kh - 1) * dh + 1 <= h && (ow - 1) * sw + (kw - 1) * dw + 1 <= w;
    }

    /**
     * DL4J's fan-in and fan-out of a conv kernel on this window, {@code channels} in and {@code filters}
     * out: C*KH*KW and F*KH*KW / (SH*SW), whatever the dilation (DL4J counts taps, not their extent). A
     * locally connected layer uses the same (see {@link Init}).
     */
    public Init.Fans fans(int channels, int filters) {
        return new Init.Fans((double) channels * kh * kw, (double) filters * kh * kw / (sh * sw));
    }
}
