package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.compare.run.Experiment;
import org.junit.jupiter.api.Test;

/**
 * The time left a plan's lines print, worked by hand: the runs' time left (as the driver priced it, less the
 * time since) plus the report after them, in words that never say "about 0 s". No run is timed here.
 */
class TimeLeftTest {

    /** When the tallies here are taken, and read: a pause of the test's own JVM cannot move a time left. */
    private static final long NOW = 1_000_000_000_000L;

    /** A tally of {@code total} runs, {@code done} of them ended, priced {@code secondsLeft} s left, taken at NOW. */
    private static Experiment.Tally tally(int total, int done, double secondsLeft) {
        return new Experiment.Tally(total, done, total == done ? 0 : 1, 0, 1000, secondsLeft, NOW);
    }

    /** The status line's counts of {@code t}, read at NOW. */
    private static String counts(Experiment.Tally t) {
        return Console.counts(t, NOW);
    }

    @Test
    void theTimeLeftAfterKOfNResultsIsTheRunsLeftThenTheReport() {
        // 8 runs, the report after them 0.5 + 8 x 0.004 = 0.532 s.
        assertEquals(0.532, Console.reportSeconds(8), 1e-12);
        assertEquals(0.788, Console.reportSeconds(72), 1e-12);
        // 3 of 8 done, 10.2 s of runs left: 10.7 s in all, "about 11 s", not the runs' "about 10 s".
        assertTrue(counts(tally(8, 3, 10.2)).endsWith("about 11 s left"), counts(tally(8, 3, 10.2)));
        // 8 of 8 done: the runs are over but the report is not (0.53 s): "about 1 s", never "about 0 s".
        assertTrue(counts(tally(8, 8, 0)).endsWith("about 1 s left"), counts(tally(8, 8, 0)));
        // 72 of 72 after a long plan: still the report.
        assertTrue(counts(tally(72, 72, 0)).endsWith("about 1 s left"));
        // 0.8 s of runs and the report: 1.33 s, "about 1 s".
        assertTrue(counts(tally(8, 7, 0.8)).endsWith("about 1 s left"), counts(tally(8, 7, 0.8)));
    }

    @Test
    void aTallyCountsDownWithTheClockFromWhenItWasTaken() {
        long then = NOW - 3_700_000_000L; // taken 3.7 s before NOW, 10 s left then
        Experiment.Tally t = new Experiment.Tally(8, 3, 2, 0, 1000, 10, then);
        assertEquals(6.3, t.secondsLeftAt(then + 3_700_000_000L), 1e-9);
        assertEquals(0, t.secondsLeftAt(then + 20_000_000_000L), 1e-9, "overdue: none left, not negative");
        // 6.3 s of runs and 0.532 s of report from now: 6.83 s.
        assertTrue(counts(t).endsWith("about 7 s left"), counts(t));
    }

    @Test
    void timesAreWordedWithAFloorAndNoFalsePrecision() {
        assertEquals("under a second", Experiment.about(0));
        assertEquals("under a second", Experiment.about(0.49));
        assertEquals("about 1 s", Experiment.about(0.51), "rounds to 1 s, not to nothing");
        assertEquals("about 1 s", Experiment.about(1.2));
        assertEquals("about 11 s", Experiment.about(11.4));
        assertEquals("about 89 s", Experiment.about(89.4));
        assertEquals("about 1.5 min", Experiment.about(90));
        assertEquals("about 4.2 min", Experiment.about(252));
        assertTrue(Experiment.about(Double.NaN).startsWith("an unknown time"));
        assertTrue(counts(tally(8, 0, Double.NaN)).endsWith("time left not known yet (not every kind measured)"));
    }
}
