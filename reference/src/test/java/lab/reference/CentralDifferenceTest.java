package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import org.junit.jupiter.api.Test;

import lab.reference.CentralDifference.Worst;

/**
 * The judge judged: every gradient test of the reference, and the kit's check of a user's gradients
 * against their own forward, pass only if {@link CentralDifference} can say no. Each test plants one fault
 * the check exists to catch and asserts that it is caught where it is, with both values; and each promise
 * the check makes (every coordinate of a small tensor, a uniform sample of a large one, the floor, the
 * kinks) is held to its exact statement. The objectives are small polynomials whose derivatives are known
 * in closed form, so the expected numbers are exact, not measured.
 */
class CentralDifferenceTest {

    private static final Supplier<int[]> NO_KINKS = () -> new int[0];

    /** L = sum_i c_i v_i^2 / 2 + offset: dL/dv_i = c_i v_i, and the 6-point stencil is exact on it. */
    private static DoubleSupplier quadratic(double[] v, double[] c, double offset) {
        return () -> {
            double sum = offset;
            for (int i = 0; i < v.length; i++) {
                sum += c[i] * v[i] * v[i] / 2;
            }
            return sum;
        };
    }

    private static double[] gradientOfQuadratic(double[] v, double[] c) {
        double[] g = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            g[i] = c[i] * v[i];
        }
        return g;
    }

    private static double[] ramp(int size, double start, double step) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = start + step * i;
        }
        return v;
    }

    @Test
    void aCorrectGradientPassesWithEveryCoordinateOfASmallTensorChecked() {
        double[] v = ramp(CentralDifference.MAX_COORDINATES, 0.5, 0.01);
        double[] c = ramp(v.length, 1.0, 0.003);
        Worst w = CentralDifference.compare("dv", v, gradientOfQuadratic(v, c), quadratic(v, c, 0), NO_KINKS,
                new Random(1));
        assertTrue(w.passes(), w.toString());
        assertEquals(CentralDifference.MAX_COORDINATES, w.checked());
        assertEquals(0, w.skipped());
        assertTrue(w.relError() < 1e-9, w.toString());
    }

    /** One wrong coordinate, at every position of a tensor the check covers whole: found where it is. */
    @Test
    void oneWrongCoordinateAnywhereInASmallTensorIsFoundWithItsIndexAndBothValues() {
        int size = 40;
        double[] v = ramp(size, -1.0, 0.05);
        double[] c = ramp(size, 0.5, 0.1);
        double[] right = gradientOfQuadratic(v, c);
        for (int planted = 0; planted < size; planted++) {
            double[] wrong = right.clone();
            wrong[planted] += 1e-3;
            Worst w = CentralDifference.compare("dv", v, wrong, quadratic(v, c, 0), NO_KINKS, new Random(planted));
            assertFalse(w.passes(), "planted at " + planted + ": " + w);
            assertEquals(planted, w.index(), w.toString());
            assertEquals(wrong[planted], w.analytic(), 0.0);
            assertEquals(right[planted], w.numeric(), 1e-9 * Math.abs(right[planted]) + 1e-12);
            double floor = CentralDifference.FLOOR_TIMES_H_PER_UNIT_LOSS
                    * Math.max(1, quadratic(v, c, 0).getAsDouble()) / CentralDifference.H;
            double expected = 1e-3 / Math.max(floor, Math.max(Math.abs(wrong[planted]), Math.abs(right[planted])));
            assertEquals(expected, w.relError(), 1e-6 * expected);
            assertEquals(size, w.checked());
        }
    }

    /**
     * A tensor over {@link CentralDifference#MAX_COORDINATES} is checked on that many distinct coordinates,
     * drawn uniformly: each coordinate perturbed is recorded, and over many draws every coordinate is reached,
     * the last ones as often as the first (a sampler that favoured the front, or repeated a coordinate,
     * would fail here).
     */
    @Test
    void aLargeTensorIsCheckedOnAUniformSampleOfDistinctCoordinates() {
        int size = 1000;
        int draws = 200;
        double[] v = ramp(size, 0.1, 0.001);
        double[] c = ramp(size, 1.0, 0.0);
        double[] g = gradientOfQuadratic(v, c);
        int[] times = new int[size];
        for (int draw = 0; draw < draws; draw++) {
            BitSet perturbed = new BitSet(size);
            double[] original = v.clone();
            DoubleSupplier base = quadratic(v, c, 0);
            DoubleSupplier recording = () -> {
                for (int i = 0; i < size; i++) {
                    if (v[i] != original[i]) {
                        perturbed.set(i);
                    }
                }
                return base.getAsDouble();
            };
            Worst w = CentralDifference.compare("dv", v, g, recording, NO_KINKS, new Random(draw));
            assertTrue(w.passes(), w.toString());
            assertEquals(CentralDifference.MAX_COORDINATES, w.checked());
            assertEquals(CentralDifference.MAX_COORDINATES, perturbed.cardinality(), "distinct coordinates");
            assertArrayEquals(original, v, "values restored");
            perturbed.stream().forEach(i -> times[i]++);
        }
        // Each coordinate is in a draw's sample with probability 0.4: 80 times in 200 draws, sd 6.9.
        int front = 0;
        int back = 0;
        for (int i = 0; i < size; i++) {
            assertTrue(times[i] > 40 && times[i] < 120, "coordinate " + i + " sampled " + times[i] + " times");
            if (i < size / 2) {
                front += times[i];
            } else {
                back += times[i];
            }
        }
        // Halves: 20,000 each expected, sd about 155.
        assertTrue(Math.abs(front - back) < 1500, "front " + front + " vs back " + back);
    }

    @Test
    void aWrongCoordinateInALargeTensorIsFoundWheneverItIsSampled() {
        int size = 1000;
        double[] v = ramp(size, 0.1, 0.001);
        double[] c = ramp(size, 2.0, 0.0);
        double[] wrong = gradientOfQuadratic(v, c);
        int planted = size - 1; // the last coordinate: a sampler that never reached the tail would miss it
        wrong[planted] *= 1.001;
        int found = 0;
        for (int draw = 0; draw < 20; draw++) {
            Worst w = CentralDifference.compare("dv", v, wrong, quadratic(v, c, 0), NO_KINKS, new Random(draw));
            if (!w.passes()) {
                found++;
                assertEquals(planted, w.index());
            } else {
                assertTrue(w.relError() < 1e-9, w.toString());
            }
        }
        // Sampled in 40% of draws; none of 20 draws with it is about 4e-5 likely, all of them 1e-8.
        assertTrue(found > 0 && found < 20, "found in " + found + " of 20 draws");
    }

    @Test
    void aNaNGradientFailsEvenAfterAWorseLookingFiniteOne() {
        double[] v = ramp(10, 0.5, 0.1);
        double[] c = ramp(10, 1.0, 0.0);
        double[] g = gradientOfQuadratic(v, c);
        g[2] += 0.5; // a large finite error first
        g[7] = Double.NaN; // then NaN, whose comparisons are all false
        Worst w = CentralDifference.compare("dv", v, g, quadratic(v, c, 0), NO_KINKS, new Random(3));
        assertFalse(w.passes());
        assertTrue(Double.isNaN(w.relError()), w.toString());
        assertEquals(7, w.index());
    }

    @Test
    void theToleranceIsInclusiveAndNotAHairWider() {
        assertTrue(worst(CentralDifference.TOLERANCE).passes());
        assertFalse(worst(Math.nextUp(CentralDifference.TOLERANCE)).passes());
        assertTrue(worst(0).passes());
        assertFalse(worst(Double.NaN).passes());
    }

    private static Worst worst(double relError) {
        return new Worst("dv", 1, 0, relError, 0, 1, 1);
    }

    /**
     * The floor is 1e-7 |L| / h, with |L| at least 1: an absolute error below the objective's rounding noise
     * is not judged against a gradient that is nearly zero, and one above it is.
     */
    @Test
    void nearZeroGradientsAreJudgedAgainstTheLossesRoundingNoise() {
        double[] v = {0.3};
        double[] zero = {0.0};
        double floorAtLoss1e4 = CentralDifference.FLOOR_TIMES_H_PER_UNIT_LOSS * 1e4 / CentralDifference.H;
        // L = 1e4, constant in v: the numeric derivative is exactly 0; the analytic is off by 1e-8.
        Worst big = CentralDifference.compare("dv", v, new double[] {1e-8}, quadratic(v, zero, 1e4), NO_KINKS,
                new Random(0));
        assertEquals(1e-8 / floorAtLoss1e4, big.relError(), 1e-20);
        assertTrue(big.passes());
        // The same error at L = 0.5: |L| counts as 1, so the floor is 1e-4 and the error is 1e-4 of it.
        Worst small = CentralDifference.compare("dv", v, new double[] {1e-8}, quadratic(v, zero, 0.5), NO_KINKS,
                new Random(0));
        double floorAtLoss1 = CentralDifference.FLOOR_TIMES_H_PER_UNIT_LOSS / CentralDifference.H;
        assertEquals(1e-8 / floorAtLoss1, small.relError(), 1e-20);
        assertFalse(small.passes());
        // At L = -1e4 the floor is as at +1e4: it is the loss's size that sets the noise.
        Worst negative = CentralDifference.compare("dv", v, new double[] {1e-8}, quadratic(v, zero, -1e4),
                NO_KINKS, new Random(0));
        assertEquals(big.relError(), negative.relError(), 1e-20);
    }

    /**
     * L = sum |v_i|: a coordinate whose stencil would cross 0 is retried at half the step until it does
     * not (and is then exact), and one that sits on the kink is skipped and counted, never judged.
     */
    @Test
    void aStencilAcrossAKinkHalvesItsStepAndACoordinateOnTheKinkIsSkipped() {
        double[] v = {0.5, 0.002, 2.5e-4, 0.0, -0.7};
        DoubleSupplier objective = () -> Arrays.stream(v).map(Math::abs).sum();
        Supplier<int[]> kinks = () -> Arrays.stream(v).mapToInt(x -> x > 0 ? 1 : 0).toArray();
        double[] analytic = {1, 1, 1, 12345, -1}; // the one on the kink is wrong, and must not be judged
        Worst w = CentralDifference.compare("dv", v, analytic, objective, kinks, new Random(0));
        assertEquals(4, w.checked());
        assertEquals(1, w.skipped());
        assertTrue(w.passes(), w.toString());
        assertTrue(w.relError() < 1e-9, w.toString());
        // The same coordinates with a kink-blind supplier: the stencils across 0 give wrong derivatives.
        Worst blind = CentralDifference.compare("dv", v, new double[] {1, 1, 1, 0, -1}, objective, NO_KINKS,
                new Random(0));
        assertFalse(blind.passes(), blind.toString());
        assertEquals(5, blind.checked());
    }

    /**
     * A gradient left over from an earlier backward must not be judged: the layer check zeroes every
     * parameter's gradient first. Compared as the caller would see it had it not (stale plus fresh), the
     * check says no.
     */
    @Test
    void aStaleGradientIsZeroedBeforeTheLayerCheckAndWouldFailItIfNot() {
        Random rng = new Random(11);
        Dense dense = new Dense(new Shape(3, 1, 1), 2);
        GradCheck.randomize(List.of(dense), rng, 0.5);
        int n = 2;
        double[] x = GradCheck.gaussian(n * 3, rng);
        double[] dout = GradCheck.gaussian(n * 2, rng);
        for (Param p : dense.params()) {
            Arrays.fill(p.grad(), 0.25); // stale
        }
        List<Worst> results = CentralDifference.layer(dense, x, n, dout, NO_KINKS, rng);
        assertEquals(List.of("dx", "dW", "db"), results.stream().map(Worst::tensor).toList());
        for (Worst w : results) {
            assertTrue(w.passes(), w.toString());
            assertEquals(w.tensor().equals("dx") ? 3 * n : w.tensor().equals("dW") ? 6 : 2, w.checked());
        }

        double[] stale = dense.params().get(0).grad().clone();
        for (int i = 0; i < stale.length; i++) {
            stale[i] += 0.25;
        }
        Worst w = CentralDifference.compare("dW", dense.params().get(0).value(), stale,
                () -> CentralDifference.dot(dense.forward(x, n), dout), NO_KINKS, rng);
        assertFalse(w.passes(), w.toString());
    }

    /** A backward wrong in one element of dx is caught at that element. */
    @Test
    void aLayerWhoseDxIsWrongInOneElementFailsThere() {
        Random rng = new Random(5);
        Shape shape = new Shape(1, 2, 3);
        Layer tanh = new Tanh(shape);
        Layer wrongDx = new Around(new Tanh(shape), x -> x, dx -> {
            dx[4] *= 1.01;
            return dx;
        });
        int n = 2;
        double[] x = GradCheck.gaussian(n * shape.size(), rng);
        double[] dout = GradCheck.gaussian(n * shape.size(), rng);
        List<Worst> right = CentralDifference.layer(tanh, x, n, dout, NO_KINKS, rng);
        assertTrue(right.get(0).passes(), right.get(0).toString());
        List<Worst> wrong = CentralDifference.layer(wrongDx, x, n, dout, NO_KINKS, rng);
        assertEquals(1, wrong.size());
        assertFalse(wrong.get(0).passes());
        assertEquals(4, wrong.get(0).index());
    }

    /**
     * After the check, the layer's caches and the kink supplier's last look are those of the unperturbed
     * input, as a caller that goes on using the layer (or the twin the supplier runs) expects.
     */
    @Test
    void theCheckLeavesTheLayerAndTheKinkSupplierOnTheUnperturbedInput() {
        Shape shape = new Shape(1, 2, 2);
        List<double[]> forwards = new ArrayList<>(); // a copy of every input the layer's forward saw
        Layer recording = new Around(new ReLU(shape), x -> {
            forwards.add(x.clone());
            return x;
        }, dx -> dx);
        double[] x = {0.5, -0.25, 1.5, -2.0, 0.75, 0.125, -0.5, 3.0};
        double[] original = x.clone();
        List<double[]> seen = new ArrayList<>(); // what the layer's last forward had seen at each kink look
        Supplier<int[]> kinks = () -> {
            seen.add(forwards.get(forwards.size() - 1));
            return new int[0];
        };
        List<Worst> results = CentralDifference.layer(recording, x, 2, ramp(8, 1, 1), kinks, new Random(0));
        assertTrue(results.get(0).passes(), results.get(0).toString());
        assertEquals(8, results.get(0).checked());
        assertArrayEquals(original, x, 0.0);
        assertArrayEquals(original, forwards.get(forwards.size() - 1), 0.0, "the layer's last forward");
        assertArrayEquals(original, seen.get(seen.size() - 1), 0.0, "the kink supplier's last look");
    }

    /** ReLU's state is x > 0 (0 itself is the off side, as DL4J), then each max-pool's choices, in order. */
    @Test
    void theKinkStateIsReluMasksThenMaxPoolChoicesInLayerOrder() {
        Shape shape = new Shape(1, 2, 2);
        ReLU relu = new ReLU(shape);
        MaxPool2D pool = new MaxPool2D(shape, 2, 2, 2, 2);
        Tanh tanh = new Tanh(shape);
        double[] x = {0.0, -1.0, 2.0, 0.5};
        tanh.forward(x, 1);
        pool.forward(relu.forward(x, 1), 1);
        assertArrayEquals(new int[] {0, 0, 1, 1, 2}, CentralDifference.kinkState(List.of(tanh, relu, pool)));
        assertArrayEquals(new int[] {2, 0, 0, 1, 1}, CentralDifference.kinkState(List.of(pool, relu)));
        assertArrayEquals(new int[0], CentralDifference.kinkState(List.of(tanh)));
    }

    /**
     * L = exp(10 v) at v = 0, dL/dv = 10: the 4-point stencil's truncation, h^4 f^(5) / 30, would be 3.3e-10
     * of it; the 6-point stencil's, h^6 f^(7) / 140, is 7e-15, below the rounding (about 2e-13 here).
     */
    @Test
    void theStencilIsSixPointWhoseTruncationIsBelowRounding() {
        double[] v = {0.0};
        Worst w = CentralDifference.compare("dv", v, new double[] {10.0}, () -> Math.exp(10 * v[0]), NO_KINKS,
                new Random(0));
        assertTrue(w.relError() < 1e-11, w.toString());
    }

    /**
     * The step is halved down to {@link CentralDifference#SMALLEST_H} and no further: a coordinate 4e-6 from
     * its kink, whose stencil still crosses at h = 1.95e-6 (reach 5.9e-6), is skipped, though one more
     * halving would have cleared it; one 8e-6 away is checked at that step.
     */
    @Test
    void theStepIsHalvedNoFurtherThanTheSmallestStep() {
        double[] v = {4e-6, 8e-6};
        DoubleSupplier objective = () -> Math.abs(v[0]) + Math.abs(v[1]);
        Supplier<int[]> kinks = () -> Arrays.stream(v).mapToInt(x -> x > 0 ? 1 : 0).toArray();
        Worst w = CentralDifference.compare("dv", v, new double[] {1, 1}, objective, kinks, new Random(0));
        assertEquals(1, w.skipped());
        assertEquals(1, w.checked());
        assertEquals(1, w.index());
    }

    /**
     * Where every coordinate agrees exactly (a flat objective: numeric and analytic both exactly 0), the
     * report still names a checked coordinate and its values, not the "none yet" it starts from.
     */
    @Test
    void anExactGradientIsReportedAtACheckedCoordinate() {
        double[] v = {0.5, -0.25, 2.0};
        Worst w = CentralDifference.compare("dv", v, new double[3], () -> 7.0, NO_KINKS, new Random(0));
        assertEquals(0.0, w.relError(), 0.0);
        assertEquals(3, w.checked());
        assertTrue(w.index() >= 0 && w.index() < v.length, w.toString());
        assertEquals(0.0, w.analytic(), 0.0);
        assertEquals(0.0, w.numeric(), 0.0);
    }

    /** A tensor checked whole is checked in order and draws nothing from the generator: its check is seed-free. */
    @Test
    void aSmallTensorIsCheckedInOrderWithoutDrawingFromTheGenerator() {
        double[] v = ramp(CentralDifference.MAX_COORDINATES, 0.1, 0.001);
        double[] c = ramp(v.length, 1.0, 0.0);
        List<Integer> order = new ArrayList<>();
        DoubleSupplier base = quadratic(v, c, 0);
        double[] original = v.clone();
        DoubleSupplier recording = () -> {
            for (int i = 0; i < v.length; i++) {
                if (v[i] != original[i] && (order.isEmpty() || order.get(order.size() - 1) != i)) {
                    order.add(i);
                }
            }
            return base.getAsDouble();
        };
        Random rng = new Random(42);
        CentralDifference.compare("dv", v, gradientOfQuadratic(v, c), recording, NO_KINKS, rng);
        assertEquals(java.util.stream.IntStream.range(0, v.length).boxed().toList(), order);
        assertEquals(new Random(42).nextLong(), rng.nextLong());
    }

    @Test
    void aWorstReadsAsOneLineWithEverythingAFailureNeeds() {
        Worst w = new Worst("dW", 12, 3, 2.5e-7, 7, -0.125, -0.12500003);
        assertEquals("dW: worst relative error 2.50e-07 at [7] (analytic -0.12500000000000000, numeric "
                + "-0.12500003000000000); 12 coordinates checked, 3 skipped at kinks", w.toString());
    }

    /** A layer run as {@code inner}, with its forward's input seen first and its backward's dx changed after. */
    private record Around(Layer inner, UnaryOperator<double[]> input, UnaryOperator<double[]> dx) implements Layer {
        @Override
        public double[] forward(double[] x, int n) {
            return inner.forward(input.apply(x), n);
        }

        @Override
        public double[] backward(double[] dout) {
            return dx.apply(inner.backward(dout));
        }

        @Override
        public Shape inputShape() {
            return inner.inputShape();
        }

        @Override
        public Shape outputShape() {
            return inner.outputShape();
        }

        @Override
        public String describe() {
            return inner.describe() + ", wrapped";
        }
    }
}
