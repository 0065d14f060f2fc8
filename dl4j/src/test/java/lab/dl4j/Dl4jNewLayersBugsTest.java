package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.reference.Shape;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Pins the DL4J 1.0.0-M2.1 bugs the mapping works around: ActivationLReLU's backward rounds alpha to float,
 * even in double ({@link LeakyReLUInDouble} corrects it), and Same mode refuses a window that ends two or more
 * rows short of the input ({@link StockSamePadding}; Dl4jNetworks crops those rows first), and ActivationLayer
 * works in place on its input in evaluation ({@link Dl4jNetworks.CopyingActivationLayer} copies). If an upgrade
 * fixes one, its stock assertions fail, and the workaround can go.
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

    /**
     * An ActivationLayer first, in evaluation: M2.1's applies tanh to the caller's x itself, and before a pool
     * the pool's preprocessor refuses the result as in no workspace. The copying layer leaves x alone and runs.
     */
    @Test
    void dl4jsActivationLayerWorksInPlaceOnTheCallersInputInEvaluationInM21() {
        double[] values = {1, -2, 0.5, -0.25};
        INDArray x = Nd4j.create(values, new long[] {1, 4}, DataType.DOUBLE);
        firstThenDense(new ActivationLayer.Builder().activation(Activation.TANH).build()).output(x, false);
        for (int i = 0; i < values.length; i++) {
            assertEquals(Math.tanh(values[i]), x.getDouble(i), 1e-15, "stock: x[" + i + "] is tanh(x) now");
        }
        Exception refused = assertThrows(IllegalStateException.class,
                () -> firstThenPool(new ActivationLayer.Builder().activation(Activation.RELU).build())
                        .output(Nd4j.create(values, new long[] {1, 4}, DataType.DOUBLE), false));
        assertTrue(refused.getMessage().startsWith("Output of layer (inference): array (ACTIVATIONS) workspace"
                + " validation failed (preprocessor1"), refused.getMessage());

        INDArray y = Nd4j.create(values, new long[] {1, 4}, DataType.DOUBLE);
        firstThenDense(new Dl4jNetworks.CopyingActivationLayer(Activation.TANH.getActivationFunction()))
                .output(y, false);
        assertArrayEquals(values, y.toDoubleVector(), 0, "copying: x as it was");
        INDArray pooled = firstThenPool(
                new Dl4jNetworks.CopyingActivationLayer(Activation.RELU.getActivationFunction())).output(y, false);
        assertEquals(2, pooled.length(), "copying: the pool and the output layer ran");
        assertArrayEquals(values, y.toDoubleVector(), 0, "copying: x as it was");
    }

    /** {@code first}, then a two-class OutputLayer, on a vector of 4, in double. */
    private static MultiLayerNetwork firstThenDense(org.deeplearning4j.nn.conf.layers.Layer first) {
        return initialised(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list().layer(first)
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)));
    }

    /** {@code first}, then a 2 x 2 max pool (stride 2) and a two-class OutputLayer, on a flat 1 x 2 x 2 image. */
    private static MultiLayerNetwork firstThenPool(org.deeplearning4j.nn.conf.layers.Layer first) {
        return initialised(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list().layer(first)
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new OutputLayer.Builder().nOut(2).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutionalFlat(2, 2, 1)));
    }

    private static MultiLayerNetwork initialised(NeuralNetConfiguration.ListBuilder list) {
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }
}
