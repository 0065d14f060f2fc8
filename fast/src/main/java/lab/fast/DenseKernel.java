package lab.fast;

/**
 * The three products of a dense layer, in two implementations that give the same bits: {@link DenseFast}
 * (plain Java) and {@code DenseVector} (the Vector API). Each product is split by rows of its result, so
 * threads can share one instance: a serial {@code prepare} step first, then any split of the rows, each
 * value the same chain whoever computes it. Not thread-safe across prepares. Not a layer.
 *
 * <pre>
 * Legend: N batch, D in-features, U out-features.   x (N, D)   w (D, U)   b (U)   out, dout (N, U)
 *   out[i, u] = b[u] then + x[i, d] * w[d, u] for d = 0 .. D-1 (fma)
 *   dw[d, u] += (0 then + x[i, d] * dout[i, u] for i = 0 .. N-1 (fma))
 *   dx[i, d]  = 0 then + dout[i, u] * w[d, u] for u = 0 .. U-1 (fma)
 *   db[u]    += dout[i, u] for i = 0 .. N-1, one by one
 * </pre>
 */
abstract class DenseKernel {

    final int D, U;

    DenseKernel(int d, int u) {
        D = d;
        U = u;
    }

    /** Serial, before a forward of n examples. */
    abstract void prepareForward(double[] w, int n);

    /** Rows [from, to) of out (N, U) = x w + b; every value of them written. */
    abstract void forward(double[] x, double[] w, double[] b, double[] out, int from, int to);

    /** Serial, before a backward of n examples; {@code dx}: whether {@link #dx} will be called. */
    abstract void prepareBackward(double[] dout, double[] w, int n, boolean dx);

    /** Rows [from, to) of dw (D, U): adds this batch's x^T dout. */
    abstract void dw(double[] x, double[] dout, double[] dw, int n, int from, int to);

    /** Rows [from, to) of dx (N, D) = dout w^T; every value of them written. */
    abstract void dx(double[] dout, double[] w, double[] dx, int from, int to);

    /** db (U) += the sum over the batch of dout, example by example: b[u] is shared by every example. */
    final void db(double[] dout, double[] db, int n) {
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < U; u++) {
                db[u] += dout[i * U + u];
            }
        }
    }
}
