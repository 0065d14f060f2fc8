package lab.compare.run;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one run produced, with the settings that produced it: one JSON line in a results file.
 *
 * @param status            ok, or diverged (a step broke {@link lab.reference.Divergence}'s rule; {@link #error}
 *                          says it in words, {@link #stop} where and which rule)
 * @param firstLayerWeights the trained weights of the first layer ({@code 0_W}, row-major), for the
 *                          report's kernel pictures; null if the first layer has none
 * @param locality          of the 4-neighbour pixel pairs the network sees, the share that were neighbours
 *                          in the original image ({@link lab.data.Scramble#locality}); 1 for standard pixels
 * @param shiftAccuracy     if the spec asks for a shift test: test accuracy on the test set shifted by s
 *                          pixels at index s (s = 0 is unshifted), each the mean over the four directions
 * @param stop              for a run that did not finish: where it stopped and why; null for a finished run
 *                          (and in results written before it existed)
 */
public record RunResult(RunSpec spec, Status status, String error, String init, String split, int trainSize,
                        int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                        double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                        int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished,
                        double locality, double[] shiftAccuracy, Stop stop) {

    /** A result without a {@link Stop}: a finished run. */
    public RunResult(RunSpec spec, Status status, String error, String init, String split, int trainSize,
                     int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                     double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                     int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished,
                     double locality, double[] shiftAccuracy) {
        this(spec, status, error, init, split, trainSize, testSize, parameters, testAccuracy, finalTrainLoss,
                finalTrainAccuracy, seconds, imagesPerSecond, history, confusion, firstLayerWeights, firstLayerShape,
                finished, locality, shiftAccuracy, null);
    }

    /** Whether the run finished, so that its accuracy may be averaged. */
    public boolean completed() {
        return status == Status.OK;
    }

    /** How a run ended, written as "ok" or "diverged". */
    public enum Status {
        OK,
        DIVERGED;

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Status parse(String text) {
            return Wire.parse(values(), text, false, "unknown status '" + text + "'; known: ok, diverged");
        }

        @JsonValue
        @Override
        public String toString() {
            return Wire.name(this);
        }
    }

    /**
     * Where a run stopped: the epoch and step (from 1) of the step that broke the rule, its exact mean
     * loss, and the rule in words.
     */
    public record Stop(int epoch, int step, double loss, String rule) {
    }

    /** One epoch: mean loss and accuracy over its minibatches (each before its update), and its time. */
    public record Epoch(int epoch, double loss, double trainAccuracy, double seconds) {
    }
}
