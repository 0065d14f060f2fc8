package lab.reference;

/**
 * A loss that ends a network: the mean over the batch of a per-example loss of the (N, K) logits, and its
 * gradient with respect to the logits, where the chain rule starts. {@link SoftmaxCrossEntropy} is the one
 * the stacks use; the contract is here so that a hand-written loss can be checked against DL4J's as a
 * layer is (the kit's {@code LossCheck}). Not a {@link Layer}: it takes labels and returns one number.
 *
 * <pre>
 * Legend: N batch, K classes.   logits (N, K)   labels (N) in [0, K)   dlogits (N, K)
 * </pre>
 */
public interface Loss {

    /** The mean loss of the (N, K) logits against the labels; keeps what {@link #backward()} needs. */
    double forward(double[] logits, int[] labels, int n, int k);

    /** d(mean loss)/d(logits), (N, K), for the last forward: the 1/N of the mean is in it. */
    double[] backward();
}
