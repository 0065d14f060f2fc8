package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Answers worked by hand, and the sanity checks people use on any new network code. */
class KnownAnswerTest {

    @Test
    void convWorkedByHand() {
        // x (1,1,3,3) = 1..9; w (1,1,2,2) = [[1,0],[0,-1]]; b = 0.5. Cross-correlation, no flip:
        // out[0,0] = 1*1 + 5*(-1) + 0.5 = -3.5, and every window differs by the same x[i] - x[i+4] = -4.
        Conv2D conv = new Conv2D(new Shape(1, 3, 3), 1, 2, 2, 1, 1, 0, 0);
        System.arraycopy(new double[] {1, 0, 0, -1}, 0, conv.params().get(0).value(), 0, 4);
        conv.params().get(1).value()[0] = 0.5;
        double[] out = conv.forward(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
        assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, out, 0);
    }

    @Test
    void convWithStrideAndPaddingWorkedByHand() {
        // x (1,1,3,3) = 1..9, padding 1 -> 5x5 with a zero border; a 3x3 kernel of ones at stride 2 sees
        // windows at padded rows/cols {0, 2}: each covers a 2x2 corner of x.
        // (0,0): 1+2+4+5 = 12   (0,1): 2+3+5+6 = 16   (1,0): 4+5+7+8 = 24   (1,1): 5+6+8+9 = 28
        Conv2D conv = new Conv2D(new Shape(1, 3, 3), 1, 3, 3, 2, 2, 1, 1);
        java.util.Arrays.fill(conv.params().get(0).value(), 1.0);
        assertArrayEquals(new double[] {12, 16, 24, 28}, conv.forward(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1), 0);
    }

    @Test
    void convTruncatesAWindowThatWouldRunPastThePaddedInputAsDl4jDoes() {
        // x (1,1,2,2) padded to 4x4, kernel 3 at stride 2: (4 - 3) / 2 + 1 = 1 output; the window that
        // would start at padded row 2 runs past the edge and is dropped (DL4J's Truncate mode).
        Conv2D conv = new Conv2D(new Shape(1, 2, 2), 1, 3, 3, 2, 2, 1, 1);
        java.util.Arrays.fill(conv.params().get(0).value(), 1.0);
        assertEquals(new Shape(1, 1, 1), conv.outputShape());
        assertArrayEquals(new double[] {10}, conv.forward(new double[] {1, 2, 3, 4}, 1), 0);
    }

    @Test
    void convSumsOverInputChannelsAndKeepsFiltersApart() {
        // Two channels of ones, two 1x1 filters with weights (2, 3) and (-1, 1): outputs 5 and 0 everywhere.
        Conv2D conv = new Conv2D(new Shape(2, 2, 2), 2, 1, 1, 1, 1, 0, 0);
        System.arraycopy(new double[] {2, 3, -1, 1}, 0, conv.params().get(0).value(), 0, 4);
        double[] out = conv.forward(new double[] {1, 1, 1, 1, 1, 1, 1, 1}, 1);
        assertArrayEquals(new double[] {5, 5, 5, 5, 0, 0, 0, 0}, out, 0);
    }

    @Test
    void maxPoolTieSendsTheWholeGradientToTheFirstMaximumInRasterOrder() {
        // One 2x2 window holding [[7, 7], [7, 3]]: three tied maxima; only the first (row 0, col 0) learns.
        MaxPool2D pool = new MaxPool2D(new Shape(1, 2, 2), 2, 2, 2, 2);
        assertArrayEquals(new double[] {7}, pool.forward(new double[] {7, 7, 7, 3}, 1), 0);
        assertArrayEquals(new double[] {1.5, 0, 0, 0}, pool.backward(new double[] {1.5}), 0);
        // A tie between row 1 col 0 and row 1 col 1: the earlier column wins.
        pool.forward(new double[] {1, 2, 9, 9}, 1);
        assertArrayEquals(new double[] {0, 0, 1, 0}, pool.backward(new double[] {1}), 0);
    }

    /**
     * Windows with no finite maximum: all -infinity gives -infinity and routes the gradient to the window's
     * first element; a NaN anywhere in a window propagates (the first NaN is the maximum, whatever comes
     * before or after it), so a diverging run shows in its loss. (The fast module's FastPathTest holds its
     * max-pool twin to the same answers.)
     * Input (1,1,2,8), 2x2 windows: [-inf -inf; -inf -inf], [NaN NaN; NaN NaN], [1 NaN; 3 NaN], [5 7; NaN 2].
     */
    @Test
    void maxPoolOverWindowsOfNanOrMinusInfinityPicksAnInput() {
        double inf = Double.POSITIVE_INFINITY, nan = Double.NaN;
        double[] x = {-inf, -inf, nan, nan, 1, nan, 5, 7,
                      -inf, -inf, nan, nan, 3, nan, nan, 2};
        MaxPool2D pool = new MaxPool2D(new Shape(1, 2, 8), 2, 2, 2, 2);
        double[] out = pool.forward(x, 1);
        assertEquals(-inf, out[0]);
        assertTrue(Double.isNaN(out[1]) && Double.isNaN(out[2]) && Double.isNaN(out[3]),
                "NaN propagates, got " + java.util.Arrays.toString(out));
        assertArrayEquals(new int[] {0, 2, 5, 14}, pool.argmax());
        double[] expected = new double[16];
        expected[0] = 1;
        expected[2] = 2;
        expected[5] = 3;
        expected[14] = 4;
        assertArrayEquals(expected, pool.backward(new double[] {1, 2, 3, 4}), 0);
    }

    @Test
    void overlappingMaxPoolWindowsAccumulateIntoASharedMaximum() {
        // 1x3 input [1, 5, 2], window 1x2 at stride 1: both windows pick the 5, so it gets both gradients.
        MaxPool2D pool = new MaxPool2D(new Shape(1, 1, 3), 1, 2, 1, 1);
        assertArrayEquals(new double[] {5, 5}, pool.forward(new double[] {1, 5, 2}, 1), 0);
        assertArrayEquals(new double[] {0, 3, 0}, pool.backward(new double[] {1, 2}), 0);
    }

    @Test
    void avgPoolWorkedByHand() {
        AvgPool2D pool = new AvgPool2D(new Shape(1, 2, 4), 2, 2, 2, 2);
        assertArrayEquals(new double[] {3.5, 5.5}, pool.forward(new double[] {1, 2, 3, 4, 5, 6, 7, 8}, 1), 0);
        assertArrayEquals(new double[] {1, 1, 2, 2, 1, 1, 2, 2}, pool.backward(new double[] {4, 8}), 0);
    }

    @Test
    void reluDerivativeAtExactlyZeroIsZero() {
        ReLU relu = new ReLU(Shape.vector(3));
        relu.forward(new double[] {-1, 0, 2}, 1);
        assertArrayEquals(new double[] {0, 0, 5}, relu.backward(new double[] {5, 5, 5}), 0);
    }

    @Property(tries = 200)
    void softmaxRowsSumToOneEvenForHugeLogits(@ForAll @IntRange(min = 1, max = 5) int n,
                                              @ForAll @IntRange(min = 1, max = 12) int k, @ForAll long seed) {
        java.util.Random rng = new java.util.Random(seed);
        double[] logits = new double[n * k];
        for (int i = 0; i < logits.length; i++) {
            logits[i] = rng.nextGaussian() * 800; // exp(800) overflows: only the max-subtraction saves it
        }
        double[] p = SoftmaxCrossEntropy.softmax(logits, n, k);
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int j = 0; j < k; j++) {
                assertTrue(p[i * k + j] >= 0 && p[i * k + j] <= 1);
                sum += p[i * k + j];
            }
            assertEquals(1.0, sum, 1e-12);
        }
        assertTrue(Double.isFinite(new SoftmaxCrossEntropy().forward(logits, new int[n], n, k)));
    }

    @Test
    void crossEntropyOfUniformLogitsIsLnK() {
        assertEquals(Math.log(10), new SoftmaxCrossEntropy().forward(new double[20], new int[] {3, 7}, 2, 10), 1e-15);
    }

    @Test
    void initialLossOfEveryPresetIsNearLn10() {
        Dataset data = TestData.templates(200, new Shape(1, 8, 8), 10, 0.1, 1);
        int[] all = java.util.stream.IntStream.range(0, data.size()).toArray();
        Dataset.Batch batch = data.batch(all, 0, data.size());
        for (String preset : Architecture.PRESET_ORDER) {
            for (Init init : List.of(Init.UNIFORM, Init.XAVIER)) {
                Network net = Network.create(Architecture.of(preset), data.shape(), init, 7);
                double loss = net.loss(batch.x(), batch.y(), batch.n());
                assertEquals(Math.log(10), loss, 0.35, preset + " with " + init + ": initial loss " + loss);
            }
        }
    }

    @Test
    void aTinyBatchCanBeOverfitTo100Percent() {
        Dataset tiny = TestData.templates(10, new Shape(1, 8, 8), 10, 1.0, 2); // noise as large as the signal
        for (String preset : Architecture.PRESET_ORDER) {
            Network net = Network.create(Architecture.of(preset), tiny.shape(), Init.XAVIER, 3);
            List<Trainer.EpochStats> history = Trainer.train(net, Optimizer.adam(0.01), tiny,
                    new Trainer.Config(200, 10, 4), new Trainer.Listener() { });
            assertEquals(1.0, Evaluation.of(net, tiny, 10).accuracy(), preset);
            assertTrue(history.get(history.size() - 1).meanLoss() < 0.01, preset + " final loss "
                    + history.get(history.size() - 1).meanLoss());
        }
    }
}
