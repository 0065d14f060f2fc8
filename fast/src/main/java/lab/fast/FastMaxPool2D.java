package lab.fast;

import static lab.reference.Index.at;

import java.util.Arrays;

import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Shape;
import lab.reference.Window;

/**
 * {@link MaxPool2D}'s fast twin: the same maxima, ties and NaNs, without a branch per comparison
 * (conditional moves instead of jumps the predictor cannot guess), in buffers kept from the last batch.
 *
 * <pre>
 *   x (N, C, H, W)  ->  out (N, C, OH, OW),  the spec's windows (no padding)
 * </pre>
 */
final class FastMaxPool2D extends Twin<MaxPool2D> {

    private final int C, H, W, KH, KW, SH, SW, OH, OW;
    private final int threads;
    private final boolean vector; // the 2x2 windows' selects on the Vector API (MaxPoolVector)
    // 2x2 windows at stride 2 that tile the input exactly: the unrolled loops, which write every dx value
    // (a floor-mode pool's dropped last row or column goes through the general loop, which zeroes it).
    private final boolean halves;

    // Forward keeps, for each output, the flat index into x of the input it copied: backward routes
    // the whole gradient there and nowhere else.
    private int[] argmax; // (N, C, OH, OW)
    private int n;
    private double[] out, dx; // kept from the last batch (see Fast.reuse)

    FastMaxPool2D(MaxPool2D spec, Kernels kernels, int threads) {
        super(spec);
        this.threads = threads;
        vector = kernels.vectorApi();
        Shape in = spec.inputShape();
        Window window = spec.window();
        C = in.c();
        H = in.h();
        W = in.w();
        KH = window.kh();
        KW = window.kw();
        SH = window.sh();
        SW = window.sw();
        OH = window.oh();
        OW = window.ow();
        halves = KH == 2 && KW == 2 && SH == 2 && SW == 2 && 2 * OH == H && 2 * OW == W;
    }

    /**
     * The spec's loops, keeping only the index of the running max: {@code best = x[i] > x[best] ? i : best}
     * is an integer select the JIT compiles to a conditional move, where the naive pair of updates needs a
     * jump that random data mispredicts half the time. Same ties, same NaN behaviour: {@code !(x[i] <=
     * x[best])} is also true when x[i] is NaN, and {@code x[best] == x[best]} false once best is a NaN;
     * the non-short-circuit {@code &} keeps it one select.
     */
    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] y = out = Fast.reuse(out, n * C * OH * OW);
        if (argmax == null || argmax.length != y.length) {
            argmax = new int[y.length];
        }
        int[] best = argmax;
        Parallel.forEachChunk(Parallel.threadsFor(threads, x.length), n, (c, from, to) -> pool(x, y, best, from, to));
        return y;
    }

    /** Examples [from, to) of forward. */
    private void pool(double[] x, double[] out, int[] argmax, int from, int to) {
        if (halves) {
            pool2x2(x, out, argmax, from, to);
            return;
        }
        for (int in = from; in < to; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        int best = at(in, c, oh * SH, ow * SW, C, H, W);
                        for (int kh = 0; kh < KH; kh++) {
                            for (int kw = 0; kw < KW; kw++) {
                                int i = at(in, c, oh * SH + kh, ow * SW + kw, C, H, W);
                                // a later tie never wins; the first NaN beats any number and stays
                                best = !(x[i] <= x[best]) & x[best] == x[best] ? i : best;
                            }
                        }
                        int o = at(in, c, oh, ow, C, OH, OW);
                        out[o] = x[best];
                        argmax[o] = best;
                    }
                }
            }
        }
    }

    /**
     * The same for the common 2x2 window at stride 2 (every preset's), the window's four inputs in the
     * spec's order without index arithmetic per compare: the same maxima, ties and NaNs, bit for bit. On
     * {@link Kernels#VECTOR} a pair of rows at a time ({@link MaxPoolVector}), then the even columns kept.
     */
    private void pool2x2(double[] x, double[] out, int[] argmax, int from, int to) {
        double[] m = vector ? new double[W] : null, k = vector ? new double[W] : null; // this chunk's scratch
        int o = from * C * OH * OW;
        for (int plane = from * C; plane < to * C; plane++) {
            for (int oh = 0; oh < OH; oh++) {
                int row = plane * H * W + 2 * oh * W;
                if (vector) {
                    MaxPoolVector.rows(x, row, W, m, k);
                    for (int ow = 0; ow < OW; ow++, o++) {
                        out[o] = m[2 * ow];
                        argmax[o] = row + 2 * ow + (int) k[2 * ow];
                    }
                    continue;
                }
                for (int ow = 0; ow < OW; ow++, o++) {
                    int i0 = row + 2 * ow, i2 = i0 + W;
                    int best = select(x, i0, i0 + 1, i2, i2 + 1);
                    out[o] = x[best];
                    argmax[o] = best;
                }
            }
        }
    }

    /**
     * The spec's choice among four inputs taken in this order: a later one wins only if it is not {@code <=}
     * the best so far while that is a number (a tie keeps the first, the first NaN stays); selects the JIT
     * can compile to conditional moves.
     */
    static int select(double[] x, int i0, int i1, int i2, int i3) {
        int best = i0;
        best = !(x[i1] <= x[best]) & x[best] == x[best] ? i1 : best;
        best = !(x[i2] <= x[best]) & x[best] == x[best] ? i2 : best;
        return !(x[i3] <= x[best]) & x[best] == x[best] ? i3 : best;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] d = dx = Fast.reuse(dx, n * C * H * W);
        int[] best = argmax;
        int size = C * OH * OW;
        // each example's inputs are its own, so examples can go to different threads
        Parallel.forEachChunk(Parallel.threadsFor(threads, d.length), n, (c, from, to) -> {
            if (halves) {
                route2x2(dout, d, best, from, to);
                return;
            }
            Arrays.fill(d, from * C * H * W, to * C * H * W, 0.0);
            for (int o = from * size; o < to * size; o++) {
                // forward was: out[n,c,oh,ow] = x[argmax]. '+=' because overlapping windows can pick the same input.
                d[best[o]] += dout[o];
            }
        });
        return d;
    }

    /**
     * Backward for 2x2 windows at stride 2 that tile the input ({@code halves}; a floor-mode pool, whose last
     * row or column no window reads, takes the general loop): each input is in exactly one window, so the
     * window's four gradients are zeroed and the chosen one written, with no compare and no zero-fill pass.
     * {@code 0.0 + dout} is what the general loop's {@code +=} onto a zeroed dx gives, to the bit (a dout
     * of -0.0 becomes 0.0).
     */
    private void route2x2(double[] dout, double[] dx, int[] argmax, int from, int to) {
        int o = from * C * OH * OW;
        for (int plane = from * C; plane < to * C; plane++) {
            for (int oh = 0; oh < OH; oh++) {
                int row = plane * H * W + 2 * oh * W;
                for (int ow = 0; ow < OW; ow++, o++) {
                    int i0 = row + 2 * ow, i2 = i0 + W;
                    dx[i0] = 0.0;
                    dx[i0 + 1] = 0.0;
                    dx[i2] = 0.0;
                    dx[i2 + 1] = 0.0;
                    dx[argmax[o]] = 0.0 + dout[o];
                }
            }
        }
    }

    /** Flat indices into the last input of the chosen maxima (for tests). */
    int[] argmax() {
        return argmax;
    }
}
