package lab.compare.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one run produced, with the settings that produced it: one JSON line in a results file, a few KB.
 * A new record component goes at the end, and the constructors below keep their arguments, so lines
 * written before it read with its default (null, 0) and the code that builds results need not change.
 *
 * @param status            ok; diverged (a step broke {@link lab.reference.Divergence}'s rule; {@link #error}
 *                          says it in words, {@link #stop} where and which rule); or failed (the job threw:
 *                          {@link #error} is the exception in one line, {@link #trace} its stack trace)
 * @param firstLayerWeights the trained weights of the first layer ({@code 0_W}, row-major), kept only where
 *                          the report draws them: a convolution's kernels ({@link #keepsWeights}); else null
 * @param locality          of the 4-neighbour pixel pairs the network sees, the share that were neighbours
 *                          in the original image ({@link lab.data.Scramble#locality}); 1 for standard pixels
 * @param shiftAccuracy     if the spec asks for a shift test: test accuracy on the test set shifted by s
 *                          pixels at index s (s = 0 is unshifted), each the mean over the four directions
 * @param stop              for a run that did not finish: where it stopped and why; null for a finished run
 *                          (and in results written before it existed)
 * @param lossCurve         the training loss at {@code LossCurve.POINTS} evenly spaced points of the run (the
 *                          mean batch loss in each twentieth of its steps; NaN where no step fell), so that a
 *                          one-epoch run draws a curve; null in results written before it existed
 */
public record RunResult(RunSpec spec, Status status, String error, String init, String split, int trainSize,
                        int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                        double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                        int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished,
                        double locality, double[] shiftAccuracy, Stop stop,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String trace,
                        @JsonInclude(JsonInclude.Include.NON_NULL) double[] lossCurve) {

    /** At most this much of a failed job's stack trace is kept: enough to find the fault, and a line stays small. */
    private static final int TRACE_CHARS = 4000;

    /** A result with a {@link Stop} and no trace: a run that ended by itself, finished or diverged. */
    public RunResult(RunSpec spec, Status status, String error, String init, String split, int trainSize,
                     int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                     double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                     int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished,
                     double locality, double[] shiftAccuracy, Stop stop) {
        this(spec, status, error, init, split, trainSize, testSize, parameters, testAccuracy, finalTrainLoss,
                finalTrainAccuracy, seconds, imagesPerSecond, history, confusion, firstLayerWeights, firstLayerShape,
                finished, locality, shiftAccuracy, stop, null, null);
    }

    /** A result without a {@link Stop}: a finished run. */
    public RunResult(RunSpec spec, Status status, String error, String init, String split, int trainSize,
                     int testSize, long parameters, double testAccuracy, double finalTrainLoss,
                     double finalTrainAccuracy, double seconds, double imagesPerSecond, List<Epoch> history,
                     int[][] confusion, double[] firstLayerWeights, int[] firstLayerShape, String finished,
                     double locality, double[] shiftAccuracy) {
        this(spec, status, error, init, split, trainSize, testSize, parameters, testAccuracy, finalTrainLoss,
                finalTrainAccuracy, seconds, imagesPerSecond, history, confusion, firstLayerWeights, firstLayerShape,
                finished, locality, shiftAccuracy, null, null, null);
    }

    /**
     * A job that threw: its spec, the exception in one line, its stack trace (the first {@value #TRACE_CHARS}
     * characters), and how long it ran; nothing measured.
     */
    public static RunResult failed(RunSpec spec, Throwable e, double seconds) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return new RunResult(spec, Status.FAILED, e.getClass().getName() + message, null, null, 0, 0, 0, Double.NaN,
                Double.NaN, Double.NaN, seconds, 0, List.of(), null, null, null, Instant.now().toString(), Double.NaN,
                null, null, text.length() <= TRACE_CHARS ? text : text.substring(0, TRACE_CHARS) + "...", null);
    }

    /** Whether the run finished, so that its accuracy may be averaged. */
    public boolean completed() {
        return status == Status.OK;
    }

    /**
     * Whether this is what the spec computes, the same on every run: ok or diverged. A failed job (it threw:
     * a missing file, a full disk, a bug) says nothing about its spec, and runs again on resume.
     */
    public boolean settled() {
        return status != Status.FAILED;
    }

    /**
     * Whether a result keeps its first layer's weights: a convolution's kernels, (F, C, KH, KW), which the
     * report draws. Not a dense or locally connected layer's, which nothing reads (a 28x28 mlp's made its
     * line 2 MB).
     */
    public static boolean keepsWeights(int[] firstLayerShape) {
        return firstLayerShape != null && firstLayerShape.length == 4;
    }

    /** This result without the first-layer weights it should not keep ({@link #keepsWeights}); itself if none. */
    public RunResult slim() {
        if (firstLayerWeights == null || keepsWeights(firstLayerShape)) {
            return this;
        }
        return new RunResult(spec, status, error, init, split, trainSize, testSize, parameters, testAccuracy,
                finalTrainLoss, finalTrainAccuracy, seconds, imagesPerSecond, history, confusion, null, null, finished,
                locality, shiftAccuracy, stop, trace, lossCurve);
    }

    /** How a run ended, written as "ok", "diverged" or "failed". */
    public enum Status {
        OK,
        DIVERGED,
        FAILED;

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Status parse(String text) {
            return Wire.parse(values(), text, "unknown status '" + text + "'; known: ok, diverged, failed");
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
