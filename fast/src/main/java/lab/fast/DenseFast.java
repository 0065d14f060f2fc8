package lab.fast;

import static lab.reference.Index.at;

import java.util.Arrays;

/**
 * The scalar dense kernels beside {@link lab.reference.Dense}'s naive loops, tested equal to them (1e-12
 * relative) and bit-equal to {@code DenseVector}. The three products of a dense layer are each
 * {@link Conv2DFast#gemm} on row arrays, so every inner loop runs along a contiguous row and vectorises:
 * out = x W, dx = dout W^T, dW += x^T dout. The rows are copies, kept between batches; copying costs far
 * less than the strided reads of W the naive forward does.
 */
final class DenseFast extends DenseKernel {

    private final double[][] wRows; // (D)(U): w's rows
    private final double[][] wT; // (U)(D): w transposed, for dx
    private final double[][] dwRows; // (D)(U): this batch's dW
    private double[][] outRows = new double[0][]; // (N)(U)
    private double[][] dxRows = new double[0][]; // (N)(D)
    private double[][] doutRows = new double[0][]; // (N)(U)

    DenseFast(int d, int u) {
        super(d, u);
        wRows = new double[D][U];
        wT = new double[U][D];
        dwRows = new double[D][U];
    }

    @Override
    void prepareForward(double[] w, int n) {
        outRows = rows(outRows, n, U);
        for (int d = 0; d < D; d++) {
            System.arraycopy(w, at(d, 0, U), wRows[d], 0, U);
        }
    }

    @Override
    void forward(double[] x, double[] w, double[] b, double[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            System.arraycopy(b, 0, outRows[i], 0, U);
        }
        // out[i][u] += x[i, d] * w[d][u]
        Conv2DFast.gemm(outRows, from, to - from, wRows, D, x, D, 1, U);
        for (int i = from; i < to; i++) {
            System.arraycopy(outRows[i], 0, out, at(i, 0, U), U);
        }
    }

    @Override
    void prepareBackward(double[] dout, double[] w, int n, boolean dx) {
        doutRows = rows(doutRows, n, U);
        for (int i = 0; i < n; i++) {
            System.arraycopy(dout, at(i, 0, U), doutRows[i], 0, U);
        }
        if (dx) {
            dxRows = rows(dxRows, n, D);
            for (int d = 0; d < D; d++) {
                for (int u = 0; u < U; u++) {
                    wT[u][d] = w[at(d, u, U)];
                }
            }
        }
    }

    @Override
    void dw(double[] x, double[] dout, double[] dw, int n, int from, int to) {
        for (int d = from; d < to; d++) {
            Arrays.fill(dwRows[d], 0.0);
        }
        // forward was: out[i,u] += x[i,d] * w[d,u], so dw[d][u] += x[i, d] * dout[i][u]
        Conv2DFast.gemm(dwRows, from, to - from, doutRows, n, x, 1, D, U);
        for (int d = from; d < to; d++) {
            for (int u = 0; u < U; u++) {
                dw[at(d, u, U)] += dwRows[d][u];
            }
        }
    }

    @Override
    void dx(double[] dout, double[] w, double[] dx, int from, int to) {
        for (int i = from; i < to; i++) {
            Arrays.fill(dxRows[i], 0.0);
        }
        // ... and dx[i][d] += dout[i, u] * w[d, u]
        Conv2DFast.gemm(dxRows, from, to - from, wT, U, dout, U, 1, D);
        for (int i = from; i < to; i++) {
            System.arraycopy(dxRows[i], 0, dx, at(i, 0, D), D);
        }
    }

    /** {@code rows} if it has n rows, else n new rows of the given length. */
    private static double[][] rows(double[][] rows, int n, int length) {
        return rows.length == n ? rows : new double[n][length];
    }
}
