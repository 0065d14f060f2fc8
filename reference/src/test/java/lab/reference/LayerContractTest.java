package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

/**
 * What every layer promises besides its arithmetic: a batch of the wrong size is refused with an
 * IllegalArgumentException that names the layer (forward and backward alike, never an index error deep in
 * a loop), describe() is the layer in the architecture's text form, the windows handed to faster kernels
 * are the layer's own settings, and the size guard of the locally connected layer.
 */
class LayerContractTest {

    /** Every layer kind, in the text form; on 1x8x6 each fits (shapes in the comments). */
    private static final String EVERY_KIND = "conv(2,k3,p1)" // 2x8x6
            + "-relu-maxpool(2)" // 2x4x3
            + "-local(3,k2x1)" // 3x3x3
            + "-tanh-avgpool(k2,s1)" // 3x2x2
            + "-gap" // 3
            + "-flatten-dense(4)";

    private static List<Layer> everyKind() {
        return Architecture.parse(EVERY_KIND).layers(new Shape(1, 8, 6));
    }

    @Test
    void describeOfEveryLayerIsItsTokenInTheTextForm() {
        List<Layer> layers = everyKind();
        assertEquals(EVERY_KIND, layers.stream().map(Layer::describe).collect(Collectors.joining("-")));
        assertInstanceOf(ReLU.class, layers.get(1));
        assertInstanceOf(Tanh.class, layers.get(4));
        assertInstanceOf(GlobalAvgPool.class, layers.get(6));
        assertInstanceOf(Flatten.class, layers.get(7));
    }

    private static void assertNamesLayer(Layer layer, Runnable call, String what) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run,
                layer.describe() + ": " + what);
        assertTrue(e.getMessage().startsWith(layer.describe() + ": "),
                "message names the layer " + layer.describe() + ": " + e.getMessage());
    }

    @Test
    void everyLayerRefusesAWrongInputLengthNamingItself() {
        int n = 2;
        for (Layer layer : everyKind()) {
            int size = n * layer.inputShape().size();
            assertNamesLayer(layer, () -> layer.forward(new double[size + 1], n), "one value too many");
            assertNamesLayer(layer, () -> layer.forward(new double[size - 1], n), "one value too few");
            assertNamesLayer(layer, () -> layer.forward(null, n), "null input");
        }
    }

    @Test
    void everyLayerRefusesAWrongDoutLengthNamingItself() {
        int n = 2;
        for (Layer layer : everyKind()) {
            double[] x = new double[n * layer.inputShape().size()];
            Random rng = new Random(5);
            for (int i = 0; i < x.length; i++) {
                x[i] = rng.nextGaussian();
            }
            double[] out = layer.forward(x, n);
            assertEquals(n * layer.outputShape().size(), out.length);
            assertNamesLayer(layer, () -> layer.backward(new double[out.length + 1]), "dout one too long");
            assertNamesLayer(layer, () -> layer.backward(new double[out.length - 1]), "dout one too short");
            assertNamesLayer(layer, () -> layer.backward(null), "null dout");
            assertEquals(x.length, layer.backward(new double[out.length]).length, "the right dout passes");
        }
    }

    @Test
    void checkBatchSaysNullForANullArray() {
        Layer relu = new ReLU(new Shape(1, 2, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> relu.forward(null, 1));
        assertEquals("relu: input should hold 1 x 1x2x2 = 4 values, got null", e.getMessage());
    }

    @Test
    void theWindowsGivenToFasterKernelsAreTheLayersOwnSettings() {
        Conv2D conv = new Conv2D(new Shape(1, 7, 9), 2, 3, 2, 2, 1, 1, 0);
        // OH = (7 + 2 - 3) / 2 + 1 = 4, OW = (9 + 0 - 2) / 1 + 1 = 8
        assertEquals(new Window(3, 2, 2, 1, 1, 0, 4, 8), conv.window());
        MaxPool2D max = new MaxPool2D(new Shape(2, 6, 4), 2, 2, 2, 1);
        assertEquals(new Window(2, 2, 2, 1, 0, 0, 3, 3), max.window());
        AvgPool2D avg = new AvgPool2D(new Shape(1, 4, 6), 2, 3, 2, 3);
        assertEquals(new Window(2, 3, 2, 3, 0, 0, 2, 2), avg.window());
    }

    @Test
    void maxPoolOnANonSquareInputAtStrideTwoByTwo() {
        // 1 x 4 x 6, x[r][c] = 10 r + c: each 2x2 window's max is its bottom-right element.
        double[] x = new double[24];
        for (int r = 0; r < 4; r++) {
            for (int c = 0; c < 6; c++) {
                x[r * 6 + c] = 10 * r + c;
            }
        }
        MaxPool2D pool = new MaxPool2D(new Shape(1, 4, 6), 2, 2, 2, 2);
        assertArrayEquals(new double[] {11, 13, 15, 31, 33, 35}, pool.forward(x, 1));
        assertArrayEquals(new int[] {7, 9, 11, 19, 21, 23}, pool.argmax());
        // overlapping windows, stride 1 down and 2 across: rows (0,1), (1,2), (2,3)
        MaxPool2D overlapping = new MaxPool2D(new Shape(1, 4, 6), 2, 2, 1, 2);
        assertArrayEquals(new double[] {11, 13, 15, 21, 23, 25, 31, 33, 35}, overlapping.forward(x, 1));
    }

    @Test
    void aLocallyConnectedLayerTooLargeForOneArrayIsRefusedBeforeAllocating() {
        // 10x10 positions x (2 channels x 3x3 taps) x 1.5M filters = 2.7e9 weights > Integer.MAX_VALUE
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new LocallyConnected2D(new Shape(2, 10, 10), 1_500_000, 3, 3, 1, 1, 1, 1));
        assertEquals("local(1500000,k3,p1): 2700000000 weights, more than one array holds", e.getMessage());
    }

    /** A layer with a bias but no fans: by Init's contract it is left alone. */
    private static final class BiasOnly implements Layer {
        final Param b = new Param("b", 3);

        @Override
        public Shape inputShape() {
            return Shape.vector(3);
        }

        @Override
        public Shape outputShape() {
            return Shape.vector(3);
        }

        @Override
        public double[] forward(double[] x, int n) {
            throw new UnsupportedOperationException();
        }

        @Override
        public double[] backward(double[] dout) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Param> params() {
            return List.of(b);
        }

        @Override
        public String describe() {
            return "bias-only";
        }
    }

    @Test
    void initZeroesABiasThatWasSetAndDrawsTheWeights() {
        Dense dense = new Dense(Shape.vector(4), 3);
        Param w = dense.params().get(0);
        Param b = dense.params().get(1);
        java.util.Arrays.fill(b.value(), 7.0);
        Init.HE.apply(dense, new Random(1));
        assertArrayEquals(new double[3], b.value(), "b set to 0");
        double[] expectedW = new double[12];
        Init.HE.fill(expectedW, 4, 3, new Random(1));
        assertArrayEquals(expectedW, w.value(), "W drawn from the rng, as fill draws it");
    }

    @Test
    void initLeavesALayerWithoutFansAlone() {
        BiasOnly layer = new BiasOnly();
        assertEquals(Optional.empty(), layer.fans());
        java.util.Arrays.fill(layer.b.value(), 7.0);
        Random rng = new Random(3);
        Init.XAVIER.apply(layer, rng);
        assertArrayEquals(new double[] {7, 7, 7}, layer.b.value());
        assertEquals(new Random(3).nextLong(), rng.nextLong(), "nothing drawn");
    }
}
