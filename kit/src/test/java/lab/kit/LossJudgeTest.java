package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * LossJudge's sizes of terms, worked out by hand from its definition on two rows that differ in every way
 * the definition can see (a positive and a negative row max, a label at the max and one below it), DL4J's
 * loss against the textbook value, and where each of its elements is.
 */
class LossJudgeTest {

    /**
     * Logits (N, K) = (2, 3) and labels: row 0 has its max 1 at a class that is not its label (z_y = 0); row 1
     * has a negative max -1 at its label. Both rows' log-sums are log(1 + 2 e^-1) and log(1 + 2 e^-2).
     */
    static final double[] LOGITS = {1, 0, 0, -3, -1, -3};
    static final int[] LABELS = {1, 1};

    @Test
    void theLossTermsAreTheLogSumTheMaxAndTheLabelsLogitInAbsoluteValueAveragedOverTheBatch() {
        LossJudge j = LossJudge.of(LOGITS, LABELS, 2, 3);
        double row0 = Math.log(1 + 2 * Math.exp(-1)) + 1 + 0; // |log-sum| + |m = 1| + |z_y = 0|
        double row1 = Math.log(1 + 2 * Math.exp(-2)) + 1 + 1; // |log-sum| + |m = -1| + |z_y = -1|
        assertEquals((row0 + row1) / 2, j.lossSize(), 1e-15);
        // The loss itself is smaller than its terms: in row 1, m - z_y = 0 cancels.
        double loss = (Math.log(1 + 2 * Math.exp(-1)) + 1 - 0 + Math.log(1 + 2 * Math.exp(-2)) - 1 + 1) / 2;
        assertEquals(loss, j.dl4j().loss(), 1e-12);
        assertTrue(j.lossSize() > loss + 0.9);
    }

    @Test
    void theDlogitsTermsAreTheSoftmaxPlusTheOneHotOverTheBatch() {
        LossJudge j = LossJudge.of(LOGITS, LABELS, 2, 3);
        double e = Math.exp(1);
        double s0 = e + 2; // row 0: exp(z - m) = (1, e^-1, e^-1), so p = (e, 1, 1) / (e + 2)
        double s1 = 1 + 2 * Math.exp(-2); // row 1: exp(z - m) = (e^-2, 1, e^-2)
        double[] p = {e / s0, 1 / s0, 1 / s0, Math.exp(-2) / s1, 1 / s1, Math.exp(-2) / s1};
        double[] onehot = {0, 1, 0, 0, 1, 0};
        for (int i = 0; i < 6; i++) {
            assertEquals((p[i] + onehot[i]) / 2, j.dlogitsSizes()[i], 1e-15, "the terms' size, element " + i);
            assertEquals((p[i] - onehot[i]) / 2, j.dl4j().dlogits()[i], 1e-12, "DL4J's dlogits, element " + i);
        }
    }

    @Test
    void aLossIsJudgedAgainstTheSizeOfItsTermsNotItsValue() {
        LossJudge j = LossJudge.of(LOGITS, LABELS, 2, 3);
        double bound = 1e-6 * j.lossSize();
        assertTrue(j.loss(j.dl4j().loss() + 0.99 * bound, 1e-6, 0).agrees());
        assertFalse(j.loss(j.dl4j().loss() + 1.01 * bound, 1e-6, 0).agrees());
        double[] off = j.dl4j().dlogits().clone();
        off[4] += 1.01e-6 * j.dlogitsSizes()[4];
        Judge.TensorVerdict d = j.dlogits(off, 1e-6, 0);
        assertFalse(d.agrees());
        assertEquals(4, d.worstRelIndex());
    }

    @Test
    void theLossIsOneNumberWithoutAxesAndDlogitsIsIndexedByExampleAndClass() {
        Axes loss = LossJudge.axes("loss", 2, 3);
        assertEquals(List.of(), loss.names());
        assertArrayEquals(new int[0], loss.sizes());
        assertEquals("()", loss.at(0));
        Axes dlogits = LossJudge.axes("dlogits", 2, 3);
        assertEquals(List.of("n", "k"), dlogits.names());
        assertArrayEquals(new int[] {2, 3}, dlogits.sizes());
        assertEquals("(1, 2)", dlogits.at(5));
    }
}
