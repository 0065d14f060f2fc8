package lab.reference;

import static lab.reference.Index.at;

import java.util.List;
import java.util.Optional;

/**
 * Fully connected layer: out = x . W + b, with W stored (in, out) as DL4J stores it. Any input shape
 * is read as a flat vector of D = C*H*W features (NCHW flattening is the identity on the buffer).
 * With or without a bias (out = x . W alone). Activation is a separate layer.
 *
 * <pre>
 * Legend: N batch, D in-features, U out-features (units).
 *   x (N, D)    w (D, U)    b (U), none without a bias    out (N, U)
 * </pre>
 */
public final class Dense implements Layer {

    private final Shape in;
    private final int D, U;
    private final Param w; // (D, U)
    private final Param b; // (U); null without a bias

    // Forward keeps its input: dw = x^T . dout needs it.
    private double[] x; // (N, D)
    private int n;

    /** With a bias, as DL4J's default. */
    public Dense(Shape in, int units) {
        this(in, units, true);
    }

    /** {@code bias} false: no b at all. */
    public Dense(Shape in, int units, boolean bias) {
        if (units < 1) {
            throw new IllegalArgumentException(new Architecture.Dense(units, bias) + ": units must be >= 1");
        }
        this.in = in;
        D = in.size();
        U = units;
        w = new Param("W", D, U);
        b = bias ? new Param("b", U) : null;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, in);
        this.x = x;
        this.n = n;
        double[] out = new double[n * U];
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < U; u++) {
                double sum = b == null ? 0 : b.value()[u];
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
        double[] db = b == null ? null : b.grad();
        for (int i = 0; i < n; i++) {
            for (int u = 0; u < U; u++) {
                double g = dout[at(i, u, U)];
                if (db != null) {
                    // forward was: out[i,u] = b[u] + ...   (summed over the batch)
                    db[u] += g;
                }
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
        return b == null ? List.of(w) : List.of(w, b);
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
        return new Architecture.Dense(U, b != null).toString();
    }
}
