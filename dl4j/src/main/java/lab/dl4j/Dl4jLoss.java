package lab.dl4j;

import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * DL4J's softmax + multi-class cross-entropy ({@code LossMCXENT} on a softmax activation, what an
 * OutputLayer of the networks here computes) on given logits and labels, in double precision: the mean
 * loss and its gradient with respect to the logits. Not a network: the loss function alone, so that a
 * hand-written loss can be judged against it as a layer is against {@link Dl4jPiece}.
 */
public final class Dl4jLoss {

    private Dl4jLoss() {
    }

    /** The mean loss over the batch and d(mean loss)/d(logits), (N, K) row-major. */
    public record Run(double loss, double[] dlogits) {
    }

    /**
     * Runs DL4J's loss on {@code n} rows of {@code k} logits. The probability clipping DL4J's score applies
     * by default (each p clipped to [1e-10, 1 - 1e-10], in the score only) is turned off, so the score is the
     * exact cross-entropy its gradient belongs to. DL4J's gradient is the per-example one, p - onehot, which
     * its updater later divides by N; here it is divided by N, the gradient of the mean loss.
     */
    public static Run softmaxCrossEntropy(double[] logits, int[] labels, int n, int k) {
        INDArray z = Nd4j.create(logits, new long[] {n, k}, 'c');
        double[] onehot = new double[n * k];
        for (int i = 0; i < n; i++) {
            onehot[i * k + labels[i]] = 1;
        }
        INDArray y = Nd4j.create(onehot, new long[] {n, k}, 'c');
        LossMCXENT loss = new LossMCXENT(0.0, null);
        double score = loss.computeScore(y, z.dup(), new ActivationSoftmax(), null, true);
        double[] grad = Dl4jParams.values(loss.computeGradient(y, z.dup(), new ActivationSoftmax(), null));
        for (int i = 0; i < grad.length; i++) {
            grad[i] /= n;
        }
        return new Run(score, grad);
    }
}
