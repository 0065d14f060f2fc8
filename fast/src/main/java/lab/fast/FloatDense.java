package lab.fast;

import lab.reference.Dense;
import lab.reference.Param;

/**
 * {@link Dense} in float, on the spec layer's own W and b (rounded to float at every forward): the three
 * products by a {@link FloatDenseKernel}, split over threads by rows of each result, each value the same
 * chain on any thread count; this batch's dW and db, summed in float, then added into the double grads.
 * The float side of {@link FastDense}.
 */
final class FloatDense implements FloatLayer {

    private final int D, U;
    private final boolean inputGradient; // false: backward skips dx and returns null
    private final Param w; // (D, U), the spec's
    private final Param b; // (U), the spec's
    private final FloatDenseKernel kernels;
    private final int threads;

    private float[] wf, bf; // w and b rounded to float at the last forward; backward uses the same
    private float[] x; // (N, D): forward keeps its input, dw needs it
    private int n;
    private float[] out, dx, dwBatch, dbBatch; // kept from the last batch (see Fast.reuse)

    FloatDense(Dense spec, boolean inputGradient, Kernels kernels, int threads) {
        D = spec.inputShape().size();
        U = spec.outputShape().size();
        this.inputGradient = inputGradient;
        w = spec.params().get(0); // W before b, as every layer lists them
        b = spec.params().get(1);
        this.kernels = kernels.floatDense(D, U);
        this.threads = threads;
    }

    @Override
    public float[] forward(float[] x, int n) {
        this.x = x;
        this.n = n;
        float[] wv = wf = Fast.narrow(w.value(), wf), bv = bf = Fast.narrow(b.value(), bf);
        float[] y = out = Fast.reuse(out, n * U);
        Parallel.forEachChunk(split(n), n, (c, from, to) -> kernels.forward(x, wv, bv, y, from, to));
        return y;
    }

    @Override
    public float[] backward(float[] dout) {
        float[] d = dx = inputGradient ? Fast.reuse(dx, n * D) : null;
        float[] xs = x, wv = wf, dw = dwBatch = Fast.reuse(dwBatch, D * U);
        int batch = n;
        kernels.prepareBackward(wv, batch, d != null);
        // one split, two products: chunk c takes its share of dW's rows (features) and of dx's (examples)
        int t = split(batch);
        Parallel.forEachChunk(t, t, (c, unused, alsoUnused) -> {
            kernels.dw(xs, dout, dw, batch, Parallel.start(c, t, D), Parallel.start(c + 1, t, D));
            if (d != null) {
                kernels.dx(dout, wv, d, Parallel.start(c, t, batch), Parallel.start(c + 1, t, batch));
            }
        });
        // b[u] is shared by every example: their sum, example by example
        float[] db = dbBatch = Fast.reuse(dbBatch, U);
        java.util.Arrays.fill(db, 0f);
        for (int i = 0; i < batch; i++) {
            for (int u = 0; u < U; u++) {
                db[u] += dout[i * U + u];
            }
        }
        Fast.addInto(db, b.grad());
        Fast.addInto(dw, w.grad());
        return d;
    }

    /** The threads to split a batch of n over: all of them unless the batch is too little work. */
    private int split(int n) {
        return Math.min(Parallel.threadsFor(threads, (long) n * D * U), Math.min(n, D));
    }
}
