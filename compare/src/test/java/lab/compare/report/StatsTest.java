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
    void ci95UsesStudentTWithNMinusOneDegreesOfFreedom() {
        // n = 5: t(0.975, 4) = 2.776; {1, 2, 3, 4, 5} has sd sqrt(10 / 4) = 1.5811
        List<Double> five = List.of(1.0, 2.0, 3.0, 4.0, 5.0);
        assertEquals(2.776 * Math.sqrt(2.5) / Math.sqrt(5), Stats.ci95(five), 1e-12);
        assertEquals(1.9630, Stats.ci95(five), 1e-4);
        // n = 2: t(0.975, 1) = 12.706; {0, 2}: sd sqrt(2), half-width 12.706 sqrt(2) / sqrt(2)
        assertEquals(12.706, Stats.ci95(List.of(0.0, 2.0)), 1e-12);
        // n = 8: t(0.975, 7) = 2.365
        assertEquals(2.365 * Math.sqrt(32.0 / 7) / Math.sqrt(8), Stats.ci95(EIGHT), 1e-12);
        // n = 31: t(0.975, 30) = 2.042, the table's last entry
        List<Double> ones31 = alternating(31);
        assertEquals(2.042 * Stats.sd(ones31) / Math.sqrt(31), Stats.ci95(ones31), 1e-12);
        assertTrue(Double.isNaN(Stats.ci95(List.of(1.0))), "no interval from one value");
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
