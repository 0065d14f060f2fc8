package lab.fast;

/**
 * {@link DenseKernel} in float: a dense layer's three products, each value the chain {@link DenseKernel}
 * gives, rounded to float at every step, split by rows of each result so threads can share one instance
 * (a serial {@code prepareBackward} first). Two implementations give the same bits: {@link FloatDenseLoops}
 * (plain loops) and {@code FloatDenseVector} (the Vector API). Not a layer.
 *
 * <pre>
 * Legend: N batch, D in-features, U out-features.   x (N, D)   w (D, U)   b (U)   out, dout (N, U)
 *   out[i, u] = b[u] then + x[i, d] * w[d, u] for d = 0 .. D-1 (fma)
 *   dw[d, u]  = 0 then + x[i, d] * dout[i, u] for i = 0 .. N-1 (fma): this batch's, overwritten
 *   dx[i, d]  = 0 then + dout[i, u] * w[d, u] for u = 0 .. U-1 (fma)
 * </pre>
 */
abstract class FloatDenseKernel {

    final int D, U;

    FloatDenseKernel(int d, int u) {
        D = d;
        U = u;
    }

    /** Rows [from, to) of out (N, U) = x w + b; every value of them written. */
    abstract void forward(float[] x, float[] w, float[] b, float[] out, int from, int to);

    /** Serial, before a backward of n examples; {@code dx}: whether {@link #dx} will be called. */
    abstract void prepareBackward(float[] w, int n, boolean dx);

    /** Rows [from, to) of dw (D, U) = this batch's x^T dout; every value of them written. */
    abstract void dw(float[] x, float[] dout, float[] dw, int n, int from, int to);

    /** Rows [from, to) of dx (N, D) = dout w^T; every value of them written. */
    abstract void dx(float[] dout, float[] w, float[] dx, int from, int to);
}
