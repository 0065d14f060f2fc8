package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One tensor's verdict: where the two sides part, it names the index, both values and how many differ. */
class JudgeTest {

    @Test
    void judgeNamesTheIndexBothValuesAndTheCountWhereTheSidesPart() {
        double[] dl4j = {1.0, -2.0, 0.5};
        double[] yours = {1.0, -2.0 + 1e-6, 0.5};
        double[] scale = {1.0, 2.0, 0.5};
        Judge.TensorVerdict t = Judge.judge("dW", dl4j, yours, scale, 1e-10, 0);
        assertFalse(t.agrees());
        assertEquals(1, t.differing());
        assertEquals(1, t.worstRelIndex());
        assertEquals(-2.0 + 1e-6, t.yours());
        assertEquals(-2.0, t.dl4j());
        assertEquals(1e-6 / 2, t.worstRel(), 1e-12);
        assertTrue(Judge.judge("dW", dl4j, dl4j.clone(), scale, 1e-10, 0).agrees());
        assertTrue(Judge.judge("dW", dl4j, yours, scale, 1e-10, 2e-6).agrees(), "atol lets an absolute slack through");
        assertFalse(Judge.judge("nan", dl4j, new double[] {1.0, Double.NaN, 0.5}, scale, 1e-10, 1).agrees());
    }

    @Test
    void anElementNoTermReachesMustBeExactlyZero() {
        Judge.TensorVerdict t = Judge.judge("dx", new double[] {0, 1}, new double[] {1e-300, 1}, new double[] {0, 1},
                1e-4, 0);
        assertFalse(t.agrees());
        assertEquals(Double.POSITIVE_INFINITY, t.worstRel());
        assertTrue(Judge.judge("dx", new double[] {0}, new double[] {0}, new double[] {0}, 1e-4, 0).agrees());
    }
}
