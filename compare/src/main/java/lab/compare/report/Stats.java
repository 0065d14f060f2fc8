package lab.compare.report;

import java.util.List;

/** Mean, sample standard deviation, and Student-t 95% confidence intervals of a mean. */
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

    /** Two-sided 95% quantiles of Student's t for 1..30 degrees of freedom (standard tables). */
    private static final double[] T975 = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086, 2.080, 2.074, 2.069, 2.064, 2.060,
        2.056, 2.052, 2.048, 2.045, 2.042};

    /** Half-width of the 95% interval of the mean: t(0.975, n-1) sd / sqrt(n); NaN below two values. */
    public static double ci95(List<Double> xs) {
        int n = xs.size();
        if (n < 2) {
            return Double.NaN;
        }
        double t = n - 1 <= T975.length ? T975[n - 2] : 1.96;
        return t * sd(xs) / Math.sqrt(n);
    }
}
