package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Param;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What {@link StockLocallyConnected} promises besides the two bugs (those are pinned in Dl4jStackTest): it
 * computes in double whatever ND4J's process-wide default, leaves that default alone, labels only maps it
 * can label, and its ratio is one number or NaN.
 */
class StockLocallyConnectedTest {

    @Test
    void theStockLayerComputesInDoubleWhateverNd4jsDefaultAndLeavesItAlone() {
        DataType before = Nd4j.defaultFloatingPointType(); // other tests may have made it DOUBLE
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        try {
            Shape in = new Shape(1, 2, 2);
            Dl4jPiece stock = Dl4jNetworks.stockLocallyConnected(new Architecture.Local(1, 2, 2, 1, 1, 0, 0), in);
            double[] w = {0.1, 0.2, 0.3, 0.7}; // none of them a float
            Dl4jParams.toDl4j(stock, 0, List.of(new Param("W", new int[] {1, 4, 1}, w, new double[4]),
                    new Param("b", new int[] {1}, new double[] {0.0}, new double[1])));
            Dl4jPiece.Run run = stock.run(new double[] {1, 1, 1, 1}, 1, new double[] {1});
            // In float these would be off by about 1e-8.
            assertEquals(0.1 + 0.2 + 0.3 + 0.7, run.output()[0], 1e-15, "out");
            assertArrayEquals(new double[] {0.2, 0.4, 0.6, 1.4}, run.dx(), 0, "dx, doubled by the bug");
            StockLocallyConnected.outputMaps(3, 3);
            StockLocallyConnected.gradients();
            assertEquals(DataType.FLOAT, Nd4j.defaultFloatingPointType(), "ND4J's default, after");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void aMapOneRowHighComesOutRightEvenOnTheStockLayer() {
        StockLocallyConnected.Maps m = StockLocallyConnected.outputMaps(2, 4);
        assertArrayEquals(new double[][] {{11, 12, 13, 14}, {21, 22, 23, 24}}, m.input());
        assertArrayEquals(new double[][] {{11, 12, 13}}, m.reference());
        assertArrayEquals(new double[][] {{11, 12, 13}}, m.stock());
    }

    @Test
    void outputMapsRefusesSidesWhosePixelsItCannotLabel() {
        assertThrows(IllegalArgumentException.class, () -> StockLocallyConnected.outputMaps(1, 3));
        assertThrows(IllegalArgumentException.class, () -> StockLocallyConnected.outputMaps(3, 10));
    }

    @Test
    void aRatioIsOneNumberForEveryElementOrNaN() {
        assertEquals(2.0, ratio(new double[] {1, 0, -3}, new double[] {2, 0, -6}));
        assertEquals(Double.NaN, ratio(new double[] {1, 2}, new double[] {2, 5}));
        assertEquals(Double.NaN, ratio(new double[] {0, 1}, new double[] {1, 2}));
        assertEquals(Double.NaN, ratio(new double[] {0}, new double[] {0}));
    }

    private static double ratio(double[] reference, double[] stock) {
        return new StockLocallyConnected.Gradient("t", reference, stock).ratio();
    }
}
