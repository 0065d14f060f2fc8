package lab.reference;

import static lab.reference.Index.at;

/**
 * Softmax over the D features of each example, as a layer (DL4J's Activation.SOFTMAX on a dense
 * activation): out[n,j] = exp(x[n,j]) / sum over k of exp(x[n,k]). Only for a vector input: over C x H x W it
 * would be ambiguous (per channel? per position?), so it is refused. Not the loss: the network's last dense
 * layer still feeds the fused softmax + cross-entropy ({@link SoftmaxCrossEntropy}).
 *
 * <pre>
 * Legend: N batch, D features.   x (N, D)   out (N, D), each row sums to 1
 * </pre>
 */
public final class Softmax implements Layer {

    private final int D;
    private double[] out; // (N, D); forward keeps its output: the Jacobian needs only that
    private int n;

    public Softmax(Shape in) {
        if (!in.isVector()) {
            throw new IllegalArgumentException("softmax takes a vector; put flatten or gap before it (got " + in + ")");
        }
        D = in.c();
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        out = new double[n * D]; // (N, D)
        for (int in = 0; in < n; in++) {
            // Subtract the row max before exp: the largest term becomes exp(0) = 1, so nothing overflows and
            // the sum is at least 1. The result is unchanged, since the factor exp(-max) cancels.
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < D; j++) {
                max = Math.max(max, x[at(in, j, D)]);
            }
            double sum = 0;
            for (int j = 0; j < D; j++) {
                out[at(in, j, D)] = Math.exp(x[at(in, j, D)] - max);
                sum += out[at(in, j, D)];
            }
            for (int j = 0; j < D; j++) {
                out[at(in, j, D)] /= sum;
            }
        }
        return out;
    }

    /**
     * Each output depends on every input of its row: dx[j] = sum over k of dout[k] * out[k] * (delta(j,k) -
     * out[j]) = out[j] * (dout[j] - sum over k of dout[k] * out[k]). The row's sum is computed once.
     */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * D]; // (N, D)
        for (int in = 0; in < n; in++) {
            double dot = 0; // sum over k of dout[n,k] * out[n,k]
            for (int k = 0; k < D; k++) {
                dot += dout[at(in, k, D)] * out[at(in, k, D)];
            }
            for (int j = 0; j < D; j++) {
                // forward was: out[n,j] = exp(x[n,j]) / sum over k of exp(x[n,k])
                dx[at(in, j, D)] += out[at(in, j, D)] * (dout[at(in, j, D)] - dot);
            }
        }
        return dx;
    }

    @Override
    public Shape inputShape() {
        return Shape.vector(D);
    }

    @Override
    public Shape outputShape() {
        return Shape.vector(D);
    }

    @Override
    public String describe() {
        return new Architecture.Activation(Architecture.ActivationKind.SOFTMAX).toString();
    }
}
