package lab.fast;

import lab.reference.Conv2D;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.Window;

/**
 * {@link Conv2D} at stride 1 in float, on the spec layer's own W and b (rounded to float at every
 * forward): a {@link FloatConvKernel} per thread, the batch split by examples, the examples' gradients
 * added in example order after the split (in float), then into the double grads; so its results are the
 * same bits on any thread count and either {@link Kernels}. The float side of {@link FastConv2D}.
 */
final class FloatConv2D implements FloatLayer {

    private final int C, H, W, F, OH, OW, T;
    private final boolean inputGradient; // false: backward skips dx and returns null
    private final Param w; // (F, C, KH, KW), the spec's
    private final Param b; // (F), the spec's
    private final int threads;
    private final FloatConvKernel[] kernels; // one per thread: each keeps its scratch

    private float[] wf, bf; // w and b rounded to float at the last forward; backward uses the same
    private float[] x; // (N, C, H, W): forward keeps its input, dw needs it
    private int n;
    private float[] out, dx; // kept from the last batch (see Fast.reuse)
    private float[] dwPart, dbPart; // (N, F, T) and (N, F): each example's share, added in example order
    private float[] dwSum, dbSum; // (F, T) and (F): this batch's

    FloatConv2D(Conv2D spec, boolean inputGradient, Kernels kernels, int threads) {
        Shape in = spec.inputShape(), o = spec.outputShape();
        Window window = spec.window();
        C = in.c();
        H = in.h();
        W = in.w();
        F = o.c();
        OH = window.oh();
        OW = window.ow();
        T = C * window.kh() * window.kw();
        this.inputGradient = inputGradient;
        w = spec.params().get(0); // W before b, as every layer lists them
        b = spec.params().get(1);
        this.threads = threads;
        this.kernels = new FloatConvKernel[threads];
        for (int i = 0; i < threads; i++) {
            this.kernels[i] = kernels.floatConv(C, H, W, F, window.kh(), window.kw(), window.ph(), window.pw(), OH, OW);
        }
    }

    @Override
    public float[] forward(float[] x, int n) {
        this.x = x;
        this.n = n;
        float[] wv = wf = Fast.narrow(w.value(), wf), bv = bf = Fast.narrow(b.value(), bf);
        float[] y = out = Fast.reuse(out, n * F * OH * OW);
        Parallel.forEachChunk(split(n), n, (c, from, to) -> {
            for (int i = from; i < to; i++) {
                kernels[c].forward(x, i * C * H * W, wv, bv, y, i * F * OH * OW);
            }
        });
        return y;
    }

    @Override
    public float[] backward(float[] dout) {
        float[] d = dx = inputGradient ? Fast.reuse(dx, n * C * H * W) : null;
        float[] dws = dwPart = Fast.reuse(dwPart, n * F * T), dbs = dbPart = Fast.reuse(dbPart, n * F);
        float[] xs = x, wv = wf;
        Parallel.forEachChunk(split(n), n, (c, from, to) -> {
            for (int i = from; i < to; i++) {
                kernels[c].backward(dout, i * F * OH * OW, xs, i * C * H * W, wv, dws, i * F * T, dbs, i * F, d,
                        i * C * H * W);
            }
        });
        // b[f] and w[f, t] are shared by every example: the batch's sums, example by example, then into
        // the double gradients
        float[] db = dbSum = Fast.reuse(dbSum, F), dw = dwSum = Fast.reuse(dwSum, F * T);
        java.util.Arrays.fill(db, 0f);
        java.util.Arrays.fill(dw, 0f);
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < F; f++) {
                db[f] += dbs[i * F + f];
            }
            for (int e = 0; e < F * T; e++) {
                dw[e] += dws[i * F * T + e];
            }
        }
        Fast.addInto(db, b.grad());
        Fast.addInto(dw, w.grad());
        return d;
    }

    /** The threads to split a batch of n over: all of them unless the batch is too little work. */
    private int split(int n) {
        return Parallel.threadsFor(threads, (long) n * F * T * OH * OW);
    }
}
