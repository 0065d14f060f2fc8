package lab.compare;

import java.util.List;

/** Mean and sample standard deviation; enough for the tables, nothing more. */
final class Stats {

    private Stats() {
    }

    static double mean(List<Double> xs) {
        double sum = 0;
        for (double x : xs) {
            sum += x;
        }
        return sum / xs.size();
    }

    /** Sample standard deviation (n - 1); 0 for a single value. */
    static double sd(List<Double> xs) {
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
}
