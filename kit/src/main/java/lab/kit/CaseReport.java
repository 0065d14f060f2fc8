package lab.kit;

import java.util.List;
import java.util.Map;

import lab.reference.CentralDifference;

/**
 * What one case found: each tensor of the user's layer judged against DL4J's ({@link Judge}), and the
 * central-difference check of the user's own gradients against their own forward. A layer that threw
 * instead has {@code thrown} set and nothing else. {@link #describe} is the text a failure shows.
 *
 * @param kase      the case: layers with their settings, batch, input shape
 * @param tensors   output, dx, then each parameter's gradient (dW, db), against DL4J
 * @param gradients dx and each parameter's gradient against central differences (empty when not run)
 * @param axes      each tensor's axes by name, to say where an element is
 * @param thrown    what the user's layer threw, or null
 */
public record CaseReport(LayerCase kase, List<Judge.TensorVerdict> tensors, List<CentralDifference.Worst> gradients,
                         Map<String, Axes> axes, RuntimeException thrown) {

    /** Every tensor agrees with DL4J and every gradient with central differences, and nothing threw. */
    public boolean agrees() {
        return thrown == null && tensors.stream().allMatch(Judge.TensorVerdict::agrees)
                && gradients.stream().allMatch(CentralDifference.Worst::passes);
    }

    /**
     * What fails first, the key a shrunk case must keep: the first tensor that differs from DL4J ("dW"),
     * else the first gradient that differs from central differences ("dW (central differences)"), else what
     * was thrown; null if the case agrees.
     */
    public String firstFailure() {
        return firstFailure(thrown, tensors, gradients);
    }

    /** The key of {@link #firstFailure()}, for any check's case (a layer's here, a loss's in {@link LossCheck}). */
    static String firstFailure(RuntimeException thrown, List<Judge.TensorVerdict> tensors,
                               List<CentralDifference.Worst> gradients) {
        if (thrown != null) {
            return "threw " + thrown.getClass().getName();
        }
        for (Judge.TensorVerdict t : tensors) {
            if (!t.agrees()) {
                return t.name();
            }
        }
        for (CentralDifference.Worst w : gradients) {
            if (!w.passes()) {
                return w.tensor() + " (central differences)";
            }
        }
        return null;
    }

    /** A line per failing tensor naming the element, the per-tensor table, and the gradient check. */
    public String describe() {
        StringBuilder sb = new StringBuilder(describe("layer", thrown, tensors, axes::get));
        if (!gradients.isEmpty()) {
            sb.append(String.format("  your gradients vs central differences of your own forward (double, 6-point "
                    + "stencil, tolerance %.0e):%n", CentralDifference.TOLERANCE));
            for (CentralDifference.Worst w : gradients) {
                Axes a = axes.get(w.tensor());
                sb.append(String.format("    %-4s %-8s worst relative error %.2e at %s: yours %.17g, numeric %.17g "
                        + "(%d checked, %d skipped at kinks)%n", w.tensor(), w.passes() ? "ok" : "DIFFERS",
                        w.relError(), a.at(w.index()), w.analytic(), w.numeric(), w.checked(), w.skipped()));
            }
        }
        return sb.toString();
    }

    /**
     * What any check's failing case shows first (a layer's here, a loss's in {@link LossCheck}): what your
     * {@code what} threw and where, a line per tensor that differs, naming its element, and the per-tensor table.
     */
    static String describe(String what, RuntimeException thrown, List<Judge.TensorVerdict> tensors,
                           java.util.function.Function<String, Axes> axes) {
        StringBuilder sb = new StringBuilder();
        if (thrown != null) {
            sb.append("  your ").append(what).append(" threw ").append(thrown).append('\n');
            StackTraceElement at = where(thrown);
            if (at != null) {
                sb.append("    at ").append(at).append('\n');
            }
        }
        for (Judge.TensorVerdict t : tensors) {
            if (!t.agrees()) {
                sb.append(Judge.failure(t, axes.apply(t.name())));
            }
        }
        if (!tensors.isEmpty()) {
            sb.append(Judge.table(tensors, "yours", t -> axes.apply(t.name()).at(t.worstRelIndex())));
        }
        return sb.toString();
    }

    /** Packages whose frames are the check's or the JDK's, never the user's own code. */
    private static final List<String> NOT_YOURS = List.of("lab.kit.", "lab.reference.", "lab.dl4j.", "java.",
            "javax.", "jdk.", "sun.", "org.nd4j.", "org.deeplearning4j.");

    /**
     * Where in the user's code {@code e} was thrown: the first frame of its stack trace that is not the kit's,
     * the reference's (a size check in {@code Layer.checkBatch}) or the JDK's, e.g. {@code MyConv.backward(
     * MyConv.java:88)}; null if none is.
     */
    public static StackTraceElement where(Throwable e) {
        for (StackTraceElement frame : e.getStackTrace()) {
            if (NOT_YOURS.stream().noneMatch(frame.getClassName()::startsWith)) {
                return frame;
            }
        }
        return null;
    }
}
