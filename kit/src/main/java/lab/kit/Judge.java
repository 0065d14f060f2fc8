package lab.kit;

import java.util.List;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * The one rule by which a hand-written tensor is judged against DL4J's, element by element:
 * {@code |yours - dl4j| <= atol + rtol S}, where S is the size of the terms that make the element up
 * ({@link TermSizes}): rounding is relative to the terms of a sum, not to what is left after they cancel.
 * The relative error reported is {@code |yours - dl4j| / S}: infinite where S = 0 and the values differ
 * (no term reaches that element, whose exact value is then 0). A NaN on either side disagrees, and the
 * first NaN or infinity of yours is the element named. Used by
 * the kit ({@link LayerCheck}, {@link NpyCheck}) and by the agreement of the whole reference stack with DL4J.
 * Not a gradient check: {@link lab.reference.CentralDifference} is.
 */
public final class Judge {

    private Judge() {
    }

    /**
     * rtol for the less precise side's precision, relative to the size of the terms. Double: 1e-10.
     * Float: 1e-4. A bias gradient here is a float sum of up to K = 16 x 28 x 28 = 12,544 terms, whose
     * rounding grows like eps_f sqrt(K) = 6e-8 x 112 = 7e-6 of the terms' size and at worst like
     * eps_f K = 7.5e-4; 1e-4 lies between.
     */
    public static double rtol(DataType dtype) {
        return dtype == DataType.DOUBLE ? 1e-10 : 1e-4;
    }

    /**
     * One tensor's verdict: the worst element by absolute and by relative error, both values at the latter.
     * A NaN or infinity of yours where DL4J's value is finite is the worst of all (the first such element),
     * and {@code notFinite} counts them: from finite inputs, that is your code's to explain.
     */
    public record TensorVerdict(String name, int size, int differing, double worstAbs, int worstAbsIndex,
                                double worstRel, int worstRelIndex, double yours, double dl4j, double scale,
                                double rtol, double atol, boolean agrees, int notFinite) {
    }

    /** Elementwise {@code |yours - dl4j| <= atol + rtol scale[i]}; relative error |yours - dl4j| / scale[i]. */
    public static TensorVerdict judge(String name, double[] dl4j, double[] yours, double[] scale, double rtol,
                                      double atol) {
        if (dl4j.length != yours.length) {
            return new TensorVerdict(name + " (sizes differ: " + yours.length + " vs DL4J's " + dl4j.length + ")",
                    dl4j.length, dl4j.length, Double.NaN, -1, Double.NaN, -1, Double.NaN, Double.NaN, Double.NaN,
                    rtol, atol, false, 0);
        }
        double worstAbs = -1;
        double worstRel = -1;
        int absAt = -1;
        int relAt = -1;
        int differing = 0;
        int notFinite = 0;
        for (int i = 0; i < dl4j.length; i++) {
            double diff = Math.abs(yours[i] - dl4j[i]);
            if (!(diff <= atol + rtol * scale[i])) { // a NaN on either side disagrees
                differing++;
            }
            if (!Double.isFinite(yours[i]) && Double.isFinite(dl4j[i])) {
                notFinite++;
            }
            double rel = diff == 0 ? 0 : diff / scale[i]; // infinite where no term reaches the element
            // The first NaN is the worst and stays so: "yours NaN" names where your code first lost a number.
            if (diff > worstAbs || Double.isNaN(diff) && !Double.isNaN(worstAbs)) {
                worstAbs = diff;
                absAt = i;
            }
            if (rel > worstRel || Double.isNaN(rel) && !Double.isNaN(worstRel)) {
                worstRel = rel;
                relAt = i;
            }
        }
        if (relAt < 0) { // an empty tensor
            return new TensorVerdict(name, 0, 0, 0, -1, 0, -1, 0, 0, 0, rtol, atol, true, 0);
        }
        return new TensorVerdict(name, dl4j.length, differing, worstAbs, absAt, worstRel, relAt, yours[relAt],
                dl4j[relAt], scale[relAt], rtol, atol, differing == 0, notFinite);
    }

    /** The bound element {@code t}'s worst is held to: atol + rtol x the size of its terms. */
    public static double bound(TensorVerdict t) {
        return t.atol() + t.rtol() * t.scale();
    }

    /** One line for a tensor that differs: how many elements, the worst as its index by name, both values, the bound. */
    public static String failure(TensorVerdict t, Axes axes) {
        String bound = !Double.isFinite(t.yours()) && Double.isFinite(t.dl4j())
                ? "yours is not a finite number where DL4J's is: your code made it, from finite inputs"
                : t.scale() == 0 ? "no term reaches this element: its exact value is 0"
                : String.format("|diff| %.3g > atol %.1g + rtol %.1g x terms' size %.3g", Math.abs(t.yours() - t.dl4j()),
                t.atol(), t.rtol(), t.scale());
        String notFinite = t.notFinite() == 0 ? "" : String.format(" (%d of them NaN or infinite in yours)",
                t.notFinite());
        return String.format("  %s %s differs from DL4J at %d of %d elements%s; worst at %s: yours %.17g vs DL4J %.17g "
                + "(%s)%n", t.name(), axes, t.differing(), t.size(), notFinite, axes.at(t.worstRelIndex()), t.yours(),
                t.dl4j(), bound);
    }

    /**
     * The per-tensor table, one line each: size, worst absolute and relative error, verdict, and both values
     * at the worst relative error, with its index as {@code where} names it.
     *
     * @param yours what the hand-written side is called in the header ("yours", "reference")
     */
    public static String table(List<TensorVerdict> tensors, String yours, java.util.function.Function<TensorVerdict,
            String> where) {
        StringBuilder sb = new StringBuilder(String.format("  %-14s %7s %11s %11s %8s  %s%n", "tensor", "size",
                "worst abs", "worst rel", "verdict", "at worst rel: " + yours + " vs dl4j"));
        for (TensorVerdict t : tensors) {
            sb.append(String.format("  %-14s %7d %11.2e %11.2e %8s  %s %.17g vs %.17g%n", t.name(), t.size(),
                    t.worstAbs(), t.worstRel(), t.agrees() ? "ok" : "DIFFERS", where.apply(t), t.yours(), t.dl4j()));
        }
        return sb.toString();
    }
}
