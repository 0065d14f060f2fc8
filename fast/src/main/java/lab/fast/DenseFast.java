package lab.fast;

import static lab.reference.Index.at;

/**
 * The fast kernels beside {@link lab.reference.Dense}'s naive loops, tested equal to them (1e-12 relative). The three
 * products of a dense layer are each {@link Conv2DFast#gemm} on row arrays, so every inner loop runs
 * along a contiguous row and vectorises: out = x W, dx = dout W^T, dW += x^T dout. The rows are copies,
 * kept between batches in one instance per layer; copying costs far less than the strided reads of W
 * the naive forward does. Not thread-safe (the network gives each thread its own layers).
 *
 * <pre>
 * Legend: N batch, D in-features, U out-features.   x (N, D)   w (D, U)   b (U)   out (N, U)
 * </pre>
 */
final class DenseFast {

    private final int D, U;
    private final double[][] wRows; // (D)(U): w's rows
    private final double[][] wT; // (U)(D): w transposed, for dx
    private final double[][] dwRows; // (D)(U): this batch's dW
    private double[][] outRows = new double[0][]; // (N)(U)
    private double[][] dxRows = new double[0][]; // (N)(D)
    private double[][] doutRows = new double[0][]; // (N)(U)

    DenseFast(int d, int u) {
        D = d;
        U = u;
        wRows = new double[D][U];
        wT = new double[U][D];
        dwRows = new double[D][U];
    }

    /** out (N, U) = x (N, D) . w (D, U) + b; every value of out written. */
    double[] forward(double[] x, double[] w, double[] b, int n, double[] out) {
        outRows = rows(outRows, n, U);
        for (int d = 0; d < D; d++) {
            System.arraycopy(w, at(d, 0, U), wRows[d], 0, U);
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(b, 0, outRows[i], 0, U);
        }
        // out[i][u] += x[i, d] * w[d][u]
        Conv2DFast.gemm(outRows, n, wRows, D, x, D, 1, U);
        for (int i = 0; i < n; i++) {
            System.arraycopy(outRows[i], 0, out, at(i, 0, U), U);
        }
        return out;
    }

    /** Adds into dw (D, U) and db (U); returns dx (N, D), every value written, or null if dx is null. */
    double[] backward(double[] dout, double[] x, double[] w, double[] dw, double[] db, int n, double[] dx) {
        doutRows = rows(doutRows, n, U);
        dxRows = rows(dxRows, n, D);
        for (int i = 0; i < n; i++) {
            System.arraycopy(dout, at(i, 0, U), doutRows[i], 0, U);
            for (int u = 0; u < U; u++) {
                db[u] += dout[at(i, u, U)]; // b[u] is shared by every example
            }
        }
        for (int d = 0; d < D; d++) {
            java.util.Arrays.fill(dwRows[d], 0.0);
        }
        // forward was: out[i,u] += x[i,d] * w[d,u], so dw[d][u] += x[i, d] * dout[i][u] ...
        Conv2DFast.gemm(dwRows, D, doutRows, n, x, 1, D, U);
        for (int d = 0; d < D; d++) {
            for (int u = 0; u < U; u++) {
                dw[at(d, u, U)] += dwRows[d][u];
            }
        }
        if (dx == null) {
            return null; // the network's first layer: nobody wants d loss / d x
        }
        // ... and dx[i][d] += dout[i, u] * w[d, u]
        for (int d = 0; d < D; d++) {
            for (int u = 0; u < U; u++) {
                wT[u][d] = w[at(d, u, U)];
            }
        }
        for (int i = 0; i < n; i++) {
            java.util.Arrays.fill(dxRows[i], 0.0);
        }
        Conv2DFast.gemm(dxRows, n, wT, U, dout, U, 1, D);
        for (int i = 0; i < n; i++) {
            System.arraycopy(dxRows[i], 0, dx, at(i, 0, D), D);
        }
        return dx;
    }

    /** {@code rows} if it has n rows, else n new rows of the given length. */
    private static double[][] rows(double[][] rows, int n, int length) {
        return rows.length == n ? rows : new double[n][length];
    }
}
