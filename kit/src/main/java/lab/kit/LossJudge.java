package lab.kit;

import java.util.List;

import lab.dl4j.Dl4jLoss;
import lab.reference.SoftmaxCrossEntropy;

/**
 * DL4J's side of one loss case, and yours judged against it: DL4J's softmax + MCXENT on the logits and labels
 * ({@link Dl4jLoss}, double precision), the sizes of the terms behind its loss and each element of its dlogits,
 * and {@link Judge}'s rule applied to yours. The one place both routes to a loss get DL4J's numbers from, so
 * that they judge alike: {@link LossCheck} (a loss written in Java, on generated cases) and {@link NpyLossCheck}
 * (a loss's results in .npy files). Not a check: it judges what it is given and runs nothing of yours.
 *
 * <pre>
 * Legend: N batch, K classes.   logits (N, K)   labels (N) in [0, K)   dlogits (N, K)
 * </pre>
 *
 * @param dl4j         DL4J's mean loss and d(mean loss)/d(logits)
 * @param lossSize     the size of the loss's terms (see {@link #of})
 * @param dlogitsSizes the size of each dlogits element's terms, (N, K)
 */
record LossJudge(double[] logits, int[] labels, int n, int k, Dl4jLoss.Run dl4j, double lossSize,
                 double[] dlogitsSizes) {

    /** The names of the loss's tensors, in the order they are reported. */
    static final List<String> TENSORS = List.of("loss", "dlogits");

    /**
     * Runs DL4J's loss on these logits (N, K) and labels, and measures the sizes of the terms: the loss is the mean
     * of log(sum_j exp(z_j - m)) + m - z_y, with m the row's max, so its terms are |log-sum| + |m| + |z_y| (a loss
     * near 1000's logits rounds against 1000, not against its O(1) value); dlogits (p - onehot) / N against
     * (p + onehot) / N.
     */
    static LossJudge of(double[] logits, int[] labels, int n, int k) {
        Dl4jLoss.Run dl4j = Dl4jLoss.softmaxCrossEntropy(logits, labels, n, k);
        double[] p = SoftmaxCrossEntropy.softmax(logits, n, k);
        double loss = 0;
        double[] grad = new double[n * k];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                max = Math.max(max, logits[i * k + j]);
            }
            double sum = 0;
            for (int j = 0; j < k; j++) {
                sum += Math.exp(logits[i * k + j] - max);
                grad[i * k + j] = (p[i * k + j] + (j == labels[i] ? 1 : 0)) / n;
            }
            loss += (Math.abs(Math.log(sum)) + Math.abs(max) + Math.abs(logits[i * k + labels[i]])) / n;
        }
        return new LossJudge(logits, labels, n, k, dl4j, loss, grad);
    }

    /** Your mean loss against DL4J's. */
    Judge.TensorVerdict loss(double yours, double rtol, double atol) {
        return Judge.judge("loss", new double[] {dl4j.loss()}, new double[] {yours}, new double[] {lossSize}, rtol,
                atol);
    }

    /** Your dlogits (N, K) against DL4J's. */
    Judge.TensorVerdict dlogits(double[] yours, double rtol, double atol) {
        return Judge.judge("dlogits", dl4j.dlogits(), yours, dlogitsSizes, rtol, atol);
    }

    /** Both sides' numbers for {@link Diagnosis#ofLoss}: your loss and dlogits, either null if you gave none. */
    Diagnosis.LossEvidence evidence(Double loss, double[] dlogits, double rtol, double atol) {
        return new Diagnosis.LossEvidence(logits, labels, n, k, loss, dlogits, dl4j.loss(), dl4j.dlogits(), lossSize,
                dlogitsSizes, rtol, atol);
    }

    /** Where an element is: the loss is one number, () ; dlogits (n, k). */
    static Axes axes(String tensor, int n, int k) {
        return tensor.equals("loss") ? new Axes(List.of(), new int[0]) : new Axes(List.of("n", "k"), new int[] {n, k});
    }
}
