import static lab.reference.Index.at;

import lab.reference.Loss;

/**
 * Your softmax + cross-entropy loss, the mean over the batch, graded against DL4J's LossMCXENT on a softmax by
 * {@code ./lab grade DIR}. Not a layer: it ends the network, takes labels and returns one number.
 *
 * <pre>
 * Legend: N batch, K classes.   logits z (N, K)   labels (N) in [0, K)   p (N, K)   dlogits (N, K)
 *   p[i,j] = exp(z[i,j]) / sum over j' of exp(z[i,j'])      loss = mean over i of -log p[i, labels[i]]
 * Every array is flat and row-major: z[i,j] is z[at(i, j, K)].
 * </pre>
 */
public final class MySoftmaxCrossEntropy implements Loss {

    // What forward keeps for backward: the probabilities, the labels and the sizes.
    private double[] p; // (N, K)
    private int[] labels;
    private int n, k;

    /**
     * The MEAN over the batch of -log softmax(z)[i, labels[i]].
     *
     * - Numerics: the grader's logits include rows near 1000, where exp(z) overflows to Infinity (the largest
     *   finite double is about exp(709)). Subtract each row's max m first: softmax(z) = softmax(z - m) exactly,
     *   and then the largest exponent is 0. -log p[y] = log(sum_j exp(z_j - m)) - (z_y - m) stays finite even
     *   where p[y] itself would underflow to 0.
     * - Keep p, the labels, n and k in the fields: backward needs them.
     */
    @Override
    public double forward(double[] logits, int[] labels, int n, int k) {
        //>> forward
        this.labels = labels;
        this.n = n;
        this.k = k;
        p = new double[n * k];
        double loss = 0;
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
            loss += Math.log(sum) - (logits[at(i, labels[i], k)] - max);
        }
        return loss / n;
        //<< forward
    }

    /**
     * d(mean loss)/d(logits), (N, K): (p - onehot) / N, where the chain rule starts.
     *
     * - The 1/N is the mean's: the loss is the mean over the batch, so each example's gradient is divided by N.
     */
    @Override
    public double[] backward() {
        //>> backward
        double[] dlogits = new double[n * k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                double onehot = j == labels[i] ? 1.0 : 0.0;
                dlogits[at(i, j, k)] = (p[at(i, j, k)] - onehot) / n;
            }
        }
        return dlogits;
        //<< backward
    }
}
