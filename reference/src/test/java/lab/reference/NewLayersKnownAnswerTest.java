package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The layers added for issue 31 on answers worked by hand: what a gradient check cannot see (an output
 * channel order, where a stamp lands, a convention at a kink, the running statistics, overflow).
 */
class NewLayersKnownAnswerTest {

    @Test
    void deconvWithStrideEqualToKernelStampsTheKernelScaledByEachInputValue() {
        // x (1,1,2,2) = [[1,2],[3,4]], kernel [[1,2],[3,4]], stride 2, b = 0.5: the 4x4 output is four
        // disjoint 2x2 stamps, x[ih,iw] * kernel at (2 ih, 2 iw), plus the bias everywhere.
        Deconv2D deconv = new Deconv2D(new Shape(1, 2, 2), 1, 2, 2, 2, 2, 0, 0, true);
        assertEquals(new Shape(1, 4, 4), deconv.outputShape());
        System.arraycopy(new double[] {1, 2, 3, 4}, 0, deconv.params().get(0).value(), 0, 4);
        deconv.params().get(1).value()[0] = 0.5;
        double[] out = deconv.forward(new double[] {1, 2, 3, 4}, 1);
        assertArrayEquals(new double[] {
                1.5, 2.5, 2.5, 4.5,
                3.5, 4.5, 6.5, 8.5,
                3.5, 6.5, 4.5, 8.5,
                9.5, 12.5, 12.5, 16.5}, out, 0);
    }

    @Test
    void deconvOverlappingStampsAddAndPaddingCropsTheBorder() {
        // Stride 1: the four stamps of [[1,2],[3,4]] (scaled by x = 1, 2, 3, 4) overlap on a 3x3 output;
        // the centre gets all four: 1*4 + 2*3 + 3*2 + 4*1 = 20. Padding 1 crops one row/column per side,
        // leaving that centre alone: OH = (2 - 1) * 1 + 2 - 2 = 1.
        Deconv2D full = new Deconv2D(new Shape(1, 2, 2), 1, 2, 2, 1, 1, 0, 0, false);
        System.arraycopy(new double[] {1, 2, 3, 4}, 0, full.params().get(0).value(), 0, 4);
        assertArrayEquals(new double[] {1, 4, 4, 6, 20, 16, 9, 24, 16}, full.forward(new double[] {1, 2, 3, 4}, 1), 0);
        Deconv2D cropped = new Deconv2D(new Shape(1, 2, 2), 1, 2, 2, 1, 1, 1, 1, false);
        System.arraycopy(new double[] {1, 2, 3, 4}, 0, cropped.params().get(0).value(), 0, 4);
        assertEquals(new Shape(1, 1, 1), cropped.outputShape());
        assertArrayEquals(new double[] {20}, cropped.forward(new double[] {1, 2, 3, 4}, 1), 0);
        assertEquals(1, cropped.params().size(), "nobias: W only");
    }

    @Test
    void deconvWeightIsInputChannelsFirst() {
        // C = 2 in, F = 1 out, 1x1 kernel: out = w[0,0] * x[0] + w[1,0] * x[1]; w (C, F, 1, 1) = (10, 100).
        Deconv2D deconv = new Deconv2D(new Shape(2, 1, 1), 1, 1, 1, 1, 1, 0, 0, false);
        assertArrayEquals(new int[] {2, 1, 1, 1}, deconv.params().get(0).shape());
        System.arraycopy(new double[] {10, 100}, 0, deconv.params().get(0).value(), 0, 2);
        assertArrayEquals(new double[] {10 * 2 + 100 * 3}, deconv.forward(new double[] {2, 3}, 1), 0);
    }

    @Test
    void deconvRefusesPaddingThatCropsEverythingNamingTheLayer() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Deconv2D(new Shape(1, 1, 1), 1, 2, 2, 1, 1, 1, 1, true));
        assertTrue(e.getMessage().startsWith("deconv(1,k2,p1)"), e.getMessage());
    }

    @Test
    void depthwiseOutputChannelIsCTimesMPlusM() {
        // 2 channels of 2x2, M = 2, a 2x2 kernel (one output position). Channel 0 = 1..4, channel 1 = 10..40.
        // w[0,0] picks x[0] top-left (1), w[0,1] bottom-right (4), w[1,0] top-right (20), w[1,1] sums (100).
        // Outputs in DL4J's order c*M + m: 1, 4, 20, 100, plus b = (0.1, 0.2, 0.3, 0.4). The order m*C + c
        // would give 1, 20, 4, 100.
        DepthwiseConv2D dw = new DepthwiseConv2D(new Shape(2, 2, 2), 2, 2, 2, 1, 1, 0, 0, true);
        assertEquals(new Shape(4, 1, 1), dw.outputShape());
        assertArrayEquals(new int[] {2, 2, 2, 2}, dw.params().get(0).shape());
        System.arraycopy(new double[] {1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 1, 1, 1, 1}, 0,
                dw.params().get(0).value(), 0, 16);
        System.arraycopy(new double[] {0.1, 0.2, 0.3, 0.4}, 0, dw.params().get(1).value(), 0, 4);
        double[] x = {1, 2, 3, 4, 10, 20, 30, 40};
        assertArrayEquals(new double[] {1.1, 4.2, 20.3, 100.4}, dw.forward(x, 1), 1e-12);
        // No sum over channels: a gradient on output channel 2 = (c 1, m 0) reaches channel 1 only, through
        // w[1,0]; and only w[1,0] and b[2] learn.
        double[] dx = dw.backward(new double[] {0, 0, 1, 0});
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 1, 0, 0}, dx, 0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 0, 0, 0, 0, 10, 20, 30, 40, 0, 0, 0, 0},
                dw.params().get(0).grad(), 0);
        assertArrayEquals(new double[] {0, 0, 1, 0}, dw.params().get(1).grad(), 0);
    }

    @Test
    void upsampleRepeatsEachValueOverItsBlockAndSumsTheBlockBack() {
        // 1x1x2 upsampled by 2 x 3: [a, b] -> 2x6 rows [a a a b b b]; backward of ones gives 6 per value.
        Upsample2D up = new Upsample2D(new Shape(1, 1, 2), 2, 3);
        assertEquals(new Shape(1, 2, 6), up.outputShape());
        assertArrayEquals(new double[] {5, 5, 5, 7, 7, 7, 5, 5, 5, 7, 7, 7}, up.forward(new double[] {5, 7}, 1), 0);
        double[] dout = new double[12];
        Arrays.fill(dout, 1.0);
        dout[0] = 2; // one element of the first block counts twice
        assertArrayEquals(new double[] {7, 6}, up.backward(dout), 0);
    }

    @Test
    void batchNormOnATinyBatchNormalisesEachFeatureWithItsBiasedVariance() {
        // x (3, 2) = [[1,2],[3,6],[5,1]]: feature 0 has mean 3, biased variance 8/3; feature 1 mean 3, 14/3.
        BatchNorm bn = new BatchNorm(Shape.vector(2));
        assertArrayEquals(new double[] {1, 1}, bn.params().get(0).value(), 0, "gamma starts at 1");
        assertArrayEquals(new double[] {0, 0}, bn.params().get(1).value(), 0, "beta starts at 0");
        double[] x = {1, 2, 3, 6, 5, 1};
        double s0 = Math.sqrt(8.0 / 3 + 1e-5);
        double s1 = Math.sqrt(14.0 / 3 + 1e-5);
        assertArrayEquals(new double[] {-2 / s0, -1 / s1, 0, 3 / s1, 2 / s0, -2 / s1}, bn.forward(x, 3), 1e-15);
        // gamma 2, beta -1 scale and shift that.
        bn.params().get(0).value()[0] = 2;
        bn.params().get(1).value()[0] = -1;
        assertEquals(2 * (-2 / s0) - 1, bn.forward(x, 3)[0], 1e-15);
    }

    @Test
    void batchNormRunningStatisticsMoveOncePerTrainingStepAsDl4jsDo() {
        // The numbers DL4J 1.0.0-M2.1 gave for the same batch (fit twice, log10std read back as a variance):
        // mean 0.3 then 0.57; variance 1.1666666666666663, 1.366666666666667 then 1.3166666666666664,
        // 1.696666666666666 (0.9 * old + 0.1 * biased batch variance 8/3 and 14/3).
        BatchNorm bn = new BatchNorm(Shape.vector(2));
        assertEquals(1e-5, bn.eps());
        assertEquals(0.9, bn.decay());
        assertArrayEquals(new double[] {0, 0}, bn.runningMean(), 0);
        assertArrayEquals(new double[] {1, 1}, bn.runningVar(), 0);
        double[] x = {1, 2, 3, 6, 5, 1};
        double[] dout = {0.5, -1, 2, 0.25, -0.75, 1};

        bn.forward(x, 3);
        assertArrayEquals(new double[] {0, 0}, bn.runningMean(), 0, "a training forward alone moves nothing");
        assertArrayEquals(new double[] {1, 1}, bn.runningVar(), 0);
        bn.backward(dout);
        assertArrayEquals(new double[] {0.3, 0.3}, bn.runningMean(), 1e-15);
        assertArrayEquals(new double[] {0.9 + 0.1 * 8 / 3, 0.9 + 0.1 * 14 / 3}, bn.runningVar(), 1e-15);

        bn.forward(x, 3);
        bn.backward(dout);
        assertArrayEquals(new double[] {0.57, 0.57}, bn.runningMean(), 1e-15);
        assertArrayEquals(new double[] {1.3166666666666664, 1.696666666666666}, bn.runningVar(), 1e-14);
    }

    @Test
    void batchNormInferUsesTheRunningStatisticsAndChangesNothing() {
        BatchNorm bn = new BatchNorm(new Shape(1, 1, 2));
        bn.runningMean()[0] = 0.5;
        bn.runningVar()[0] = 4.0;
        bn.params().get(0).value()[0] = 3; // gamma
        bn.params().get(1).value()[0] = 1; // beta
        double s = Math.sqrt(4.0 + 1e-5);
        // Batch of 2 examples of 1x1x2: every value normalised by the running mean 0.5 and variance 4.
        assertArrayEquals(new double[] {3 * (2.5 - 0.5) / s + 1, 3 * (0.5 - 0.5) / s + 1, 3 * (-1.5 - 0.5) / s + 1,
                3 * (4.5 - 0.5) / s + 1}, bn.infer(new double[] {2.5, 0.5, -1.5, 4.5}, 2), 1e-15);
        assertArrayEquals(new double[] {0.5}, bn.runningMean(), 0);
        assertArrayEquals(new double[] {4.0}, bn.runningVar(), 0);
    }

    @Test
    void batchNormNormalisesPerChannelOverBatchAndPositions() {
        // 2 examples of 2 channels x 1x2. Channel 0 holds 1, 2 (ex 0) and 3, 4 (ex 1): mean 2.5, variance 1.25.
        // Channel 1 holds 10 everywhere: variance 0, so xhat = 0 and the output is beta (0).
        BatchNorm bn = new BatchNorm(new Shape(2, 1, 2));
        double[] out = bn.forward(new double[] {1, 2, 10, 10, 3, 4, 10, 10}, 2);
        double s = Math.sqrt(1.25 + 1e-5);
        assertArrayEquals(new double[] {-1.5 / s, -0.5 / s, 0, 0, 0.5 / s, 1.5 / s, 0, 0}, out, 1e-15);
        // dgamma = sum dout * xhat, dbeta = sum dout, per channel over (n, h, w).
        bn.backward(new double[] {1, 0, 1, 1, 0, 2, 1, 1});
        assertArrayEquals(new double[] {-1.5 / s + 2 * 1.5 / s, 0}, bn.params().get(0).grad(), 1e-15);
        assertArrayEquals(new double[] {3, 4}, bn.params().get(1).grad(), 0);
    }

    @Test
    void leakyReluAtExactlyZeroHasDl4jsDerivativeOne() {
        // DL4J M2.1's lrelu_bp is x < 0 ? alpha : 1, so 1 at 0 and at -0.0 (seen: (0.1, 1, 1, 1) for
        // x = (-1, 0, 1, -0.0), alpha 0.1).
        LeakyReLU lrelu = new LeakyReLU(Shape.vector(4), 0.2);
        assertArrayEquals(new double[] {-0.4, 0, 3, -0.0}, lrelu.forward(new double[] {-2, 0, 3, -0.0}, 1), 0);
        assertArrayEquals(new double[] {0.2 * 5, 5, 5, 5}, lrelu.backward(new double[] {5, 5, 5, 5}), 0);
    }

    @Test
    void leakyReluRefusesASlopeOutsideZeroToOne() {
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Shape.vector(1), 1.5));
        assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(Shape.vector(1), 0));
        assertEquals("leakyrelu(0.2)", new LeakyReLU(Shape.vector(1), 0.2).describe());
    }

    @Test
    void sigmoidAtZeroIsOneHalfWithSlopeOneQuarterAndItsTailsDoNotOverflow() {
        Sigmoid sigmoid = new Sigmoid(Shape.vector(3));
        double[] out = sigmoid.forward(new double[] {0, -1000, 1000}, 1);
        assertArrayEquals(new double[] {0.5, 0, 1}, out, 0);
        assertArrayEquals(new double[] {0.25, 0, 0}, sigmoid.backward(new double[] {1, 1, 1}), 0);
    }

    @Test
    void softmaxRowsSumToOne() {
        Random rng = new Random(31);
        Softmax softmax = new Softmax(Shape.vector(7));
        double[] x = GradCheck.gaussian(5 * 7, rng);
        for (int i = 0; i < x.length; i++) {
            x[i] *= 10;
        }
        double[] out = softmax.forward(x, 5);
        for (int n = 0; n < 5; n++) {
            double sum = 0;
            for (int j = 0; j < 7; j++) {
                assertTrue(out[n * 7 + j] >= 0);
                sum += out[n * 7 + j];
            }
            assertEquals(1.0, sum, 1e-15, "row " + n);
        }
    }

    @Test
    void softmaxOfLargeLogitsDoesNotOverflow() {
        // exp(1000) is infinite in double; with the row max subtracted the row is exp(0), exp(-1), exp(-2000).
        Softmax softmax = new Softmax(Shape.vector(3));
        double[] out = softmax.forward(new double[] {1000, 999, -1000}, 1);
        double e = Math.exp(-1);
        assertArrayEquals(new double[] {1 / (1 + e), e / (1 + e), 0}, out, 1e-15);
    }

    @Test
    void softmaxRefusesAnImageInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Softmax(new Shape(2, 3, 3)));
        assertTrue(e.getMessage().startsWith("softmax takes a vector; put flatten or gap before it"), e.getMessage());
    }

    @Test
    void newLayersDescribeThemselvesInTheTextForm() {
        Shape in = new Shape(3, 8, 8);
        assertEquals("dwconv(2,k3,s2,p1,nobias)", new DepthwiseConv2D(in, 2, 3, 3, 2, 2, 1, 1, false).describe());
        assertEquals("deconv(4,k2,s2)", new Deconv2D(in, 4, 2, 2, 2, 2, 0, 0, true).describe());
        assertEquals("upsample(2x3)", new Upsample2D(in, 2, 3).describe());
        assertEquals("batchnorm", new BatchNorm(in).describe());
        assertEquals("sigmoid", new Sigmoid(in).describe());
        assertEquals("softmax", new Softmax(Shape.vector(4)).describe());
    }

    @Test
    void batchesOfTheWrongSizeAreRefusedNamingTheLayer() {
        for (Layer layer : new Layer[] {new BatchNorm(Shape.vector(3)), new Upsample2D(new Shape(1, 2, 2), 2, 2),
                new DepthwiseConv2D(new Shape(1, 3, 3), 1, 2, 2, 1, 1, 0, 0, true),
                new Deconv2D(new Shape(1, 2, 2), 1, 2, 2, 1, 1, 0, 0, true), new Sigmoid(Shape.vector(3)),
                new LeakyReLU(Shape.vector(3), 0.1), new Softmax(Shape.vector(3))}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> layer.forward(new double[5], 1));
            assertTrue(e.getMessage().startsWith(layer.describe() + ": input should hold"), e.getMessage());
        }
    }
}
