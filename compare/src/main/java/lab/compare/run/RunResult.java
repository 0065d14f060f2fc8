package lab.compare.run;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What one run produced, with the settings that produced it: one JSON line in a results file, a few KB, its
 * fields in the order of the components below. Built by name ({@link #builder}, {@link #toBuilder}), so a new
 * component touches this record and its {@link Builder} alone; lines written before it read with Jackson's
 * default for it (null, 0).
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

    /**
     * A job that threw: its spec, the exception in one line, its stack trace (the first {@value #TRACE_CHARS}
     * characters), and how long it ran; nothing measured.
     */
    public static RunResult failed(RunSpec spec, Throwable e, double seconds) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        String text = trace.toString();
        String message = e.getMessage() == null ? "" : ": " + e.getMessage().lines().findFirst().orElse("");
        return builder(spec, Status.FAILED).error(e.getClass().getName() + message).seconds(seconds)
                .finished(Instant.now().toString())
                .trace(text.length() <= TRACE_CHARS ? text : text.substring(0, TRACE_CHARS) + "...").build();
    }

    /**
     * A result of {@code spec} that ended as {@code status}, with nothing measured yet: no sizes, counts or
     * speed (0), no accuracy, loss or locality (NaN), an empty history, and nothing else (null).
     */
    public static Builder builder(RunSpec spec, Status status) {
        return new Builder(spec, status);
    }

    /** A builder holding this result, to change a few of its fields. */
    public Builder toBuilder() {
        return builder(spec, status).error(error).init(init).split(split).trainSize(trainSize).testSize(testSize)
                .parameters(parameters).testAccuracy(testAccuracy).finalTrainLoss(finalTrainLoss)
                .finalTrainAccuracy(finalTrainAccuracy).seconds(seconds).imagesPerSecond(imagesPerSecond)
                .history(history).confusion(confusion).firstLayer(firstLayerWeights, firstLayerShape)
                .finished(finished).locality(locality).shiftAccuracy(shiftAccuracy).stop(stop).trace(trace)
                .lossCurve(lossCurve);
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
        return toBuilder().firstLayer(null, null).build();
    }

    /** Named fields in, a {@link RunResult} out: what {@link #builder} does not set stays as it says. */
    public static final class Builder {
        private RunSpec spec;
        private Status status;
        private String error;
        private String init;
        private String split;
        private int trainSize;
        private int testSize;
        private long parameters;
        private double testAccuracy = Double.NaN;
        private double finalTrainLoss = Double.NaN;
        private double finalTrainAccuracy = Double.NaN;
        private double seconds;
        private double imagesPerSecond;
        private List<Epoch> history = List.of();
        private int[][] confusion;
        private double[] firstLayerWeights;
        private int[] firstLayerShape;
        private String finished;
        private double locality = Double.NaN;
        private double[] shiftAccuracy;
        private Stop stop;
        private String trace;
        private double[] lossCurve;

        private Builder(RunSpec spec, Status status) {
            this.spec = spec;
            this.status = status;
        }

        public Builder spec(RunSpec v) { spec = v; return this; }

        public Builder status(Status v) { status = v; return this; }

        public Builder error(String v) { error = v; return this; }

        public Builder init(String v) { init = v; return this; }

        public Builder split(String v) { split = v; return this; }

        public Builder trainSize(int v) { trainSize = v; return this; }

        public Builder testSize(int v) { testSize = v; return this; }

        public Builder parameters(long v) { parameters = v; return this; }

        public Builder testAccuracy(double v) { testAccuracy = v; return this; }

        public Builder finalTrainLoss(double v) { finalTrainLoss = v; return this; }

        public Builder finalTrainAccuracy(double v) { finalTrainAccuracy = v; return this; }

        public Builder seconds(double v) { seconds = v; return this; }

        public Builder imagesPerSecond(double v) { imagesPerSecond = v; return this; }

        public Builder history(List<Epoch> v) { history = v; return this; }

        public Builder confusion(int[][] v) { confusion = v; return this; }

        /** The first layer's weights and their shape, which go together (both null: none kept). */
        public Builder firstLayer(double[] weights, int[] shape) {
            firstLayerWeights = weights;
            firstLayerShape = shape;
            return this;
        }

        public Builder finished(String v) { finished = v; return this; }

        public Builder locality(double v) { locality = v; return this; }

        public Builder shiftAccuracy(double[] v) { shiftAccuracy = v; return this; }

        public Builder stop(Stop v) { stop = v; return this; }

        public Builder trace(String v) { trace = v; return this; }

        public Builder lossCurve(double[] v) { lossCurve = v; return this; }

        public RunResult build() {
            return new RunResult(spec, status, error, init, split, trainSize, testSize, parameters, testAccuracy,
                    finalTrainLoss, finalTrainAccuracy, seconds, imagesPerSecond, history, confusion, firstLayerWeights,
                    firstLayerShape, finished, locality, shiftAccuracy, stop, trace, lossCurve);
        }
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
