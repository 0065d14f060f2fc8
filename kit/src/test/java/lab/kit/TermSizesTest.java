package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import lab.reference.Dense;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.ReLU;
import lab.reference.Shape;
import lab.reference.Tanh;

/**
 * The scale the judge measures rounding against, worked by hand on chains small enough to follow: every
 * expected number below is the sum of |w| |x| (+ |b|) products the class comment promises, not a number
 * read off a run.
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
