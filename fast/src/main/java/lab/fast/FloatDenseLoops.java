package lab.fast;

/**
 * The float dense kernel as plain loops, each value's chain in the order {@link FloatDenseKernel} gives:
 * the witness that {@code FloatDenseVector}'s results do not depend on its vector width, and the float
 * path where the JVM has no Vector API ({@link Kernels#SCALAR}), at scalar speed.
 */
final class FloatDenseLoops extends FloatDenseKernel {

    FloatDenseLoops(int d, int u) {
        super(d, u);
    }

    @Override
    void forward(float[] x, float[] w, float[] b, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            for (int u = 0; u < U; u++) {
                float sum = b[u];
                for (int d = 0; d < D; d++) {
                    sum = Math.fma(x[i * D + d], w[d * U + u], sum);
                }
                out[i * U + u] = sum;
            }
        }
    }

    @Override
    void prepareBackward(float[] w, int n, boolean dx) {
        // nothing to prepare: the loops read w where it is
    }

    @Override
    void dw(float[] x, float[] dout, float[] dw, int n, int from, int to) {
        // forward was: out[i,u] += x[i,d] * w[d,u], so dw[d][u] sums x[i, d] * dout[i][u] over the batch
        for (int d = from; d < to; d++) {
            for (int u = 0; u < U; u++) {
                float sum = 0;
                for (int i = 0; i < n; i++) {
                    sum = Math.fma(x[i * D + d], dout[i * U + u], sum);
                }
                dw[d * U + u] = sum;
            }
        }
    }

    @Override
    void dx(float[] dout, float[] w, float[] dx, int from, int to) {
        // ... and dx[i][d] sums dout[i, u] * w[d, u] over the outputs
        for (int i = from; i < to; i++) {
            for (int d = 0; d < D; d++) {
                float sum = 0;
                for (int u = 0; u < U; u++) {
                    sum = Math.fma(dout[i * U + u], w[d * U + u], sum);
                }
                dx[i * D + d] = sum;
            }
        }
    }
}
