package lab.compare.agree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** One tensor's verdict: where the stacks part, it names the tensor, the index and both values. */
class AgreementJudgeTest {

    @Test
    void agreementJudgeNamesTheTensorTheIndexAndBothValuesWhenStacksPart() {
        double[] ref = {1.0, -2.0, 0.5};
        double[] other = {1.0, -2.0 + 1e-6, 0.5};
        Agreement.Tensor t = Agreement.judge("d0_W", ref, other, 1e-10);
        assertFalse(t.agrees());
        assertEquals(1, t.worstRelIndex());
        assertEquals(-2.0, t.reference());
        assertEquals(-2.0 + 1e-6, t.dl4j());
        assertTrue(Agreement.judge("d0_W", ref, ref.clone(), 1e-10).agrees());
        assertFalse(Agreement.judge("nan", ref, new double[] {1.0, Double.NaN, 0.5}, 1e-10).agrees());
    }
}
