package lab.kit;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

import lab.reference.Architecture;
import lab.reference.Layer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Checks your own hand-written layer against DL4J's. You implement the project's {@link Layer} contract
 * (forward on a batch; backward from dout that returns dx and only ADDS into your parameters' gradients;
 * parameters named {@code W} and {@code b} in DL4J's logical shapes), name DL4J's equivalent in the text
 * form, and call one method:
 *
 * <pre>{@code
 * LayerCheck.of("conv(4,k3,s2,p1)", c -> new MyConv(c.input(), 4, 3, 2, 1)).assertAgrees();
 *
 * // the layer's own settings may vary too; read them from the case
 * LayerCheck.of("conv(4,k3,s2,p1)", c -> {
 *     Architecture.Conv k = c.layer(Architecture.Conv.class);
 *     return new MyConv(c.input(), k.filters(), k.kh(), k.sh(), k.ph());
 * }).varying(Setting.FILTERS, Setting.STRIDE, Setting.PADDING).assertAgrees();
 * }</pre>
 *
 * For each generated case (batch 1..4, channels 1..3, sides 1..10, and the settings you let vary) it puts
 * the same weights into both layers by name, runs both on the same input (a grid of quarters with exact
 * zeros and ties, where DL4J's conventions matter) and upstream gradient, and judges the forward output,
 * dx and every parameter gradient ({@link Judge}: |yours - dl4j| <= atol + rtol x the size of the terms
 * summed). Then it checks your gradients against central differences of your own forward. The first
 * failing case is shrunk ({@link Shrinker}) to the smallest that still fails on the same tensor, and the
 * failure names the tensor, the element as (n, c, h, w) or the parameter's own axes, both values and the
 * smallest case. Gradients are those of L = sum(out * dout): with an explicit dout, DL4J's layer gradients
 * are plain sums over the batch, as yours should be (a mean loss's 1/N is the loss's, not the layer's).
 * Everything is drawn from the seed: the same check finds the same cases. When your layer disagrees, the
 * result also says which classic mistake (an {@code =} where {@code +=} belongs, a flipped kernel, ...)
 * reproduces what your layer computed, if one does ({@link Result#hint()}, {@link Diagnosis}).
 */
public final class LayerCheck {

    /** Cases tried by default before declaring agreement. */
    public static final int DEFAULT_CASES = 30;

    private final List<Architecture.Spec> layers;
    private final Function<LayerCase, Layer> yourLayer;
    private final Set<Setting> varying;
    private final int cases;
    private final long seed;
    private final double rtol;
    private final double atol;
    private final boolean everyCase;

    private LayerCheck(List<Architecture.Spec> layers, Function<LayerCase, Layer> yourLayer, Set<Setting> varying,
                       int cases, long seed, double rtol, double atol, boolean everyCase) {
        this.everyCase = everyCase;
        this.layers = layers;
        this.yourLayer = yourLayer;
        this.varying = varying;
        this.cases = cases;
        this.seed = seed;
        this.rtol = rtol;
        this.atol = atol;
    }

    /**
     * A check of your layer against DL4J's {@code layers}: one layer in the text form ({@code conv(4,k3,s2,p1)},
     * {@code local(...)}, {@code maxpool(2)}, {@code avgpool(k3,s2)}, {@code gap}, {@code dense(10)},
     * {@code relu}, {@code tanh}), or one layer with its activation ({@code conv(4,k3)-relu}).
     *
     * @param yourLayer builds your layer for a case: its input shape and the layer's settings
     */
    public static LayerCheck of(String layers, Function<LayerCase, Layer> yourLayer) {
        List<Architecture.Spec> specs = Architecture.parseLayers(layers);
        CaseCheck.paramLayer(specs); // at most one layer with parameters
        return new LayerCheck(specs, yourLayer, EnumSet.noneOf(Setting.class), DEFAULT_CASES, 0,
                Judge.rtol(DataType.DOUBLE), 0, false);
    }

    /** Lets the cases vary these settings of the layer too (each axis on its own); by default none vary. */
    public LayerCheck varying(Setting... settings) {
        Set<Setting> v = EnumSet.noneOf(Setting.class);
        v.addAll(List.of(settings));
        return new LayerCheck(layers, yourLayer, v, cases, seed, rtol, atol, everyCase);
    }

    /** How many generated cases to try (default {@value #DEFAULT_CASES}). */
    public LayerCheck cases(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("cases must be at least 1, got " + count);
        }
        return new LayerCheck(layers, yourLayer, varying, count, seed, rtol, atol, everyCase);
    }

    /** The seed every case and value is drawn from (default 0). */
    public LayerCheck seed(long s) {
        return new LayerCheck(layers, yourLayer, varying, cases, s, rtol, atol, everyCase);
    }

    /**
     * Runs every case even after one fails, so that the result counts the cases passed (a score, as
     * {@code lab grade} prints); by default the check stops at the first failing case. The first failure is
     * the one shrunk either way.
     */
    public LayerCheck everyCase() {
        return new LayerCheck(layers, yourLayer, varying, cases, seed, rtol, atol, true);
    }

    /**
     * Tolerances against DL4J: rtol relative to the size of the terms summed (default 1e-10, for a layer that
     * computes in double; 1e-4 suits float), atol absolute (default 0).
     */
    public LayerCheck tolerance(double relative, double absolute) {
        if (!(relative >= 0) || !(absolute >= 0)) {
            throw new IllegalArgumentException("tolerances must be at least 0, got rtol " + relative + ", atol "
                    + absolute);
        }
        return new LayerCheck(layers, yourLayer, varying, cases, seed, relative, absolute, everyCase);
    }

    /**
     * The outcome: agreement on every case, or the first failing case and its smallest shrunk form.
     *
     * @param casesRun    cases run: all of them, or (unless {@link #everyCase()}) those up to the first failure
     * @param casesPassed of those, the cases where every tensor and gradient check agreed
     * @param tensorFailures for each tensor (output, dx, dW, db), in how many of the cases run it disagreed with
     *                    DL4J or was not computed (the layer threw first)
     * @param foundAt     the number of the first failing case among those generated, from 1 (0 if none failed)
     * @param found       the first failing case as generated (null if none failed)
     * @param smallest    the smallest case that fails on the same tensor (null if none failed)
     * @param shrinkSteps how many smaller cases were accepted on the way from {@code found} to {@code smallest}
     * @param hint        the likely cause ({@link Diagnosis}), or null
     */
    public record Result(String layers, long seed, int casesRun, int casesPassed, Map<String, Integer> tensorFailures,
                         int foundAt, LayerCase found, CaseReport smallest, int shrinkSteps, String hint) implements Verdict {
        @Override
        public boolean agrees() {
            return smallest == null;
        }

        /** One paragraph: agreement with the cases run, or what differs, where, the smallest case, the likely cause. */
        @Override
        public String message() {
            if (agrees()) {
                return String.format("your layer agrees with DL4J's %s on %d generated cases (seed %d)", layers,
                        casesRun, seed);
            }
            String first = smallest.thrown() == null ? "your layer disagrees with DL4J's " + layers + ": "
                    + smallest.firstFailure() : "your layer threw on DL4J's " + layers + ": "
                    + smallest.thrown().getClass().getName() + Optional.ofNullable(CaseReport.where(smallest.thrown()))
                    .map(at -> " at " + at).orElse("");
            return String.format("%s%nsmallest failing case: %s%n  (shrunk in %d steps from generated case %d, seed "
                    + "%d: %s)%n%s%s", first, smallest.kase(), shrinkSteps, foundAt, seed, found,
                    smallest.describe(), hint == null ? "" : "likely cause: " + hint + String.format("%n"));
        }

        /** E.g. {@code 3/4 tensors agree, 0/30 cases passed}. */
        @Override
        public String score() {
            return Verdict.score(tensorFailures, casesPassed, casesRun);
        }
    }

    /** Runs the cases (until one fails, unless {@link #everyCase()}), then shrinks the first failure. */
    public Result run() {
        CaseSpace space = new CaseSpace(layers, varying);
        Random rng = new Random(seed);
        Map<String, Integer> failures = new LinkedHashMap<>();
        int passed = 0;
        int run = 0;
        int[] failing = null;
        long failingSeed = 0;
        int foundAt = 0;
        CaseReport first = null;
        for (int i = 1; i <= cases; i++) {
            int[] v = draw(space, rng);
            long valueSeed = rng.nextLong();
            CaseReport report = CaseCheck.run(space.decode(v).orElseThrow(), yourLayer, valueSeed, rtol,
                    atol);
            run++;
            tally(report, failures);
            if (report.agrees()) {
                passed++;
            } else if (first == null) {
                first = report;
                failing = v;
                failingSeed = valueSeed;
                foundAt = i;
                if (!everyCase) {
                    break;
                }
            }
        }
        if (first == null) {
            return new Result(Architecture.text(layers), seed, run, passed, failures, 0, null, null, 0, null);
        }
        String key = first.firstFailure();
        long valueSeed = failingSeed;
        Shrinker.Shrunk shrunk = Shrinker.shrink(failing, space.minimum(), candidate -> space.decode(candidate)
                .map(c -> key.equals(failure(c, valueSeed))).orElse(false));
        LayerCase smallestCase = space.decode(shrunk.values()).orElseThrow();
        CaseReport smallest = CaseCheck.run(smallestCase, yourLayer, valueSeed, rtol, atol);
        // The smallest case is the clearest evidence; the case as found has more elements to go on.
        String hint = CaseCheck.diagnose(smallestCase, yourLayer, valueSeed, rtol, atol);
        if (hint == null) {
            hint = CaseCheck.diagnose(first.kase(), yourLayer, valueSeed, rtol, atol);
        }
        return new Result(Architecture.text(layers), seed, run, passed, failures, foundAt, first.kase(), smallest,
                shrunk.steps(), hint);
    }

    /** Counts, per tensor, a case where it disagreed with DL4J or was never computed. */
    private static void tally(CaseReport report, Map<String, Integer> failures) {
        for (String tensor : report.axes().keySet()) {
            boolean agreed = report.tensors().stream().anyMatch(t -> t.name().equals(tensor) && t.agrees());
            failures.merge(tensor, agreed ? 0 : 1, Integer::sum);
        }
    }

    /** What a smaller case fails on, or null; a case your layer refuses to be built for is no failure. */
    private String failure(LayerCase c, long valueSeed) {
        try {
            return CaseCheck.run(c, yourLayer, valueSeed, rtol, atol).firstFailure();
        } catch (IllegalArgumentException refused) {
            return null;
        }
    }

    /** Passes if every case agrees; otherwise throws an AssertionError with {@link Result#message()}. */
    public void assertAgrees() {
        Result r = run();
        if (!r.agrees()) {
            throw new AssertionError(r.message());
        }
    }

    /** A vector that is a case; the sides are redrawn until the layers fit (a pool's windows must tile). */
    private static int[] draw(CaseSpace space, Random rng) {
        for (int tries = 0; tries < 10_000; tries++) {
            int[] v = space.random(rng);
            Optional<LayerCase> c = space.decode(v);
            if (c.isPresent()) {
                return v;
            }
        }
        throw new IllegalArgumentException("no generated input (sides 1..10) fits the layers; check their settings");
    }
}
