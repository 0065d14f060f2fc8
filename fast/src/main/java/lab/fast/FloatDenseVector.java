package lab.fast;

/**
 * {@code DenseVector} in float lanes ({@link FloatGemm}), bit-equal to {@link FloatDenseLoops}: the same
 * chains, with lanes along u (forward, dW) or d (dx), reading w, x and dout in place; only dx needs w
 * transposed. A second copy of {@code DenseVector} for the reason {@link FloatGemm} gives. Loaded only
 * when the JVM has jdk.incubator.vector (see {@link Kernels}).
 */
final class FloatDenseVector extends FloatDenseKernel {

    private final int[] wRow; // (D): row d of w starts at d * U
    private final int[] wTRow; // (U): row u of w transposed starts at u * D
    private final float[] wT; // (U, D): w transposed, for dx
    private float[] zeros = new float[0]; // where the dW and dx chains start, one per row
    private int[] doutRow = new int[0]; // (N): row i of dout starts at i * U

    FloatDenseVector(int d, int u) {
        super(d, u);
        wRow = new int[D];
        for (int k = 0; k < D; k++) {
            wRow[k] = k * U;
        }
        wTRow = new int[U];
        for (int k = 0; k < U; k++) {
            wTRow[k] = k * D;
        }
        wT = new float[U * D];
    }

    @Override
    void forward(float[] x, float[] w, float[] b, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            System.arraycopy(b, 0, out, i * U, U);
        }
        // out[i][u] += x[i, d] * w[d][u]
        FloatGemm.gemm(out, from * U, U, to - from, w, wRow, D, x, from * D, D, 1, U, null);
    }

    @Override
    void prepareBackward(float[] w, int n, boolean dx) {
        if (zeros.length < Math.max(n, D)) {
            zeros = new float[Math.max(n, D)];
        }
        if (doutRow.length != n) {
            doutRow = new int[n];
            for (int i = 0; i < n; i++) {
                doutRow[i] = i * U;
            }
        }
        if (dx) {
            for (int d = 0; d < D; d++) {
                for (int u = 0; u < U; u++) {
                    wT[u * D + d] = w[d * U + u];
                }
            }
        }
    }

    @Override
    void dw(float[] x, float[] dout, float[] dw, int n, int from, int to) {
        // forward was: out[i,u] += x[i,d] * w[d,u], so dw[d][u] sums x[i, d] * dout[i][u] over the batch
        FloatGemm.gemm(dw, from * U, U, to - from, dout, doutRow, n, x, from, 1, D, U, zeros);
    }

    @Override
    void dx(float[] dout, float[] w, float[] dx, int from, int to) {
        // ... and dx[i][d] += dout[i, u] * w[d, u]
        FloatGemm.gemm(dx, from * D, D, to - from, wT, wTRow, U, dout, from * U, U, 1, D, zeros);
    }
}
