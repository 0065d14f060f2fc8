package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/** One tensor's verdict: where the two sides part, it names the index, both values and how many differ. */
class JudgeTest {

    @Test
    void theFirstNanOfYoursIsTheWorstAndTheNonFiniteAreCounted() {
        double[] dl4j = {1, 2, 3, 4, 5};
        double[] yours = {1, 2.5, Double.NaN, Double.POSITIVE_INFINITY, Double.NaN};
        Judge.TensorVerdict t = Judge.judge("dx", dl4j, yours, new double[] {1, 1, 1, 1, 1}, 1e-10, 0);
        assertFalse(t.agrees());
        assertEquals(4, t.differing());
        assertEquals(3, t.notFinite());
        assertEquals(2, t.worstRelIndex(), "the first NaN, not the last");
        assertEquals(2, t.worstAbsIndex());
        assertEquals(0, Judge.judge("dx", dl4j, dl4j.clone(), dl4j, 1e-10, 0).notFinite());
    }

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
        Judge.TensorVerdict exact = Judge.judge("dx", new double[] {0, 2}, new double[] {0, 2}, new double[] {0, 2},
                1e-4, 0);
        assertTrue(exact.agrees());
        assertEquals(0.0, exact.worstRel(), 0.0, "an exact zero no term reaches is no error, not 0/0");
    }

    /** |diff| <= atol + rtol S passes with equality, and the next double above the bound does not. */
    @Test
    void theBoundIsInclusiveAndNotAHairWider() {
        double[] scale = {4.0};
        // atol 0.5 + rtol 0.25 x 4 = 1.5, exactly representable
        assertTrue(Judge.judge("dW", new double[] {0}, new double[] {1.5}, scale, 0.25, 0.5).agrees());
        assertTrue(Judge.judge("dW", new double[] {0}, new double[] {-1.5}, scale, 0.25, 0.5).agrees());
        Judge.TensorVerdict over = Judge.judge("dW", new double[] {0}, new double[] {Math.nextUp(1.5)}, scale, 0.25,
                0.5);
        assertFalse(over.agrees());
        assertEquals(1, over.differing());
        // the rtol scales the element's own S: the same difference against a smaller S is out
        assertFalse(Judge.judge("dW", new double[] {0}, new double[] {1.5}, new double[] {3.9}, 0.25, 0.5).agrees());
    }

    /** The worst absolute and the worst relative error can sit at different elements; each is named. */
    @Test
    void theWorstAbsoluteAndTheWorstRelativeErrorAreFoundApart() {
        double[] dl4j = {10, 1, 5, 1};
        double[] yours = {11, 1.5, 5, 1.5}; // diffs 1, 0.5, 0, 0.5: absolute worst at 0
        double[] scale = {100, 1, 5, 1}; // relative 0.01, 0.5, 0, 0.5: worst at 1, the first of the tie
        Judge.TensorVerdict t = Judge.judge("dx", dl4j, yours, scale, 1e-10, 0);
        assertEquals(4, t.size());
        assertEquals(3, t.differing());
        assertEquals(1.0, t.worstAbs(), 0.0);
        assertEquals(0, t.worstAbsIndex());
        assertEquals(0.5, t.worstRel(), 0.0);
        assertEquals(1, t.worstRelIndex());
        assertEquals(1.5, t.yours(), 0.0);
        assertEquals(1.0, t.dl4j(), 0.0);
        assertEquals(1.0, t.scale(), 0.0);
        assertEquals(1e-10, t.rtol(), 0.0);
        assertEquals(0.0, t.atol(), 0.0);
        // a tie in absolute error keeps the first element too
        Judge.TensorVerdict tie = Judge.judge("dx", new double[] {0, 0}, new double[] {1, -1}, new double[] {1, 1},
                1e-10, 0);
        assertEquals(0, tie.worstAbsIndex());
        assertEquals(0, tie.worstRelIndex());
    }

    @Test
    void aNaNIsTheWorstElementWhereverItSits() {
        Judge.TensorVerdict t = Judge.judge("dx", new double[] {0, 1, 2}, new double[] {5, Double.NaN, 2},
                new double[] {1, 1, 1}, 1e-10, 0);
        assertFalse(t.agrees());
        assertEquals(2, t.differing());
        assertEquals(1, t.worstAbsIndex());
        assertEquals(1, t.worstRelIndex());
        assertTrue(Double.isNaN(t.worstAbs()));
        assertTrue(Double.isNaN(t.worstRel()));
    }

    @Test
    void tensorsOfDifferentSizesDisagreeAndSaySoAndAnEmptyOneAgrees() {
        Judge.TensorVerdict t = Judge.judge("dW", new double[3], new double[2], new double[3], 1e-10, 0);
        assertFalse(t.agrees());
        assertEquals("dW (sizes differ: 2 vs DL4J's 3)", t.name());
        assertEquals(3, t.differing());
        Judge.TensorVerdict empty = Judge.judge("db", new double[0], new double[0], new double[0], 1e-10, 0);
        assertTrue(empty.agrees());
        assertEquals(0, empty.size());
        assertEquals(-1, empty.worstRelIndex());
    }

    @Test
    void theRtolFollowsTheLessPreciseSide() {
        assertEquals(1e-10, Judge.rtol(DataType.DOUBLE), 0.0);
        assertEquals(1e-4, Judge.rtol(DataType.FLOAT), 0.0);
        assertEquals(1e-4, Judge.rtol(DataType.HALF), 0.0);
    }

    @Test
    void aFailureLineNamesTheElementBothValuesAndTheBoundOrThatNoTermReachesIt() {
        Axes axes = new Axes(List.of("o", "i"), new int[] {2, 2});
        Judge.TensorVerdict t = Judge.judge("W", new double[] {1, 2, 3, 4}, new double[] {1, 2, 3.5, 4},
                new double[] {1, 2, 3, 4}, 1e-10, 0);
        String line = Judge.failure(t, axes);
        assertTrue(line.contains("W " + axes + " differs from DL4J at 1 of 4 elements"), line);
        assertTrue(line.contains("worst at " + axes.at(2)), line);
        assertTrue(line.contains("yours 3.5000000000000000 vs DL4J 3.0000000000000000"), line);
        assertTrue(line.contains("|diff| 0.500 > atol 0 + rtol 1e-10 x terms' size 3.00"), line);
        Judge.TensorVerdict unreached = Judge.judge("dx", new double[] {0}, new double[] {1e-300}, new double[] {0},
                1e-4, 0);
        assertTrue(Judge.failure(unreached, new Axes(List.of("i"), new int[] {1})).contains(
                "no term reaches this element: its exact value is 0"));
    }

    @Test
    void theTableHasAHeaderAndOneLinePerTensorWithItsVerdict() {
        Judge.TensorVerdict ok = Judge.judge("out", new double[] {1}, new double[] {1}, new double[] {1}, 1e-10, 0);
        Judge.TensorVerdict bad = Judge.judge("dW", new double[] {1}, new double[] {2}, new double[] {1}, 1e-10, 0);
        String[] lines = Judge.table(List.of(ok, bad), "yours", v -> "[0]").split("\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].contains("at worst rel: yours vs dl4j"), lines[0]);
        assertTrue(lines[1].matches("\\s+out\\s+1\\s+0\\.00e\\+00\\s+0\\.00e\\+00\\s+ok\\s+\\[0] 1\\.0+ vs 1\\.0+"),
                lines[1]);
        assertTrue(lines[2].matches("\\s+dW\\s+1\\s+1\\.00e\\+00\\s+1\\.00e\\+00\\s+DIFFERS\\s+\\[0] 2\\.0+ vs 1\\.0+"),
                lines[2]);
    }
}
