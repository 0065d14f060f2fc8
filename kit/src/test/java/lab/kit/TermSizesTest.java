package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import lab.reference.BatchNorm;
import lab.reference.Dense;
import lab.reference.Layer;
import lab.reference.LeakyReLU;
import lab.reference.MaxPool2D;
import lab.reference.ReLU;
import lab.reference.Shape;
import lab.reference.Sigmoid;
import lab.reference.Softmax;
import lab.reference.Tanh;

/**
 * The scale the judge measures rounding against, worked by hand on chains small enough to follow: every
 * expected number below is a sum of |w| |x| (+ |b|) products, or of the terms of a nonlinear layer's
 * Jacobian at the real forward, as the class comment promises; not a number read off a run.
 */
class TermSizesTest {

    /**
     * dense(2) - relu - dense(1) on x = (1, -2): the first hidden unit is on (0.5), the second off (-2.75).
     * Forward on sizes: hidden (1*2 + 2*1 + 0.5, 1*1 + 2*1 + 0.25) = (4.5, 3.25), relu as the identity,
     * output 4.5*3 + 3.25*4 + 1 = 27.5. Backward from |dout| = 2: dW2 = (9, 6.5), db2 = 2, then the real
     * mask (1, 0) keeps only the first unit's 6: dW1 = (6, 0, 12, 0), db1 = (6, 0), dx = (12, 6).
     */
    @Test
    void aDenseReluDenseChainGivesTheSumsOfItsTermsSizesThroughTheRealMask() {
        Dense first = new Dense(new Shape(2, 1, 1), 2);
        ReLU relu = new ReLU(new Shape(2, 1, 1));
        Dense second = new Dense(new Shape(2, 1, 1), 1);
        set(first, new double[] {2, -1, 1, 1}, new double[] {0.5, 0.25});
        set(second, new double[] {3, -4}, new double[] {1});
        List<Layer> chain = List.of(first, relu, second);
        double[] x = {1, -2};
        double[] out = second.forward(relu.forward(first.forward(x, 1), 1), 1);
        assertEquals(0.5 * 3 + 1, out[0], 0.0); // the real forward: the second unit is off
        for (Layer layer : chain) {
            for (lab.reference.Param p : layer.params()) {
                java.util.Arrays.fill(p.grad(), 100); // left over from an earlier backward: must not count
            }
        }

        TermSizes sizes = TermSizes.of(chain, x, 1, new double[] {2});

        assertArrayEquals(new double[] {27.5}, sizes.output(), 0.0);
        assertArrayEquals(new double[] {12, 6}, sizes.dx(), 0.0);
        assertEquals(4, sizes.grads().size());
        assertArrayEquals(new double[] {6, 0, 12, 0}, sizes.grads().get(0), 0.0);
        assertArrayEquals(new double[] {6, 0}, sizes.grads().get(1), 0.0);
        assertArrayEquals(new double[] {9, 6.5}, sizes.grads().get(2), 0.0);
        assertArrayEquals(new double[] {2}, sizes.grads().get(3), 0.0);
        // The parameters are as they were: signs and all.
        assertArrayEquals(new double[] {2, -1, 1, 1}, first.params().get(0).value(), 0.0);
        assertArrayEquals(new double[] {0.5, 0.25}, first.params().get(1).value(), 0.0);
        assertArrayEquals(new double[] {3, -4}, second.params().get(0).value(), 0.0);
        assertArrayEquals(new double[] {1, -2}, x, 0.0);
    }

    /**
     * tanh - maxpool(2) on one 2x2 map: on sizes the pool is its window's sum (0.5 + 3 + 2 + 0.1), and its
     * backward goes to the real maximum (tanh(2), at index 2) only; tanh's backward on sizes multiplies by
     * 1 + t^2, the size of the terms of its derivative 1 - t^2.
     */
    @Test
    void aMaxPoolSumsItsWindowForwardAndRoutesToTheRealMaximumBackwardAndTanhUsesOnePlusTSquared() {
        Shape map = new Shape(1, 2, 2);
        Tanh tanh = new Tanh(map);
        MaxPool2D pool = new MaxPool2D(map, 2, 2, 2, 2);
        double[] x = {0.5, -3, 2, 0.1};
        pool.forward(tanh.forward(x, 1), 1);

        TermSizes sizes = TermSizes.of(List.of(tanh, pool), x, 1, new double[] {1.5});

        assertArrayEquals(new double[] {0.5 + 3 + 2 + 0.1}, sizes.output(), 1e-15);
        double t = Math.tanh(2);
        assertArrayEquals(new double[] {0, 0, 1.5 * (1 + t * t), 0}, sizes.dx(), 1e-15);
        assertEquals(List.of(), sizes.grads());
    }

    /**
     * Softmax on x = (-ln 3, 0): y = (1/4, 3/4). Backward from sizes (1, 1) the terms of dx_i = y_i d_i - y_i
     * sum_j y_j d_j are y_i and y_i (1/4 + 3/4): dx's sizes 2 y = (0.5, 1.5), where the difference itself is 0
     * (softmax's backward run on sizes would give exactly that 0). Forward: y_i (1 + a_i + sum_j y_j a_j) with
     * a = (ln 3, 0), not softmax(|x|) = (3/4, 1/4).
     */
    @Test
    void softmaxSizesAreItsJacobiansTermsFromTheRealOutputAndDoNotCollapseWhereTheyCancel() {
        Softmax softmax = new Softmax(Shape.vector(2));
        double ln3 = Math.log(3);
        double[] x = {-ln3, 0};

        TermSizes sizes = TermSizes.of(List.of(softmax), x, 1, new double[] {1, 1});

        assertArrayEquals(new double[] {0.25 * (1 + 1.25 * ln3), 0.75 * (1 + 0.25 * ln3)}, sizes.output(), 1e-15);
        assertArrayEquals(new double[] {0.5, 1.5}, sizes.dx(), 1e-15);
    }

    /**
     * Batch norm on two features of two examples, x = ((-1, 2), (3, 4)): feature 0 has mean 1, variance 4;
     * feature 1 mean 3, variance 1; s_c = 1 / sqrt(var + eps). With a = |x|, xhat's sizes are
     * xs = s (a + mean(a) + |xhat| mean(|xhat| a)): feature 0 s0 (1 + 2 + 2 s0 4 s0) and s0 (3 + 2 + 2 s0 4 s0),
     * feature 1 s1 (2 + 3 + s1 3 s1) and s1 (4 + 3 + s1 3 s1). gamma = (-2, 1), beta = (0.5, -1): out = |gamma| xs
     * + |beta|. Backward from |dout| = ((1, 0.5), (3, 0.5)): dbeta = (4, 1), dgamma = sum |d| xs, and dx =
     * |gamma| s (|d| + mean |d| + xs mean(|d| xs)). The running statistics do not move: the real backward would.
     */
    @Test
    void batchNormSizesComeFromTheRealBatchStatisticsAndLeaveTheRunningOnesAlone() {
        BatchNorm norm = new BatchNorm(Shape.vector(2));
        System.arraycopy(new double[] {-2, 1}, 0, norm.params().get(0).value(), 0, 2);
        System.arraycopy(new double[] {0.5, -1}, 0, norm.params().get(1).value(), 0, 2);
        double[] x = {-1, 2, 3, 4}; // (N, C)

        TermSizes sizes = TermSizes.of(List.of(norm), x, 2, new double[] {1, 0.5, 3, 0.5});

        double s0 = 1 / Math.sqrt(4 + BatchNorm.EPS);
        double s1 = 1 / Math.sqrt(1 + BatchNorm.EPS);
        double[] xs = {s0 * (3 + 8 * s0 * s0), s1 * (5 + 3 * s1 * s1), s0 * (5 + 8 * s0 * s0), s1 * (7 + 3 * s1 * s1)};
        assertArrayEquals(new double[] {2 * xs[0] + 0.5, xs[1] + 1, 2 * xs[2] + 0.5, xs[3] + 1}, sizes.output(), 1e-14);
        double dgamma0 = xs[0] + 3 * xs[2];
        double dgamma1 = 0.5 * xs[1] + 0.5 * xs[3];
        assertArrayEquals(new double[] {dgamma0, dgamma1}, sizes.grads().get(0), 1e-14);
        assertArrayEquals(new double[] {4, 1}, sizes.grads().get(1), 0.0);
        assertArrayEquals(new double[] {
                2 * s0 * (1 + 2 + xs[0] * dgamma0 / 2), s1 * (0.5 + 0.5 + xs[1] * dgamma1 / 2),
                2 * s0 * (3 + 2 + xs[2] * dgamma0 / 2), s1 * (0.5 + 0.5 + xs[3] * dgamma1 / 2)}, sizes.dx(), 1e-13);
        assertArrayEquals(new double[] {0, 0}, norm.runningMean(), 0.0);
        assertArrayEquals(new double[] {1, 1}, norm.runningVar(), 0.0);
        assertArrayEquals(new double[] {-2, 1}, norm.params().get(0).value(), 0.0);
        assertArrayEquals(new double[] {0.5, -1}, norm.params().get(1).value(), 0.0);
    }

    /**
     * Sigmoid at z = 40, where it saturates to s = 1 exactly, and at z = -2, s = q = 1 / (1 + e^2). Backward the
     * terms of s (1 - s) have size s (1 + s): 2 at the saturated end, where the derivative itself is 0. Forward
     * s + s (1 - s) |z|: 1 and q + 2 q (1 - q), from the real s, not sigmoid(|z|).
     */
    @Test
    void sigmoidSizesUseItsRealOutputAndDoNotVanishWhereItSaturates() {
        Sigmoid sigmoid = new Sigmoid(Shape.vector(2));
        double q = 1 / (1 + Math.exp(2));

        TermSizes sizes = TermSizes.of(List.of(sigmoid), new double[] {40, -2}, 1, new double[] {1, 1});

        assertArrayEquals(new double[] {1, q + 2 * q * (1 - q)}, sizes.output(), 1e-15);
        assertArrayEquals(new double[] {2, q * (1 + q)}, sizes.dx(), 1e-15);
    }

    /** Leaky ReLU on sizes: the identity forward, the real slope backward (0.2 below 0), not |z|'s slope 1. */
    @Test
    void leakyReluSizesPassForwardAndTakeTheRealSlopeBackward() {
        LeakyReLU leaky = new LeakyReLU(Shape.vector(2), 0.2);

        TermSizes sizes = TermSizes.of(List.of(leaky), new double[] {-2, 3}, 1, new double[] {1, 1});

        assertArrayEquals(new double[] {2, 3}, sizes.output(), 0.0);
        assertArrayEquals(new double[] {0.2, 1}, sizes.dx(), 0.0);
    }

    @Test
    void theParametersAreRestoredEvenWhenTheChainThrows() {
        Dense dense = new Dense(new Shape(2, 1, 1), 1);
        set(dense, new double[] {3, -4}, new double[] {-5});
        double[] x = {1, -2};
        dense.forward(x, 1);
        assertThrows(IllegalArgumentException.class, () -> TermSizes.of(List.of(dense), x, 1, new double[] {1, 1}));
        assertArrayEquals(new double[] {3, -4}, dense.params().get(0).value(), 0.0);
        assertArrayEquals(new double[] {-5}, dense.params().get(1).value(), 0.0);
    }

    @Test
    void absTakesSizesInPlaceAndReturnsTheSameArray() {
        double[] v = {-1.5, 0.0, 2.0, -0.0};
        double[] same = TermSizes.abs(v);
        assertEquals(v, same);
        assertArrayEquals(new double[] {1.5, 0.0, 2.0, 0.0}, v, 0.0);
    }

    private static void set(Dense dense, double[] w, double[] b) {
        System.arraycopy(w, 0, dense.params().get(0).value(), 0, w.length);
        System.arraycopy(b, 0, dense.params().get(1).value(), 0, b.length);
    }
}
