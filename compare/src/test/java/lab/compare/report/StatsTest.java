package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Stats against answers worked by hand and read from standard t tables, not against itself. */
class StatsTest {

    private static final List<Double> EIGHT = List.of(2.0, 4.0, 4.0, 4.0, 5.0, 5.0, 7.0, 9.0);

    @Test
    void meanOfTheTextbookEightIsFive() {
        assertEquals(5.0, Stats.mean(EIGHT), 0.0);
    }

    @Test
    void sdDividesByNMinusOne() {
        // squares of deviations from 5: 9 1 1 1 0 0 4 16 = 32; 32 / 7 = 4.5714..., sqrt = 2.13809 (over n: 2)
        assertEquals(Math.sqrt(32.0 / 7), Stats.sd(EIGHT), 1e-15);
        assertEquals(2.1380899, Stats.sd(EIGHT), 1e-7);
        assertEquals(0.0, Stats.sd(List.of(3.5)), 0.0, "one value: no spread");
    }

    @Test
    void tQuantilesMatchThePrintedTables() {
        // t(0.975, df) as printed to three or four decimals in standard tables
        assertEquals(12.706, Stats.t975(1), 1e-3);
        assertEquals(2.228, Stats.t975(10), 1e-3);
        assertEquals(2.0096, Stats.t975(49), 1e-3);
    }

    /* t(0.975, df) to 15 digits, from scipy.stats.t.ppf and checked against a root of mpmath's regularized
       incomplete beta at 30 digits: 1 - I(df / (df + t^2); df/2, 1/2) / 2 = 0.975. */
    private static final double T1 = 12.7062047361747;
    private static final double T4 = 2.77644510519779;
    private static final double T7 = 2.36462425159278;
    private static final double T30 = 2.04227245630124;
    private static final double T49 = 2.00957523712924;

    @Test
    void ci95UsesStudentTWithNMinusOneDegreesOfFreedom() {
        // n = 5: t(0.975, 4); {1, 2, 3, 4, 5} has sd sqrt(10 / 4) = 1.5811
        List<Double> five = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
        assertRelative(T4 * Math.sqrt(2.5) / Math.sqrt(5), Stats.ci95(five));
        assertEquals(1.9632, Stats.ci95(five), 1e-4);
        // n = 2: t(0.975, 1); {0, 2}: sd sqrt(2), half-width t sqrt(2) / sqrt(2)
        assertRelative(T1, Stats.ci95(List.of(0.0, 2.0)));
        // n = 8: t(0.975, 7)
        assertRelative(T7 * Math.sqrt(32.0 / 7) / Math.sqrt(8), Stats.ci95(EIGHT));
        // n = 31: t(0.975, 30), where the old table ended
        List<Double> ones31 = alternating(31);
        assertRelative(T30 * Stats.sd(ones31) / Math.sqrt(31), Stats.ci95(ones31));
        assertTrue(Double.isNaN(Stats.ci95(List.of(1.0))), "no interval from one value");
    }

    @Test
    void fiftyValuesUseTheirOwnQuantileNotTheNormalOne() {
        // 0, 1, 0, 1, ... (25 of each): sd sqrt(12.5 / 49); the old table fell back to 1.96 past 31 values,
        // 2.5% short of t(0.975, 49)
        List<Double> fifty = alternating(50);
        assertEquals(Math.sqrt(12.5 / 49), Stats.sd(fifty), 1e-15);
        assertRelative(T49 * Math.sqrt(12.5 / 49) / Math.sqrt(50), Stats.ci95(fifty));
        assertTrue(Math.abs(Stats.ci95(fifty) - 1.96 * Stats.sd(fifty) / Math.sqrt(50)) > 1e-3);
    }

    /**
     * Within 1e-9 of the expected value, relative: the quantile comes from a root finder with an absolute accuracy
     * of 1e-9 (commons-math's default), and every quantile here is above 1.96, so 1e-9 relative is at least that.
     */
    private static void assertRelative(double expected, double actual) {
        assertEquals(expected, actual, 1e-9 * Math.abs(expected), () -> "expected " + expected + ", got " + actual);
    }

    /** 0, 1, 0, 1, ...: a sample with a non-zero sd for any n. */
    private static List<Double> alternating(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> (double) (i % 2)).toList();
    }

    /**
     * The two-pass sd, sum of (x - m)^2, stays exact for values far from zero whose mean is not a double.
     * A sign slip, sum (x + m)(x - m), equals it only in exact arithmetic: it adds 2m sum (x - m), and the
     * rounding of m leaves that sum at about 1e-7 here, which 2m = 2e9 turns into -234 for the sum of
     * squares. The spread of 1e9 + {1, 2, 4} is sqrt(7/3).
     */
    @Test
    void sdStaysExactForValuesFarFromZero() {
        assertEquals(Math.sqrt(7.0 / 3), Stats.sd(List.of(1e9 + 1, 1e9 + 2, 1e9 + 4)), 1e-6);
    }
}
