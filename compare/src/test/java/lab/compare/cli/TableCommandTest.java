package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * {@code lab table} when runs do not finish: its last line counts every run left out of the table, diverged
 * or failed, and says so in those words (it used to call them all "diverged"), with exit code 3.
 */
class TableCommandTest {

    @Test
    void runsThatDoNotFinishAreCountedAsNotFinishedAndLeftOutOfTheTable() {
        // lr 1e6: every run's loss leaves 10 ln K within its first steps, on both models and pixel orders.
        LabTest.Outcome o = LabTest.lab("table", "--seeds", "1", "--epochs", "1", "--lr", "1e6");
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().strip().endsWith("lab: 4 run(s) did not finish (diverged or failed) and are left out "
                + "of the table"), o.err());
        assertFalse(o.err().contains("run(s) diverged"), o.err());
        // The table is still printed, its cells empty: no seed finished.
        assertTrue(o.out().contains("book-mlp          2,410"), o.out());
        assertFalse(o.out().contains("drop of book-cnn minus drop of book-mlp"), o.out());
    }
}
