package lab.reference;

import static lab.reference.Index.at;

/**
 * Softmax and cross-entropy fused into one loss, the mean over the batch. Fused because the gradient
 * of the pair is simply (p - onehot) / N, where the chain rule starts. Not a layer: it ends the network.
 *
 * <pre>
 * Legend: N batch, K classes.   logits (N, K)   labels (N) in [0, K)   p (N, K)
 * </pre>
 */
public final class SoftmaxCrossEntropy implements Loss {

    private double[] p; // (N, K): forward keeps the probabilities, backward is p - onehot
    private int[] labels;
    private int n, k;

    /** Row-wise softmax of (N, K) logits; every row sums to 1. */
    public static double[] softmax(double[] logits, int n, int k) {
        if (n < 1 || k < 1 || logits.length != n * k) {
            throw new IllegalArgumentException("softmax: logits should hold " + n + " x " + k + " values, got "
                    + logits.length);
        }
        double[] p = new double[n * k];
        for (int i = 0; i < n; i++) {
            // Subtract the row max before exp: the largest exponent is then 0, so nothing overflows.
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[at(i, j, k)]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                p[at(i, j, k)] = Math.exp(logits[at(i, j, k)] - max);
                sum += p[at(i, j, k)];
            }
            for (int j = 0; j < k; j++) {
                p[at(i, j, k)] /= sum;
            }
        }
        return p;
    }

    /** Mean cross-entropy of softmax(logits) against labels; keeps p for {@link #backward()}. */
    @Override
    public double forward(double[] logits, int[] labels, int n, int k) {
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("loss: " + n + " examples but "
                    + (labels == null ? "no" : labels.length) + " labels");
        }
        p = softmax(logits, n, k);
        this.labels = labels;
        this.n = n;
        this.k = k;
        double loss = 0;
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            if (y < 0 || y >= k) {
                throw new IllegalArgumentException("loss: label " + y + " of example " + i + " is outside [0, " + k + ")");
            }
            // -log p[y] = log(sum_j exp(z_j - max)) - (z_y - max): the log-sum-exp form stays finite
            // where p[y] itself would underflow to 0.
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[at(i, j, k)]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[at(i, j, k)] - max);
            }
            loss += Math.log(sum) - (logits[at(i, y, k)] - max);
        }
        return loss / n;
    }

    /** d(mean loss)/d(logits) = (p - onehot) / N: here the chain rule starts. */
    @Override
    public double[] backward() {
        return backward(n);
    }

    /**
     * As above for a chunk of a larger batch of {@code batch} examples: the mean is over the whole batch,
     * so each chunk divides by the whole batch's size. (The fast module splits a batch over threads this way.)
     */
    public double[] backward(int batch) {
        double[] dlogits = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double onehot = j == labels[i] ? 1.0 : 0.0;
                dlogits[at(i, j, k)] = (p[at(i, j, k)] - onehot) / batch;
            }
        }
        return dlogits;
    }

    /** The probabilities of the last forward, (N, K). */
    public double[] probabilities() {
        return p;
    }
}
