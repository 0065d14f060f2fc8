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

    @Test
    void impossibleLayerSettingsAreRefused() {
        assertMessage(() -> new Conv2D(new Shape(1, 8, 8), 4, 3, 3, 0, 1, 0, 0), "stride must be >= 1");
        assertMessage(() -> new MaxPool2D(new Shape(1, 2, 2), 3, 3, 1, 1), "window 3x3 is larger than its input 2x2");
        assertMessage(() -> new Dense(Shape.vector(3), 0), "units must be >= 1");
    }

    private static void assertMessage(Executable call, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(expected), "'" + e.getMessage() + "' should contain '" + expected + "'");
    }
}
