package lab.compare;

import java.util.List;

/**
 * What one run produced, with the settings that produced it: one JSON line in a results file.
 *
 * @param status            "ok", or "diverged" (the loss left the real numbers; {@link #error} says where)
 * @param firstLayerWeights the trained weights of the first layer ({@code 0_W}, row-major), for the
 *                          report's kernel pictures; null if the first layer has none
 */
public record RunResult(RunSpec spec, String status, String error, String init, String split, int trainSize,
                        int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                        double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                        int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished) {

    /** One epoch: mean loss and accuracy over its minibatches (each before its update), and its time. */
    public record Epoch(int epoch, double loss, double trainAccuracy, double seconds) {
    }
}
