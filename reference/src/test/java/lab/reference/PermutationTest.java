package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Why the MLP cannot notice a pixel permutation: a dense first layer has no notion of which pixels are
 * neighbours. Permute the pixels AND the first layer's weight rows the same way, and x.W is the same sum
 * in another order, so training follows the same path: same gradients (rows permuted), same predictions.
 */
class PermutationTest {

    @Test
    void mlpTrainedOnPermutedPixelsWithPermutedFirstRowsEndsWithTheSamePredictions() {
        Shape shape = new Shape(1, 8, 8);
        Dataset all = TestData.templates(170, shape, 10, 0.3, 11);
        Dataset train = all.subset("train", java.util.stream.IntStream.range(0, 120).toArray());
        Dataset test = all.subset("test", java.util.stream.IntStream.range(120, 170).toArray());
        int[] perm = Dataset.randomPermutation(64, 13);

        for (String preset : List.of("book-mlp", "mlp")) {
            for (Optimizer[] pair : List.of(new Optimizer[] {Optimizer.sgd(0.1), Optimizer.sgd(0.1)},
                    new Optimizer[] {Optimizer.adam(0.01), Optimizer.adam(0.01)})) {
                Network plain = Network.create(Architecture.of(preset), shape, Init.UNIFORM, 14);
                Network permuted = Network.create(Architecture.of(preset), shape, Init.UNIFORM, 14);
                permuteRows(plain.param("0_W"), permuted.param("0_W"), perm);

                Trainer.Config config = new Trainer.Config(5, 16, 15); // same seed: same batch order
                Trainer.train(plain, pair[0], train, config, new Trainer.Listener() { });
                Trainer.train(permuted, pair[1], train.permutePixels(perm), config, new Trainer.Listener() { });

                // The first layer's rows stayed permuted alike, and everything after it is the same.
                Param w = plain.param("0_W");
                Param wp = permuted.param("0_W");
                int units = w.shape()[1];
                for (int j = 0; j < 64; j++) {
                    for (int u = 0; u < units; u++) {
                        assertEquals(w.value()[perm[j] * units + u], wp.value()[j * units + u], 1e-9);
                    }
                }
                Dataset permutedTest = test.permutePixels(perm);
                int n = test.size();
                double[] logits = plain.forward(test.x(), n);
                double[] logitsPermuted = permuted.forward(permutedTest.x(), n);
                assertArrayEquals(logits, logitsPermuted, 1e-9, preset);
                assertArrayEquals(plain.predict(test.x(), n), permuted.predict(permutedTest.x(), n), preset);
                assertTrue(Evaluation.of(plain, test, 32).accuracy() > 0.5, "the runs should have learned something");
            }
        }
    }

    /** dst[j, :] = src[perm[j], :] for a (D, U) dense weight. */
    private static void permuteRows(Param src, Param dst, int[] perm) {
        int units = src.shape()[1];
        for (int j = 0; j < perm.length; j++) {
            System.arraycopy(src.value(), perm[j] * units, dst.value(), j * units, units);
        }
    }
}
