package lab.compare;

import java.util.List;

/**
 * What one run produced, with the settings that produced it: one JSON line in a results file.
 *
 * @param status            "ok", or "diverged" (the loss left the real numbers; {@link #error} says where)
 * @param firstLayerWeights the trained weights of the first layer ({@code 0_W}, row-major), for the
 *                          report's kernel pictures; null if the first layer has none
 * @param locality          of the 4-neighbour pixel pairs the network sees, the share that were neighbours
 *                          in the original image ({@link lab.data.Scramble#locality}); 1 for standard pixels
 * @param shiftAccuracy     if the spec asks for a shift test: test accuracy on the test set shifted by s
 *                          pixels at index s (s = 0 is unshifted), each the mean over the four directions
 */
public record RunResult(RunSpec spec, String status, String error, String init, String split, int trainSize,
                        int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                        double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                        int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished,
                        double locality, double[] shiftAccuracy) {

    /** One epoch: mean loss and accuracy over its minibatches (each before its update), and its time. */
    public record Epoch(int epoch, double loss, double trainAccuracy, double seconds) {
    }
}
