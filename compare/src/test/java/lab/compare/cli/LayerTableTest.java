package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import lab.reference.Architecture;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/** What {@code lab train} prints before it trains: each layer's output shape and parameters, and the total. */
class LayerTableTest {

    @Test
    void thePresetCnnOn28x28HasItsParametersMostlyInTheFinalDenseLayer() {
        Shape in = new Shape(1, 28, 28);
        String table = TrainCommand.layerTable(in, Architecture.of("cnn").layers(in));
        assertEquals(String.join("\n",
                "  layer            output     parameters",
                "  input            1x28x28",
                "  conv(8,k3,p1)    8x28x28            80",
                "  relu             8x28x28             0",
                "  maxpool(2)       8x14x14             0",
                "  conv(16,k3,p1)   16x14x14        1,168",
                "  relu             16x14x14            0",
                "  maxpool(2)       16x7x7              0",
                "  dense(10)        10              7,850",
                "  total                            9,098", ""), table.replace(System.lineSeparator(), "\n"));
        assertEquals(9_098, Architecture.of("cnn").parameterCount(in), "the total is the architecture's own count");
    }
}
