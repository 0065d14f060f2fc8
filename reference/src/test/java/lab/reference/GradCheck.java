package lab.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Central-difference gradient checks in double precision, for one layer or a whole network.
 *
 * <p>The numeric derivative is the 4-point stencil (f(-2h) - 8 f(-h) + 8 f(+h) - f(+2h)) / 12h, whose
 * truncation error is O(h^4): with h = 1e-3 that is ~1e-13 for the smooth parts (tanh, softmax), and
 * exactly zero for the piecewise-linear ones (conv, dense, pooling, ReLU), so h can be large enough that
 * rounding (~1e-16 |f| / h) stays small too.
 *
 * <p>Away from kinks: ReLU at 0 and max-pool ties are not differentiable. If a coordinate's stencil flips
 * any ReLU mask or max-pool choice, it is tried again with h halved, down to 1e-6; one that
 * still crosses a kink is skipped and counted, and a sample with many of those is discarded as not
 * away from kinks (see {@link #assertPasses}).
 *
 * <p>Error: |a - n| / max(|a|, |n|, floor). The floor keeps a gradient that is zero, or nearly, from being
 * judged against rounding noise. That noise is set by the objective L and by h, not by the gradient:
 * the stencil's weights sum to 18/12h, so an error e in L becomes ~1.5 e / h in the numeric derivative.
 * L is itself a sum of hundreds to thousands of rounded products, so e is tens of ulps (2.2e-16 |L|
 * each), not one: a case of dense(6) on a 4 x 2x9x12 batch showed a numeric error of 3.2e-12 at
 * |L| = 2.2, h = 1e-3, i.e. 1.5e-15 |L| / h. So floor = 1e-7 |L| / h (1e-4 |L| at h = 1e-3): below it
 * the check is on absolute error 1e-14 |L| / h, about thirty ulps of the objective, no more.
  */
public final class GradCheck {

    static final double H = 1e-3;
    static final double SMALLEST_H = 1e-6;
    static final double FLOOR_TIMES_H_PER_UNIT_LOSS = 1e-7;
    static final double TOLERANCE = 1e-7;
    /** Tensors larger than this are checked on a random sample of this many coordinates. */
    static final int MAX_COORDINATES = 400;

    /** The worst coordinate of one tensor. */
    record Worst(String tensor, int checked, int skipped, double relError, int index, double analytic,
                 double numeric) {
        @Override
        public String toString() {
            return String.format("%s: worst relative error %.2e at [%d] (analytic %.17g, numeric %.17g); "
                    + "%d coordinates checked, %d skipped at kinks", tensor, relError, index, analytic, numeric,
                    checked, skipped);
        }
    }

    private GradCheck() {
    }

    static double relError(double a, double n, double floor) {
        return Math.abs(a - n) / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
    }

    /**
     * Checks one layer against the objective L = sum(out * R) for a fixed random R, so dout = R.
     * Returns one {@link Worst} each for dx and every parameter's gradient.
     */
    static List<Worst> layer(Layer layer, double[] x, int n, Random rng) {
        double[] out = layer.forward(x, n);
        double[] r = gaussian(out.length, rng);
        for (Param p : layer.params()) {
            p.zeroGrad();
        }
        double[] dx = layer.backward(r.clone()).clone();
        DoubleSupplier objective = () -> dot(layer.forward(x, n), r);
        Supplier<int[]> kinks = () -> kinkState(List.of(layer));
        List<Worst> results = new ArrayList<>();
        results.add(compare("dx", x, dx, objective, kinks, rng));
        for (Param p : layer.params()) {
            results.add(compare("d" + p.name(), p.value(), p.grad().clone(), objective, kinks, rng));
        }
        return results;
    }

    /** Checks every parameter gradient of a network against its mean cross-entropy loss. */
    static List<Worst> network(Network net, double[] x, int[] y, int n, Random rng) {
        net.zeroGrad();
        net.lossAndGradient(x, y, n);
        DoubleSupplier objective = () -> net.loss(x, y, n);
        Supplier<int[]> kinks = () -> kinkState(net.layers());
        List<Worst> results = new ArrayList<>();
        for (Network.NamedParam p : net.params()) {
            results.add(compare("d" + p.key(), p.param().value(), p.param().grad().clone(), objective, kinks, rng));
        }
        return results;
    }

    /** Numeric vs analytic derivative of the objective w.r.t. each (sampled) coordinate of {@code values}. */
    static Worst compare(String name, double[] values, double[] analytic, DoubleSupplier objective,
                         Supplier<int[]> kinks, Random rng) {
        double loss = Math.max(1, Math.abs(objective.getAsDouble()));
        int[] base = kinks.get();
        Worst worst = new Worst(name, 0, 0, 0, -1, 0, 0);
        int checked = 0;
        int skipped = 0;
        for (int i : sample(values.length, rng)) {
            double h = H;
            double numeric = stencil(values, i, h, objective, kinks, base);
            while (Double.isNaN(numeric) && h / 2 >= SMALLEST_H) {
                h /= 2; // the largest step that stays on one side of every kink has the least rounding
                numeric = stencil(values, i, h, objective, kinks, base);
            }
            if (Double.isNaN(numeric)) {
                skipped++;
                continue;
            }
            double floor = FLOOR_TIMES_H_PER_UNIT_LOSS * loss / h;
            double err = relError(analytic[i], numeric, floor);
            checked++;
            if (err >= worst.relError()) {
                worst = new Worst(name, 0, 0, err, i, analytic[i], numeric);
            }
        }
        objective.getAsDouble(); // leave the layers' caches as the unperturbed forward left them
        return new Worst(name, checked, skipped, worst.relError(), worst.index(), worst.analytic(), worst.numeric());
    }

    /** The 4-point derivative w.r.t. values[i] at step h, or NaN if any of its points is across a kink. */
    private static double stencil(double[] values, int i, double h, DoubleSupplier objective,
                                  Supplier<int[]> kinks, int[] base) {
        double saved = values[i];
        double[] offsets = {-2 * h, -h, h, 2 * h};
        double[] f = new double[4];
        for (int s = 0; s < 4; s++) {
            values[i] = saved + offsets[s];
            f[s] = objective.getAsDouble();
            if (!Arrays.equals(base, kinks.get())) {
                values[i] = saved;
                return Double.NaN;
            }
        }
        values[i] = saved;
        return (f[0] - 8 * f[1] + 8 * f[2] - f[3]) / (12 * h);
    }

    /** Which side of each kink the last forward was on: ReLU masks and max-pool choices, in layer order. */
    static int[] kinkState(List<Layer> layers) {
        List<Integer> state = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof ReLU relu) {
                for (double v : relu.lastInput()) {
                    state.add(v > 0 ? 1 : 0);
                }
            } else if (layer instanceof MaxPool2D pool) {
                for (int i : pool.argmax()) {
                    state.add(i);
                }
            }
        }
        return state.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] sample(int size, Random rng) {
        int[] all = new int[size];
        Arrays.setAll(all, i -> i);
        if (size <= MAX_COORDINATES) {
            return all;
        }
        for (int i = 0; i < MAX_COORDINATES; i++) { // partial Fisher-Yates: a uniform sample
            int j = i + rng.nextInt(size - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        return Arrays.copyOf(all, MAX_COORDINATES);
    }

    public static double[] gaussian(int size, Random rng) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = rng.nextGaussian();
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** Gives every parameter of {@code layers} random values, biases included (so no unit sits at 0). */
    public static void randomize(List<? extends Layer> layers, Random rng, double scale) {
        for (Layer layer : layers) {
            for (Param p : layer.params()) {
                for (int i = 0; i < p.size(); i++) {
                    p.value()[i] = scale * rng.nextGaussian();
                }
            }
        }
    }

    /** The worst relative error seen so far per tensor kind (dx, dW, db, dlogits), for the summary. */
    static final java.util.Map<String, Worst> WORST_SEEN = new java.util.concurrent.ConcurrentSkipListMap<>();

    static String summary() {
        StringBuilder sb = new StringBuilder("worst relative error seen, per tensor kind:");
        WORST_SEEN.forEach((kind, w) -> sb.append("\n  ").append(kind).append(" in ").append(w));
        return sb.toString();
    }

    /**
     * Fails with every tensor's report if any checked coordinate is out of tolerance. A coordinate that
     * sat on a kink even at the smallest step was skipped; a sample with more than 1% of its coordinates
     * skipped is not "away from kinks" and is discarded (jqwik's Assume), after its other coordinates
     * were judged. jqwik fails a property that discards too many samples, so discarding cannot make a
     * check pass by itself.
     */
    static void assertPasses(String what, List<Worst> results) {
        net.jqwik.api.Assume.that(judgedAwayFromKinks(what, results));
        net.jqwik.api.statistics.Statistics.label(CHECKED).collect(true); // only a sample that was judged counts
    }

    /**
     * Fails with every tensor's report if any checked coordinate is out of tolerance; otherwise says
     * whether the sample was away from kinks (at most 1% of its coordinates skipped). A caller that can
     * draw another sample from the same seed may do so when this is false; {@link #assertPasses} discards.
     */
    static boolean judgedAwayFromKinks(String what, List<Worst> results) {
        StringBuilder report = new StringBuilder();
        boolean ok = true;
        int skipped = 0;
        int total = 0;
        for (Worst w : results) {
            Worst labelled = new Worst(what + " " + w.tensor(), w.checked(), w.skipped(), w.relError(), w.index(),
                    w.analytic(), w.numeric());
            WORST_SEEN.merge(w.tensor().replaceAll("^d\\d+_", "d"), labelled,
                    (a, b) -> a.relError() >= b.relError() ? a : b);
            report.append("\n  ").append(w);
            ok &= w.relError() <= TOLERANCE;
            skipped += w.skipped();
            total += w.skipped() + w.checked();
        }
        if (!ok) {
            throw new AssertionError(what + ": gradient check failed (tolerance " + TOLERANCE + "):" + report);
        }
        return skipped <= 0.01 * total;
    }

    private static final String CHECKED = "cases through the gradient check";

    /** Discards at kinks are rare (none in most runs); nine in ten tries must be checked. */
    static final double MIN_CHECKED_SHARE = 0.9;

    /**
     * Call in a property: fails it unless at least {@code share} of its {@code tries} went through
     * {@link #assertPasses} to the end. A try that returns early, or is discarded at kinks, does not
     * count, so a property cannot pass by checking nothing.
     */
    static void requireChecked(int tries, double share) {
        int min = (int) (share * tries); // rounded down
        net.jqwik.api.statistics.Statistics.label(CHECKED).coverage(c -> c.check(true)
                .count((java.util.function.Predicate<Integer>) k -> k >= min));
    }
}
