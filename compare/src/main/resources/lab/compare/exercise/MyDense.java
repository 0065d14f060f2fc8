import static lab.reference.Index.at;

import java.util.List;

import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * Your fully connected layer, graded against DL4J's DenseLayer (identity activation) by {@code ./lab grade DIR}.
 * Any input shape is read as a flat vector of D = C*H*W features.
 *
 * <pre>
 * Legend: N batch, D in-features, U out-features (units).
 *   x (N, D)    w (D, U) (DL4J's layout: in, out)    b (U)    out (N, U)
 * Every array is flat and row-major: x[i,d] is x[at(i, d, D)], w[d,u] is w[at(d, u, U)].
 * </pre>
 */
public final class MyDense implements Layer {

    private final Shape in;
    private final int D, U;
    private final Param w; // (D, U), DL4J's name "W"
    private final Param b; // (U), DL4J's name "b"

    // What forward keeps for backward: the input (dW = x^T . dout needs it) and the batch size.
    private double[] x; // (N, D)
    private int n;

    public MyDense(Shape in, int units) {
        this.in = in;
        D = in.size();
        U = units;
        w = new Param("W", D, U);
        b = new Param("b", U);
    }

    /**
     * out[i,u] = b[u] + sum over d of x[i,d] * w[d,u]   (out = x . W + b)
     *
     * Keep x and n in the fields: backward needs them.
     *
     * @param x (N, D) flat
     * @return out (N, U) flat
     */
    @Override
    public double[] forward(double[] x, int n) {
        //>> forward
        this.x = x;
        this.n = n;
        double[] out = new double[n * U];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < U; u++) {
                double sum = b.value()[u];
                for (int d = 0; d < D; d++) {
                    sum += x[at(i, d, D)] * w.value()[at(d, u, U)];
                }
                out[at(i, u, U)] = sum;
            }
        }
        return out;
        //<< forward
    }

    /**
     * From dout = dL/dout (N, U): returns dx = dL/dx (N, D) and ADDS dL/dW into w.grad() (D, U) and dL/db into
     * b.grad() (U).
     *
     * - Gradients only add (+=): the caller zeroes w.grad() and b.grad() before each backward.
     * - w[d,u] and b[u] are used by every example i, so their gradients are sums over the batch: plain sums,
     *   as DL4J's (the 1/N of a mean loss belongs to the loss, not to the layer).
     * - For each forward term out[i,u] += x[i,d] * w[d,u], backward does dW[d,u] += dout[i,u] * x[i,d] and
     *   dx[i,d] += dout[i,u] * w[d,u].
     */
    @Override
    public double[] backward(double[] dout) {
        //>> backward
        double[] dx = new double[n * D];
        double[] dw = w.grad();
        double[] db = b.grad();
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < U; u++) {
                double g = dout[at(i, u, U)];
                // forward was: out[i,u] = b[u] + ...   (summed over the batch)
                db[u] += g;
                for (int d = 0; d < D; d++) {
                    // forward was: out[i,u] += x[i,d] * w[d,u]
                    dw[at(d, u, U)] += g * x[at(i, d, D)];
                    dx[at(i, d, D)] += g * w.value()[at(d, u, U)];
                }
            }
        }
        return dx;
        //<< backward
    }

    @Override
    public List<Param> params() {
        return List.of(w, b);
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return Shape.vector(U);
    }

    @Override
    public String describe() {
        return "MyDense(" + U + ")";
    }
}
