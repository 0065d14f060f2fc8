package lab.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * Central-difference gradient checks in double precision: the numeric derivative of an objective that
 * a backward pass is checked against, one coordinate at a time. The reference's own gradient tests and
 * the kit that checks a user's layer ({@code lab.kit}) both run through here. Not a test framework: it
 * measures and reports; the caller decides what fails.
 *
 * <p>The numeric derivative is the 6-point stencil
 * (-f(-3h) + 9 f(-2h) - 45 f(-h) + 45 f(+h) - 9 f(+2h) + f(+3h)) / 60h, whose truncation error is
 * h^6 f^(7) / 140: exactly zero for the piecewise-linear parts (conv, dense, pooling, ReLU), and for the
 * smooth ones (tanh, softmax) small even where a weight multiplies a large activation, whose power comes
 * out of every derivative. The 4-point stencil this replaced (truncation h^4 f^(5) / 30) failed there: a
 * dense weight before tanh, fed by a conv's ReLU, showed a numeric error of 2.4e-11 on a gradient of
 * 1.0e-4 at h = 1e-3 (relative 1.9e-7), 16 times larger at 2h and 16 times smaller at h/2, so truncation,
 * not rounding; the 6-point stencil's worst on 300 draws of that network was 3.2e-9. So h can stay large
 * enough that rounding (~1e-16 |f| / h) stays small too.
 *
 * <p>Away from kinks: ReLU at 0 and max-pool ties are not differentiable. The caller says where the kinks
 * are with a supplier of the kink state after the last evaluation ({@link #kinkState}: ReLU masks and
 * max-pool choices). If a coordinate's stencil changes that state, it is tried again with h halved, down
 * to 1e-6; one that still crosses a kink is skipped and counted.
 *
 * <p>Error: |a - n| / max(|a|, |n|, floor). The floor keeps a gradient that is zero, or nearly, from being
 * judged against rounding noise. That noise is set by the objective L and by h, not by the gradient:
 * the stencil's weights sum to 110/60h, so an error e in L becomes ~1.8 e / h in the numeric derivative.
 * L is itself a sum of hundreds to thousands of rounded products, so e is tens of ulps (2.2e-16 |L|
 * each), not one: a case of dense(6) on a 4 x 2x9x12 batch showed a numeric error of 3.2e-12 at
 * |L| = 2.2, h = 1e-3, i.e. 1.5e-15 |L| / h. So floor = 1e-7 |L| / h (1e-4 |L| at h = 1e-3): below it
 * the check is on absolute error 1e-14 |L| / h, about thirty ulps of the objective, no more.
 */
public final class CentralDifference {

    static final double H = 1e-3;
    static final double SMALLEST_H = 1e-6;
    static final double FLOOR_TIMES_H_PER_UNIT_LOSS = 1e-7;
    /**
     * The largest relative error a correct gradient shows here (seen: 7.5e-9 at worst over three runs of the
     * suite, most below 1e-10).
     */
    public static final double TOLERANCE = 1e-7;
    /** Tensors larger than this are checked on a random sample of this many coordinates. */
    static final int MAX_COORDINATES = 400;

    /** The worst coordinate of one tensor, and how many coordinates were checked and skipped at kinks. */
    public record Worst(String tensor, int checked, int skipped, double relError, int index, double analytic,
                        double numeric) {
        /** Within {@link #TOLERANCE}. */
        public boolean passes() {
            return relError <= TOLERANCE;
        }

        @Override
        public String toString() {
            return String.format("%s: worst relative error %.2e at [%d] (analytic %.17g, numeric %.17g); "
                    + "%d coordinates checked, %d skipped at kinks", tensor, relError, index, analytic, numeric,
                    checked, skipped);
        }
    }

    private CentralDifference() {
    }

    static double relError(double a, double n, double floor) {
        return Math.abs(a - n) / Math.max(floor, Math.max(Math.abs(a), Math.abs(n)));
    }

    /**
     * Checks one layer against the objective L = sum(out * dout), whose gradient w.r.t. the output is
     * {@code dout}: zeroes the layer's gradients, runs forward and backward once, then compares dx and every
     * parameter's gradient with central differences. Returns one {@link Worst} each, dx first, then the
     * parameters by their names ({@code dW}, {@code db}).
     *
     * @param kinks the kink state after the layer's last forward (see the class comment); it may run a twin
     *              of the layer on the same input and parameters to find out
     */
    public static List<Worst> layer(Layer layer, double[] x, int n, double[] dout, Supplier<int[]> kinks,
                                    Random rng) {
        layer.forward(x, n);
        for (Param p : layer.params()) {
            p.zeroGrad();
        }
        double[] dx = layer.backward(dout.clone()).clone();
        DoubleSupplier objective = () -> dot(layer.forward(x, n), dout);
        List<Worst> results = new ArrayList<>();
        results.add(compare("dx", x, dx, objective, kinks, rng));
        for (Param p : layer.params()) {
            results.add(compare("d" + p.name(), p.value(), p.grad().clone(), objective, kinks, rng));
        }
        return results;
    }

    /** Numeric vs analytic derivative of the objective w.r.t. each (sampled) coordinate of {@code values}. */
    public static Worst compare(String name, double[] values, double[] analytic, DoubleSupplier objective,
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
            if (err >= worst.relError() || Double.isNaN(err)) {
                worst = new Worst(name, 0, 0, err, i, analytic[i], numeric);
            }
        }
        objective.getAsDouble(); // leave the layers' caches as the unperturbed forward left them
        kinks.get();
        return new Worst(name, checked, skipped, worst.relError(), worst.index(), worst.analytic(), worst.numeric());
    }

    /** The 6-point derivative w.r.t. values[i] at step h, or NaN if any of its points is across a kink. */
    private static double stencil(double[] values, int i, double h, DoubleSupplier objective,
                                  Supplier<int[]> kinks, int[] base) {
        double saved = values[i];
        double[] offsets = {-3 * h, -2 * h, -h, h, 2 * h, 3 * h};
        double[] f = new double[offsets.length];
        for (int s = 0; s < offsets.length; s++) {
            values[i] = saved + offsets[s];
            f[s] = objective.getAsDouble();
            if (!Arrays.equals(base, kinks.get())) {
                values[i] = saved;
                return Double.NaN;
            }
        }
        values[i] = saved;
        return (-f[0] + 9 * f[1] - 45 * f[2] + 45 * f[3] - 9 * f[4] + f[5]) / (60 * h);
    }

    /** Which side of each kink the last forward was on: (leaky) ReLU masks and max-pool choices, in layer order. */
    public static int[] kinkState(List<Layer> layers) {
        List<Integer> state = new ArrayList<>();
        for (Layer layer : layers) {
            if (layer instanceof ReLU relu) {
                for (double v : relu.lastInput()) {
                    state.add(v > 0 ? 1 : 0);
                }
            } else if (layer instanceof LeakyReLU leaky) {
                for (double v : leaky.lastInput()) {
                    state.add(v < 0 ? 0 : 1); // DL4J's side of the kink: 0 itself takes slope 1
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

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }
}
