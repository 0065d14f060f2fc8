package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins the DL4J 1.0.0-M2.1 bug that {@link LeakyReLUInDouble} corrects: ActivationLReLU's backward rounds
 * alpha to float, even in double. If an upgrade fixes it, the stock assertions fail, and the subclass can go.
 */
class Dl4jNewLayersBugsTest {

    @Test
    void dl4jsLeakyReluBackwardUsesAlphaRoundedToFloatInM21() {
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT); // the result must not depend on it
        try {
            LeakyReLUInDouble.Slopes s = LeakyReLUInDouble.stockSlopes(0.3);
            assertArrayEquals(new double[] {(float) 0.3, 1, 1, 1}, s.stock(), 0,
                    "stock DL4J, z = -1, 0, -0.0, 1: alpha as a float below 0, 1 at and above 0");
            assertEquals(0.30000001192092896, s.stock()[0], 0, "(float) 0.3, not 0.3");
            assertArrayEquals(new double[] {0.3, 1, 1, 1}, s.corrected(), 0, "corrected: alpha in double");
            assertEquals(DataType.FLOAT, Nd4j.defaultFloatingPointType(), "ND4J's default, after");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    /** A slope exact in float is exact either way: the bug is rounding, nothing else. */
    @Test
    void aSlopeThatIsAFloatAlreadyGivesTheSameGradientOnBoth() {
        LeakyReLUInDouble.Slopes s = LeakyReLUInDouble.stockSlopes(0.25);
        assertArrayEquals(s.corrected(), s.stock(), 0);
        assertArrayEquals(new double[] {0.25, 1, 1, 1}, s.corrected(), 0);
    }
}
