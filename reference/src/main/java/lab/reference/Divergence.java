package lab.reference;

/**
 * When a training run has diverged: the one rule both stacks apply to every step, before its update. It
 * reads the exact mean loss (log-sum-exp of the logits; on DL4J computed from its logits too, never from
 * its score, which clips every probability at 1e-10) and whether every gradient is finite, so both stacks
 * fire in the same step. It does not judge slow or poor learning: a run that stays in range goes on.
 *
 * <p>The bound: with K classes the loss of a network that knows nothing (uniform output) is ln K, and
 * training starts near it and goes down. A mean loss above {@value #LOSS_BOUND_FACTOR} ln K (23.03 for
 * 10 classes) means the true classes get, on geometric average, a probability below K^-10, 1e-10 for
 * ten classes: the network is confidently wrong far beyond anything a run that is learning passes
 * through, and (K = 10) exactly where DL4J's clipped score stops seeing the loss at all.
 */
public final class Divergence {

    /** The bound is this many times ln K, the loss of uniform guessing. */
    public static final double LOSS_BOUND_FACTOR = 10;

    /** What fired, in the order it is checked. */
    public enum Rule {
        NON_FINITE_LOSS("loss is not a finite number"),
        NON_FINITE_GRADIENT("a gradient is not a finite number"),
        LOSS_ABOVE_BOUND("loss above " + (int) LOSS_BOUND_FACTOR + " ln K");

        private final String words;

        Rule(String words) {
            this.words = words;
        }

        /** The rule in a few words, for messages and reports. */
        public String words() {
            return words;
        }
    }

    private Divergence() {
    }

    /** The largest mean loss a run may have: {@value #LOSS_BOUND_FACTOR} ln K (K at least 2). */
    public static double lossBound(int classes) {
        return LOSS_BOUND_FACTOR * Math.log(Math.max(classes, 2));
    }

    /**
     * The rule a step breaks, or null if it breaks none.
     *
     * @param meanLoss        the exact mean loss of the step's batch, before its update
     * @param gradientsFinite whether every element of every parameter gradient is finite
     */
    public static Rule check(double meanLoss, boolean gradientsFinite, int classes) {
        if (!Double.isFinite(meanLoss)) {
            return Rule.NON_FINITE_LOSS;
        }
        if (!gradientsFinite) {
            return Rule.NON_FINITE_GRADIENT;
        }
        if (meanLoss > lossBound(classes)) {
            return Rule.LOSS_ABOVE_BOUND;
        }
        return null;
    }

    /** Whether every element of {@code values} is finite. */
    public static boolean allFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }
}
