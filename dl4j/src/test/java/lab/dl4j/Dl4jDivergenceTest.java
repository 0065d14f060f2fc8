package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Shape;
import lab.reference.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's training stops, as the reference's does, when the loss leaves the real numbers: a NaN or an
 * infinity in one image makes the loss of its batch non-finite, and the error names that epoch and step.
 */
class Dl4jDivergenceTest {

    /** 96 images of 8x8 (3 batches of 32), all zero but for one pixel set to {@code bad} in image {@code at}. */
    private static Dataset withOneBadPixel(int at, double bad) {
        Shape shape = new Shape(1, 8, 8);
        double[] x = new double[96 * shape.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 7) / 7.0;
        }
        x[at * shape.size() + 27] = bad;
        int[] y = new int[96];
        Arrays.setAll(y, i -> i % 10);
        return new Dataset("one bad pixel", x, y, shape, 10);
    }

    /** The step (from 1) of epoch {@code epoch} whose batch holds image {@code image}, in the trainer's order. */
    private static int stepHolding(int image, int epoch, long seed) {
        int[] order = Trainer.epochOrder(seed, epoch, 96);
        for (int i = 0; i < order.length; i++) {
            if (order[i] == image) {
                return i / 32 + 1;
            }
        }
        throw new AssertionError("image " + image + " not in the order");
    }

    private static void assertStopsAtTheBadBatch(double bad, DataType dtype) {
        int image = 50;
        Dataset data = withOneBadPixel(image, bad);
        Dl4jNetworks.Built built = Dl4jNetworks.build(Architecture.of("book-cnn"), data.shape(), dtype,
                Dl4jNetworks.updater(lab.reference.Optimizer.sgd(0.1)), Init.XAVIER, 0);
        Trainer.TrainingDivergedException e = assertThrows(Trainer.TrainingDivergedException.class,
                () -> Dl4jTrainer.train(built, data, new Trainer.Config(3, 32, 0), new Trainer.Listener() { }));
        int step = stepHolding(image, 1, 0);
        assertTrue(e.getMessage().contains("at epoch 1, step " + step + " of 3"), e.getMessage());
        assertEquals(0, e.history().size(), "no epoch had finished: " + e.getMessage());
    }

    @Test
    void aNanPixelStopsTrainingAtItsBatchNamingEpochAndStep() {
        assertStopsAtTheBadBatch(Double.NaN, DataType.DOUBLE);
        assertStopsAtTheBadBatch(Double.NaN, DataType.FLOAT);
    }

    @Test
    void anInfinitePixelStopsTrainingAtItsBatchNamingEpochAndStep() {
        assertStopsAtTheBadBatch(Double.POSITIVE_INFINITY, DataType.DOUBLE);
    }
}
