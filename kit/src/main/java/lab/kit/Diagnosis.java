package lab.kit;

import java.util.Map;

/**
 * The likely cause of a disagreement with DL4J, said only on evidence. (Rules to come.)
 */
final class Diagnosis {

    /**
     * What one case computed on both sides, by tensor name ({@code output}, {@code dx}, {@code dW}, {@code db}):
     * the input, the weights by name, the upstream gradient, your tensors (any subset), DL4J's, and the sizes of
     * each element's terms ({@link TermSizes}) that {@link Judge} measures against.
     */
    record Evidence(LayerCase kase, double[] x, Map<String, double[]> params, double[] dout,
                    Map<String, double[]> yours, Map<String, double[]> dl4j, Map<String, double[]> sizes,
                    double rtol, double atol) {
    }

    /** One case of a loss on both sides: the logits (N, K), labels, and the loss and dlogits of yours and DL4J's. */
    record LossEvidence(double[] logits, int[] labels, int n, int k, double loss, double[] dlogits, double dl4jLoss,
                        double[] dl4jDlogits, double lossSize, double[] dlogitsSizes, double rtol) {
    }

    private Diagnosis() {
    }

    /** The classic mistake that reproduces your tensors, with what to look at; null if none does. */
    static String of(Evidence e) {
        return null;
    }

    /** As {@link #of}, for a loss. */
    static String ofLoss(LossEvidence e) {
        return null;
    }
}
