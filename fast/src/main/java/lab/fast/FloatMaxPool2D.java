package lab.fast;

import lab.reference.MaxPool2D;
import lab.reference.Shape;

/**
 * {@link MaxPool2D} in float, for the 2x2 window at stride 2 that tiles its input (every preset's pool; a
 * {@link FloatNetwork} runs any other pool through the spec's loops): {@link FastMaxPool2D}'s selects on
 * float values, on {@link MaxPoolVector} where the kernels are the Vector API's, the same maxima, ties and
 * NaNs, the examples split over threads.
 */
final class FloatMaxPool2D implements FloatLayer {

    private final int C, H, W, OH, OW;
    private final int threads;
    private final boolean vector; // the selects on the Vector API (MaxPoolVector)
    private int[] argmax; // (N, C, OH, OW): the flat index into x of the input each output copied
    private int n;
    private float[] out, dx; // kept from the last batch (see Fast.reuse)

    FloatMaxPool2D(MaxPool2D spec, Kernels kernels, int threads) {
        if (!tiles(spec)) {
            throw new IllegalArgumentException("the float pool runs 2x2 windows at stride 2 that tile the input, got "
                    + spec.describe());
        }
        Shape in = spec.inputShape();
        C = in.c();
        H = in.h();
        W = in.w();
        OH = H / 2;
        OW = W / 2;
        this.threads = threads;
        vector = kernels.vectorApi();
    }

    /** Whether {@code pool} is a 2x2 window at stride 2 that tiles its input exactly: this layer's case. */
    static boolean tiles(MaxPool2D pool) {
        var window = pool.window();
        Shape in = pool.inputShape();
        return window.kh() == 2 && window.kw() == 2 && window.sh() == 2 && window.sw() == 2 && window.ph() == 0
                && window.pw() == 0 && 2 * window.oh() == in.h() && 2 * window.ow() == in.w();
    }

    @Override
    public float[] forward(float[] x, int n) {
        this.n = n;
        float[] y = out = Fast.reuse(out, n * C * OH * OW);
        if (argmax == null || argmax.length != y.length) {
            argmax = new int[y.length];
        }
        int[] best = argmax;
        Parallel.forEachChunk(Parallel.threadsFor(threads, x.length), n, (c, from, to) -> {
            float[] m = vector ? new float[W] : null, k = vector ? new float[W] : null; // this chunk's scratch
            int o = from * C * OH * OW;
            for (int plane = from * C; plane < to * C; plane++) {
                for (int oh = 0; oh < OH; oh++) {
                    int row = plane * H * W + 2 * oh * W;
                    if (vector) {
                        MaxPoolVector.rows(x, row, W, m, k);
                        for (int ow = 0; ow < OW; ow++, o++) {
                            y[o] = m[2 * ow];
                            best[o] = row + 2 * ow + (int) k[2 * ow];
                        }
                        continue;
                    }
                    for (int ow = 0; ow < OW; ow++, o++) {
                        int i0 = row + 2 * ow, i2 = i0 + W;
                        int chosen = select(x, i0, i0 + 1, i2, i2 + 1);
                        y[o] = x[chosen];
                        best[o] = chosen;
                    }
                }
            }
        });
        return y;
    }

    /** {@link FastMaxPool2D#select} on floats: the spec's choice among four inputs in this order. */
    static int select(float[] x, int i0, int i1, int i2, int i3) {
        int best = i0;
        best = !(x[i1] <= x[best]) & x[best] == x[best] ? i1 : best;
        best = !(x[i2] <= x[best]) & x[best] == x[best] ? i2 : best;
        return !(x[i3] <= x[best]) & x[best] == x[best] ? i3 : best;
    }

    @Override
    public float[] backward(float[] dout) {
        float[] d = dx = Fast.reuse(dx, n * C * H * W);
        int[] best = argmax;
        // forward was: out = x[argmax]: each input is in one window, so the window's four gradients are
        // zeroed and the chosen one written (see FastMaxPool2D.route2x2)
        Parallel.forEachChunk(Parallel.threadsFor(threads, d.length), n, (c, from, to) -> {
            int o = from * C * OH * OW;
            for (int plane = from * C; plane < to * C; plane++) {
                for (int oh = 0; oh < OH; oh++) {
                    int row = plane * H * W + 2 * oh * W;
                    for (int ow = 0; ow < OW; ow++, o++) {
                        int i0 = row + 2 * ow, i2 = i0 + W;
                        d[i0] = 0f;
                        d[i0 + 1] = 0f;
                        d[i2] = 0f;
                        d[i2 + 1] = 0f;
                        d[best[o]] = 0f + dout[o];
                    }
                }
            }
        });
        return d;
    }
}
