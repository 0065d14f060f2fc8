package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.reference.Shape;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins the DL4J 1.0.0-M2.1 bugs the mapping works around: ActivationLReLU's backward rounds alpha to float,
 * even in double ({@link LeakyReLUInDouble} corrects it), and Same mode refuses a window that ends two or more
 * rows short of the input ({@link StockSamePadding}; Dl4jNetworks crops those rows first). If an upgrade fixes
 * one, its stock assertions fail, and the workaround can go.
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

    /**
     * conv(1,k4x1,s3,same) on 1 x 3 x 6: Same's total padding on W is max(0, (2 - 1) 3 + 1 - 6) = 0, but DL4J's
     * formula gives -2, halved to -1, and throws. The conv refuses in forward; the pools run forward (libnd4j
     * pads for itself) and refuse in backward.
     */
    @Test
    void dl4jsSameModeRefusesAWindowThatEndsTwoColumnsShortInM21() {
        String refusal = "Invalid padding values calculated: [0, -1] - layer configuration is invalid? Input size"
                + " [3, 6], output size [1, 2], kernel [4, 1], strides [3, 3]";
        StockSamePadding.Outcome conv = StockSamePadding.run(StockSamePadding.MINIMAL, StockSamePadding.MINIMAL_INPUT);
        assertEquals("forward", conv.stage(), conv.message());
        assertTrue(conv.message().startsWith(refusal), conv.message());
        for (String pool : List.of("maxpool(k4x1,s3,same)", "avgpool(k4x1,s3,same)")) {
            StockSamePadding.Outcome o = StockSamePadding.run(pool, StockSamePadding.MINIMAL_INPUT);
            assertEquals("backward", o.stage(), pool + ": " + o.message());
            assertTrue(o.message().startsWith(refusal), pool + ": " + o.message());
        }
    }

    /** One row short is not refused: DL4J halves -1 to 0 (integer division), the reference's padding. */
    @Test
    void dl4jsSameModeTakesAWindowThatEndsOneRowShort() {
        for (String layer : List.of("conv(1,k4x1,s3,same)", "maxpool(k4x1,s3,same)", "avgpool(k4x1,s3,same)")) {
            StockSamePadding.Outcome o = StockSamePadding.run(layer, new Shape(1, 3, 5)); // W: 3 + 1 - 5 = -1
            assertEquals("none", o.stage(), layer + ": " + o.message());
        }
    }
}
