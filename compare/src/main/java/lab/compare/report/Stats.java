package lab.compare.report;

import java.util.List;

import org.apache.commons.math3.distribution.TDistribution;

/**
 * Mean, sample standard deviation, and Student-t 95% confidence intervals of a mean. The t quantile is
 * computed for every sample size (commons-math), not read from a table that stops at 30 degrees of freedom.
 */
public final class Stats {

    private Stats() {
    }

    public static double mean(List<Double> xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.size();
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    public static double sd(List<Double> xs) {
        if (xs.size() < 2) {
            return 0;
        }
        double m = mean(xs);
        double ss = 0;
        for (double x : xs) {
            ss += (x - m) * (x - m);
        }
        return Math.sqrt(ss / (xs.size() - 1));
    }

    /** Half-width of the 95% interval of the mean: t(0.975, n-1) sd / sqrt(n); NaN below two values. */
    public static double ci95(List<Double> xs) {
        int n = xs.size();
        if (n < 2) {
            return Double.NaN;
        }
        return t975(n - 1) * sd(xs) / Math.sqrt(n);
    }

    /** The 97.5% quantile of Student's t with {@code df} degrees of freedom: the two-sided 95% multiplier. */
    static double t975(int df) {
        return new TDistribution(df).inverseCumulativeProbability(0.975);
    }
}
