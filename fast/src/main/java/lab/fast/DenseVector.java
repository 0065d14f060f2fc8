package lab.fast;

/**
 * The dense layer's three products on the Vector API ({@link VectorGemm}), bit-equal to the scalar
 * {@link DenseFast}: the same chains, with lanes along u (forward, dW) or d (dx). It reads w, x and dout
 * where they are (flat, row offsets instead of row copies); only dx needs w transposed, and dW its own
 * buffer (its chain starts from 0 and is then added to the gradient). Loaded only when the JVM has
 * jdk.incubator.vector (see {@link Kernels}).
 */
final class DenseVector extends DenseKernel {

    private final int[] wRow; // (D): row d of w starts at d * U
    private final int[] wTRow; // (U): row u of w transposed starts at u * D
    private final double[] wT; // (U, D): w transposed, for dx
    private final double[] dwBatch; // (D, U): this batch's dW
    private double[] zeros = new double[0]; // where the dW and dx chains start, one per row
    private int[] doutRow = new int[0]; // (N): row i of dout starts at i * U

    DenseVector(int d, int u) {
        super(d, u);
        wRow = new int[D];
        for (int k = 0; k < D; k++) {
            wRow[k] = k * U;
        }
        wTRow = new int[U];
        for (int k = 0; k < U; k++) {
            wTRow[k] = k * D;
        }
        wT = new double[U * D];
        dwBatch = new double[D * U];
    }

    @Override
    void prepareForward(double[] w, int n) {
        // nothing to copy: rows of w are read in place
    }

    @Override
    void forward(double[] x, double[] w, double[] b, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            System.arraycopy(b, 0, out, i * U, U);
        }
        // out[i][u] += x[i, d] * w[d][u]
        VectorGemm.gemm(out, from * U, U, to - from, w, wRow, D, x, from * D, D, 1, U, null);
    }

    @Override
    void prepareBackward(double[] dout, double[] w, int n, boolean dx) {
        if (zeros.length < Math.max(n, D)) {
            zeros = new double[Math.max(n, D)];
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
    void dw(double[] x, double[] dout, double[] dw, int n, int from, int to) {
        // forward was: out[i,u] += x[i,d] * w[d,u], so dw[d][u] += x[i, d] * dout[i][u]
        VectorGemm.gemm(dwBatch, from * U, U, to - from, dout, doutRow, n, x, from, 1, D, U, zeros);
        for (int k = from * U; k < to * U; k++) {
            dw[k] += dwBatch[k];
        }
    }

    @Override
    void dx(double[] dout, double[] w, double[] dx, int from, int to) {
        // ... and dx[i][d] += dout[i, u] * w[d, u]
        VectorGemm.gemm(dx, from * D, D, to - from, wT, wTRow, U, dout, from * U, U, 1, D, zeros);
    }
}
