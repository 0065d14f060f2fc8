package lab.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import lab.reference.CentralDifference.Worst;

/**
 * The reference's own gradient tests: {@link CentralDifference} (the 6-point stencil, kinks, the floor)
 * applied to one layer or a whole network, with what jqwik adds: a sample that sits on too many kinks is
 * discarded, and a property fails unless most of its tries were judged.
 */
public final class GradCheck {

    static final double TOLERANCE = CentralDifference.TOLERANCE;

    private GradCheck() {
    }

    /**
     * Checks one layer against the objective L = sum(out * R) for a fixed random R, so dout = R.
     * Returns one result each for dx and every parameter's gradient.
     */
    static List<Worst> layer(Layer layer, double[] x, int n, Random rng) {
        double[] r = gaussian(layer.forward(x, n).length, rng);
        return CentralDifference.layer(layer, x, n, r, () -> CentralDifference.kinkState(List.of(layer)), rng);
    }

    /** Checks every parameter gradient of a network against its mean cross-entropy loss. */
    static List<Worst> network(Network net, double[] x, int[] y, int n, Random rng) {
        net.zeroGrad();
        net.lossAndGradient(x, y, n);
        DoubleSupplier objective = () -> net.loss(x, y, n);
        Supplier<int[]> kinks = () -> CentralDifference.kinkState(net.layers());
        List<Worst> results = new ArrayList<>();
        for (Network.NamedParam p : net.params()) {
            results.add(CentralDifference.compare("d" + p.key(), p.param().value(), p.param().grad().clone(), objective, kinks, rng));
        }
        return results;
    }

    public static double[] gaussian(int size, Random rng) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = rng.nextGaussian();
        }
        return out;
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
