package lab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Bad input gets an exception whose message names the problem: which layer, which sizes, which step. */
class BadInputTest {

    @Test
    void wrongShapeIntoALayerNamesTheLayerAndBothSizes() {
        Conv2D conv = new Conv2D(new Shape(1, 8, 8), 4, 3, 3, 1, 1, 0, 0);
        assertMessage(() -> conv.forward(new double[63], 1), "conv(4,k3): input should hold 1 x 1x8x8 = 64 values, got 63");
        assertMessage(() -> conv.forward(new double[128], 0), "batch size must be at least 1, got 0");
        conv.forward(new double[128], 2);
        assertMessage(() -> conv.backward(new double[5]), "conv(4,k3): dout should hold 2 x 4x6x6 = 288 values, got 5");
        assertMessage(() -> new Dense(Shape.vector(10), 3).forward(new double[9], 1), "dense(3): input should hold");
    }

    @Test
    void wrongShapeIntoANetworkNamesTheFirstLayer() {
        Network net = Network.create(Architecture.of("book-cnn"), new Shape(1, 8, 8), Init.UNIFORM, 0);
        assertMessage(() -> net.forward(new double[28 * 28], 1), "input should hold 1 x 1x8x8 = 64 values, got 784");
    }

    @Test
    void labelsOutsideTheClassesAreRefused() {
        Network net = Network.create(Architecture.of("book-mlp"), new Shape(1, 8, 8), Init.UNIFORM, 0);
        assertMessage(() -> net.loss(new double[64], new int[] {10}, 1), "label 10 of example 0 is outside [0, 10)");
        assertMessage(() -> net.loss(new double[128], new int[] {1}, 2), "2 examples but 1 labels");
        assertMessage(() -> new Dataset("d", new double[64], new int[] {-1}, new Shape(1, 8, 8), 10),
                "label -1 of image 0 is outside [0, 10)");
        assertMessage(() -> new Dataset("d", new double[60], new int[] {1}, new Shape(1, 8, 8), 10),
                "1 labels but 60 values");
    }

    @Test
    void datasetThatDoesNotMatchTheNetworkIsRefusedBeforeTraining() {
        Network net = Network.create(Architecture.of("cnn"), new Shape(1, 8, 8), Init.HE, 0);
        Dataset mnistLike = TestData.templates(10, new Shape(1, 28, 28), 10, 0.1, 0);
        assertMessage(() -> Trainer.train(net, Optimizer.sgd(0.1), mnistLike, new Trainer.Config(1, 4, 0),
                new Trainer.Listener() { }), "network expects images of 1x8x8 but dataset templates has 1x28x28");
        Dataset threeClasses = TestData.templates(10, new Shape(1, 8, 8), 3, 0.1, 0);
        assertMessage(() -> Trainer.train(net, Optimizer.sgd(0.1), threeClasses, new Trainer.Config(1, 4, 0),
                new Trainer.Listener() { }), "network has 10 outputs but dataset templates has 3 classes");
    }

    @Test
    void badPermutationsAreRefused() {
        Dataset data = TestData.templates(4, new Shape(1, 2, 2), 2, 0.1, 0);
        assertMessage(() -> data.permutePixels(new int[] {0, 1, 2}), "has 3 entries");
        assertMessage(() -> data.permutePixels(new int[] {0, 1, 1, 3}), "entry 2 is 1 again");
        assertMessage(() -> data.permutePixels(new int[] {0, 1, 2, 4}), "entry 3 is 4");
    }

    @Test
    void lossThatDivergesStopsTrainingNamingTheEpochAndStepAndKeepsTheHistory() {
        Dataset data = TestData.templates(40, new Shape(1, 8, 8), 10, 0.1, 0);
        Network net = Network.create(Architecture.of("mlp"), data.shape(), Init.HE, 0);
        Trainer.Listener poisonAfterEpoch2 = new Trainer.Listener() {
            @Override
            public void onEpoch(Trainer.EpochStats stats) {
                if (stats.epoch() == 2) {
                    net.param("2_b").value()[0] = Double.NaN; // as an overflow would leave it
                }
            }
        };
        Trainer.TrainingDivergedException e = assertThrows(Trainer.TrainingDivergedException.class,
                () -> Trainer.train(net, Optimizer.sgd(0.1), data, new Trainer.Config(5, 16, 0), poisonAfterEpoch2));
        assertTrue(e.getMessage().startsWith("loss became NaN at epoch 3, step 1 of 3"), e.getMessage());
        assertEquals(List.of(1, 2), e.history().stream().map(Trainer.EpochStats::epoch).toList());

        Network exploding = Network.create(Architecture.of("mlp"), data.shape(), Init.HE, 0);
        e = assertThrows(Trainer.TrainingDivergedException.class, () -> Trainer.train(exploding,
                Optimizer.sgd(1e300), data, new Trainer.Config(5, 16, 0), new Trainer.Listener() { }));
        assertTrue(e.getMessage().contains("at epoch 1, step 2 of 3"), e.getMessage());
    }

    /** A network run on a layer list from outside needs one layer per layer of its architecture. */
    @Test
    void aNetworkRefusesALayerListThatDoesNotMatchItsArchitecture() {
        Architecture mlp = Architecture.of("mlp");
        Shape in = new Shape(1, 8, 8);
        assertMessage(() -> new Network(mlp, in, mlp.layers(in).subList(0, 2)),
                "architecture 'dense(128)-relu-dense(10)' has 3 layers, got 2");
    }

    @Test
    void impossibleLayerSettingsAreRefused() {
        assertMessage(() -> new Conv2D(new Shape(1, 8, 8), 4, 3, 3, 0, 1, 0, 0), "stride must be >= 1");
        assertMessage(() -> new MaxPool2D(new Shape(1, 2, 2), 3, 3, 1, 1), "window 3x3 is larger than its input 2x2");
        assertMessage(() -> new Dense(Shape.vector(3), 0), "units must be >= 1");
    }

    /** Each setting of a conv or locally connected layer, per axis, and a kernel larger than the padded input. */
    @Test
    void convAndLocalSettingsAreRefusedNamingTheLayerAndTheFault() {
        Shape in = new Shape(1, 8, 8);
        String fault = ": filters, kernel and stride must be >= 1, padding >= 0";
        assertMessage(() -> new Conv2D(in, 0, 3, 3, 1, 1, 0, 0), "conv(0,k3)" + fault);
        assertMessage(() -> new Conv2D(in, 4, 0, 3, 1, 1, 0, 0), "conv(4,k0x3)" + fault);
        assertMessage(() -> new Conv2D(in, 4, 3, 0, 1, 1, 0, 0), "conv(4,k3x0)" + fault);
        assertMessage(() -> new Conv2D(in, 4, 3, 3, 1, 0, 0, 0), "conv(4,k3,s1x0)" + fault);
        assertMessage(() -> new Conv2D(in, 4, 3, 3, 1, 1, -1, 0), "conv(4,k3,p-1x0)" + fault);
        assertMessage(() -> new Conv2D(in, 4, 3, 3, 1, 1, 0, -1), "conv(4,k3,p0x-1)" + fault);
        assertMessage(() -> new Conv2D(new Shape(1, 2, 3), 4, 5, 3, 1, 1, 1, 0),
                "conv(4,k5x3,p1x0): kernel 5x3 does not fit input 2x3 with padding 1x0");
        assertMessage(() -> new Conv2D(new Shape(1, 3, 2), 4, 3, 5, 1, 1, 0, 1),
                "conv(4,k3x5,p0x1): kernel 3x5 does not fit input 3x2 with padding 0x1");
        assertMessage(() -> new LocallyConnected2D(in, 0, 3, 3, 1, 1, 0, 0), "local(0,k3)" + fault);
        assertMessage(() -> new LocallyConnected2D(in, 4, 3, 3, 0, 1, 0, 0), "local(4,k3,s0x1)" + fault);
        assertMessage(() -> new LocallyConnected2D(in, 4, 3, 0, 1, 1, 0, 0), "local(4,k3x0)" + fault);
        assertMessage(() -> new LocallyConnected2D(in, 4, 3, 3, 1, 1, 0, -2), "local(4,k3,p0x-2)" + fault);
        assertMessage(() -> new LocallyConnected2D(new Shape(1, 2, 2), 4, 3, 3, 1, 1, 0, 0),
                "local(4,k3): kernel 3x3 does not fit input 2x2 with padding 0x0");
    }

    @Test
    void poolingSettingsAreRefusedNamingTheLayerAndTheFault() {
        Shape in = new Shape(1, 4, 4);
        String fault = ": kernel and stride must be >= 1";
        assertMessage(() -> new MaxPool2D(in, 0, 2, 1, 1), "maxpool(k0x2,s1)" + fault);
        assertMessage(() -> new MaxPool2D(in, 2, 0, 1, 1), "maxpool(k2x0,s1)" + fault);
        assertMessage(() -> new MaxPool2D(in, 2, 2, 0, 1), "maxpool(k2,s0x1)" + fault);
        assertMessage(() -> new AvgPool2D(in, 2, 2, 1, 0), "avgpool(k2,s1x0)" + fault);
        assertMessage(() -> new AvgPool2D(new Shape(1, 4, 2), 1, 3, 1, 1),
                "avgpool(k1x3,s1): window 1x3 is larger than its input 4x2");
        assertMessage(() -> new AvgPool2D(new Shape(1, 5, 4), 2, 2, 2, 2),
                "avgpool(2): input 5x4 does not tile into 2x2 windows at stride 2x2");
        assertMessage(() -> new MaxPool2D(new Shape(1, 4, 5), 2, 2, 2, 2),
                "maxpool(2): input 4x5 does not tile into 2x2 windows at stride 2x2");
        MaxPool2D pool = new MaxPool2D(in, 2, 2, 2, 2);
        pool.forward(new double[16], 1);
        assertMessage(() -> pool.backward(new double[3]), "maxpool(2): dout should hold 1 x 1x2x2 = 4 values, got 3");
    }

    @Test
    void denseAndLossRefuseWrongSizesAndLabels() {
        Dense dense = new Dense(Shape.vector(4), 3);
        assertMessage(() -> new Dense(Shape.vector(4), -2), "dense(-2): units must be >= 1");
        dense.forward(new double[8], 2);
        assertMessage(() -> dense.backward(new double[5]), "dense(3): dout should hold 2 x 3 = 6 values, got 5");
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        assertMessage(() -> loss.forward(new double[6], new int[] {0, 3}, 2, 3), "loss: label 3 of example 1 is outside [0, 3)");
        assertMessage(() -> loss.forward(new double[6], new int[] {-1, 0}, 2, 3), "loss: label -1 of example 0 is outside [0, 3)");
        assertMessage(() -> loss.forward(new double[6], new int[] {0, 1, 2}, 2, 3), "loss: 2 examples but 3 labels");
        assertMessage(() -> loss.forward(new double[6], null, 2, 3), "loss: 2 examples but no labels");
        assertMessage(() -> loss.forward(new double[5], new int[] {0, 1}, 2, 3), "softmax: logits should hold 2 x 3 values, got 5");
    }

    @Test
    void architectureSettingsOutOfRangeAreRefusedNamingTheLayer() {
        assertArchitecture("conv(4,pa)-dense(10)", "layer 1 'conv(4,pa)'", "padding 'pa' should be");
        assertArchitecture("conv(4,s2x0)-dense(10)", "layer 1", "stride 's2x0' must be at least 1");
        assertArchitecture("maxpool(k2,s0)-dense(10)", "layer 1", "stride 's0' must be at least 1");
        assertArchitecture("avgpool(0)-dense(10)", "layer 1", "window size must be a whole number");
        assertArchitecture("dense(0)", "layer 1", "units must be a whole number");
        assertArchitecture("local(4,k3,z1)-dense(10)", "layer 1", "unknown local argument 'z1'");
    }

    private static void assertArchitecture(String text, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse(text));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }

    private static void assertMessage(Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }

    /** A parameter's value and gradient each hold exactly its shape's product of numbers. */
    @Test
    void aParamRefusesAValueOrAGradientOfAnotherSize() {
        new Param("W", new int[] {2, 3}, new double[6], new double[6]);
        IllegalArgumentException value = assertThrows(IllegalArgumentException.class,
                () -> new Param("W", new int[] {2, 3}, new double[5], new double[5]));
        assertEquals("param W: shape [2, 3] holds 6 values, got value 5, grad 5", value.getMessage());
        IllegalArgumentException grad = assertThrows(IllegalArgumentException.class,
                () -> new Param("W", new int[] {2, 3}, new double[6], new double[7]));
        assertEquals("param W: shape [2, 3] holds 6 values, got value 6, grad 7", grad.getMessage());
    }
}
