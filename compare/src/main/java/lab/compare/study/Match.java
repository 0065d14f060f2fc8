package lab.compare.study;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;

/**
 * How many parameters a family needs to reach a level of accuracy, read off its measured curve: where the
 * curve of mean accuracy against log(parameters) first reaches the level, interpolated linearly in
 * log(parameters) between the two rungs it passes between. Not a fit: nothing is read beyond the ladder
 * (below its first rung the answer is "at most the first rung", above its last "not reached").
 *
 * <p>The interval is read off the seeds' 95% intervals, not by resampling: its low end is where the curve's
 * upper bound (each rung's mean plus its half-width) first reaches the level's lower bound, its high end
 * where the curve's lower bound first reaches the level's upper bound. Each side's uncertainty is taken at
 * its extreme at once, so it is wider than a joint 95% interval would be, never narrower (a bootstrap over
 * five seeds would be narrower than its nominal 95%).
 *
 * @param estimate from the means
 * @param low      the interval's low end; null without an interval (fewer than two seeds somewhere)
 * @param high     the interval's high end; null likewise
 */
public record Match(Crossing estimate, Crossing low, Crossing high) {

    /** One rung of a curve: its parameters, mean accuracy and the 95% half-width (NaN under two seeds). */
    public record Point(double parameters, double mean, double halfWidth) {
    }

    /** Where a curve first reaches a level. */
    public enum Where {
        /** Its first rung already reaches it: at most that many parameters. */
        AT_FIRST_RUNG,
        /** Between two rungs, interpolated. */
        BETWEEN,
        /** No rung reaches it: more than the last rung's parameters, if at all. */
        NOT_REACHED
    }

    /** Where, and the parameters: interpolated; or the first rung's (at most) or the last rung's (more than). */
    public record Crossing(Where where, double parameters) {

        /** Parameters in words: "≤ 3,190", "12,000" (two significant figures: it is interpolated), "> 814,090". */
        String parametersText() {
            return switch (where) {
                case AT_FIRST_RUNG -> String.format("≤ %,.0f", parameters);
                case BETWEEN -> String.format("%,.0f", twoFigures(parameters));
                case NOT_REACHED -> String.format("not reached (> %,.0f)", parameters);
            };
        }

        /** Its parameters over {@code others}' in words: "≤ 0.35x", "2.3x", "> 16x". */
        public String ratioText(double others) {
            String r = new BigDecimal(parameters / others).round(new MathContext(2)).stripTrailingZeros()
                    .toPlainString() + "x";
            return switch (where) {
                case AT_FIRST_RUNG -> "≤ " + r;
                case BETWEEN -> r;
                case NOT_REACHED -> "> " + r;
            };
        }
    }

    /**
     * The parameters a curve needs to reach {@code level}, with the interval that {@code levelHalfWidth} and
     * the rungs' half-widths give (none if any is NaN). {@code curve} is sorted by parameters, at least one
     * point.
     */
    public static Match of(List<Point> curve, double level, double levelHalfWidth) {
        double[] params = curve.stream().mapToDouble(Point::parameters).toArray();
        double[] mean = curve.stream().mapToDouble(Point::mean).toArray();
        Crossing estimate = crossing(params, mean, level);
        boolean interval = !Double.isNaN(levelHalfWidth) && curve.stream().noneMatch(p -> Double.isNaN(p.halfWidth()));
        if (!interval) {
            return new Match(estimate, null, null);
        }
        double[] upper = curve.stream().mapToDouble(p -> p.mean() + p.halfWidth()).toArray();
        double[] lower = curve.stream().mapToDouble(p -> p.mean() - p.halfWidth()).toArray();
        return new Match(estimate, crossing(params, upper, level - levelHalfWidth),
                crossing(params, lower, level + levelHalfWidth));
    }

    /** Where {@code y} over {@code x} (sorted, positive) first reaches {@code level}, linear in log x. */
    static Crossing crossing(double[] x, double[] y, double level) {
        if (y[0] >= level) {
            return new Crossing(Where.AT_FIRST_RUNG, x[0]);
        }
        for (int i = 1; i < x.length; i++) {
            if (y[i] >= level) {
                double t = (level - y[i - 1]) / (y[i] - y[i - 1]); // in (0, 1]: y[i-1] < level <= y[i]
                double log = Math.log(x[i - 1]) + t * (Math.log(x[i]) - Math.log(x[i - 1]));
                return new Crossing(Where.BETWEEN, Math.exp(log));
            }
        }
        return new Crossing(Where.NOT_REACHED, x[x.length - 1]);
    }

    /** The estimate's parameters and interval in words: "12,000 [5,200, not reached (> 814,090)]". */
    public String parametersText() {
        return estimate.parametersText() + (low == null ? "" : " [" + low.parametersText() + ", "
                + high.parametersText() + "]");
    }

    /** The same as a ratio to {@code others}' parameters: "2.3x [1.1x, > 16x]". */
    public String ratioText(double others) {
        return estimate.ratioText(others) + (low == null ? "" : " [" + low.ratioText(others) + ", "
                + high.ratioText(others) + "]");
    }

    private static double twoFigures(double x) {
        return new BigDecimal(x).round(new MathContext(2)).doubleValue();
    }
}
