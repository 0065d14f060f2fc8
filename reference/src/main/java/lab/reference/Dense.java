package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * Fully connected layer: out = x . W + b, with W stored (in, out) as DL4J stores it. Any input shape
 * is read as a flat vector of D = C*H*W features (NCHW flattening is the identity on the buffer).
 * Activation is a separate layer.
 *
 * <pre>
 * Legend: N batch, D in-features, U out-features (units).
 *   x (N, D)    w (D, U)    b (U)    out (N, U)
 * </pre>
 */
public final class Dense implements Layer {

    private final Shape in;
    private final int D, U;
    private final Param w; // (D, U)
    private final Param b; // (U)

    // Forward keeps its input: dw = x^T . dout needs it.
    private double[] x; // (N, D)
    private int n;

    public Dense(Shape in, int units) {
        if (units < 1) {
            throw new IllegalArgumentException("dense(" + units + "): units must be >= 1");
        }
        this.in = in;
        D = in.size();
        U = units;
        w = new Param("W", D, U);
        b = new Param("b", U);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, in);
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
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
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
    }

    @Override
    public List<Param> params() {
        return List.of(w, b);
    }

    /** DL4J's dense fans: D in, U out. */
    @Override
    public Optional<Init.Fans> fans() {
        return Optional.of(new Init.Fans(D, U));
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
        return "dense(" + U + ")";
    }
}
