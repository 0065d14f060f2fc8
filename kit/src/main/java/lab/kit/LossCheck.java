package lab.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

import lab.reference.CentralDifference;
import lab.reference.Loss;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Checks your own softmax + cross-entropy loss against DL4J's ({@code LossMCXENT} on a softmax), as
 * {@link LayerCheck} checks a layer. You implement the {@link Loss} contract (forward: the MEAN loss of
 * (N, K) logits against labels; backward: d(mean loss)/d(logits), (p - onehot) / N) and call one method:
 *
 * <pre>{@code
 * LossCheck.of(MyLoss::new).assertAgrees();
 * }</pre>
 *
 * For each generated case (batch 1..4, classes 2..6, logits N(0, 2^2), or N(1000, 2^2): the first case
 * always, and about half the others, have such large logits, where exp overflows a double unless each row's
 * max is subtracted first; DL4J's loss is finite there) it judges the loss and the gradient against DL4J's
 * ({@link LossJudge}: the same judgement {@link NpyLossCheck} gives a loss's .npy results), then your gradient
 * against central differences of your own forward. The first failing case is shrunk ({@link Shrinker}) and a
 * known mistake that reproduces your numbers is named ({@link Diagnosis}). Everything is drawn from the seed.
 * Not a check of other losses.
 */
public final class LossCheck {

    /** Cases tried by default before declaring agreement. */
    public static final int DEFAULT_CASES = 30;
    /** Where the large cases' logits sit: exp(1000) is infinite in double (the largest finite is about exp(709)). */
    public static final double LARGE = 1000;

    private final Supplier<Loss> yourLoss;
    private final int cases;
    private final long seed;
    private final boolean everyCase;

    private LossCheck(Supplier<Loss> yourLoss, int cases, long seed, boolean everyCase) {
        this.yourLoss = yourLoss;
        this.cases = cases;
        this.seed = seed;
        this.everyCase = everyCase;
    }

    /** A check of the losses {@code yourLoss} makes (a fresh one per case) against DL4J's softmax + MCXENT. */
    public static LossCheck of(Supplier<Loss> yourLoss) {
        return new LossCheck(yourLoss, DEFAULT_CASES, 0, false);
    }

    /** How many generated cases to try (default {@value #DEFAULT_CASES}). */
    public LossCheck cases(int count) {
        if (count < 1) {
            throw new IllegalArgumentException("cases must be at least 1, got " + count);
        }
        return new LossCheck(yourLoss, count, seed, everyCase);
    }

    /** The seed every case and value is drawn from (default 0). */
    public LossCheck seed(long s) {
        return new LossCheck(yourLoss, cases, s, everyCase);
    }

    /** Runs every case even after one fails, so that the result counts the cases passed; see {@link LayerCheck#everyCase()}. */
    public LossCheck everyCase() {
        return new LossCheck(yourLoss, cases, seed, true);
    }

    /**
     * One case: N examples of K classes, logits near 0 or near {@link #LARGE}.
     */
    public record LossCase(int batch, int classes, boolean large) {
        /** E.g. {@code softmax-ce on 2 x 5 logits near 1000 (N x K)}. */
        @Override
        public String toString() {
            return NpyLossCheck.NAME + " on " + batch + " x " + classes + " logits near " + (large ? (int) LARGE : 0) + " (N x K)";
        }
    }

    /**
     * What one case found: the loss and dlogits judged against DL4J, your gradient against central differences
     * of your own forward (on logits near 0), or what your loss threw.
     */
    public record CaseResult(LossCase kase, List<Judge.TensorVerdict> tensors, List<CentralDifference.Worst> gradients,
                             RuntimeException thrown) {
        public boolean agrees() {
            return thrown == null && tensors.size() == LossJudge.TENSORS.size() && tensors.stream().allMatch(
                    Judge.TensorVerdict::agrees) && gradients.stream().allMatch(CentralDifference.Worst::passes);
        }

        /** The key a shrunk case must keep: the first tensor that differs, the gradient check, or what was thrown. */
        public String firstFailure() {
            return CaseReport.firstFailure(thrown, tensors, gradients);
        }

        /** The lines a failure shows: what was thrown and where, each differing tensor, the table, the gradient check. */
        public String describe() {
            StringBuilder sb = new StringBuilder(CaseReport.describe("loss", thrown, tensors, this::axes));
            for (CentralDifference.Worst w : gradients) {
                sb.append(String.format("  your dlogits vs central differences of your own forward (double, 6-point "
                        + "stencil, logits near 0): %s, worst relative error %.2e at %s: yours %.17g, numeric %.17g%n",
                        w.passes() ? "ok" : "DIFFERS", w.relError(), axes(w.tensor()).at(w.index()), w.analytic(),
                        w.numeric()));
            }
            return sb.toString();
        }

        private Axes axes(String tensor) {
            return LossJudge.axes(tensor, kase.batch(), kase.classes());
        }
    }

    /**
     * The outcome, as {@link LayerCheck.Result}'s: agreement on every case run, or the first failing case
     * ({@code found}, number {@code foundAt}) and its smallest shrunk form, with the likely cause.
     */
    public record Result(long seed, int casesRun, int casesPassed, Map<String, Integer> tensorFailures, int foundAt,
                         LossCase found, CaseResult smallest, int shrinkSteps, String hint) implements Verdict {
        @Override
        public boolean agrees() {
            return smallest == null;
        }

        @Override
        public String message() {
            if (agrees()) {
                return String.format("your loss agrees with DL4J's softmax + MCXENT on %d generated cases (seed %d)",
                        casesRun, seed);
            }
            String first = smallest.thrown() == null ? "your loss disagrees with DL4J's softmax + MCXENT: "
                    + smallest.firstFailure() : "your loss threw on DL4J's softmax + MCXENT cases: "
                    + smallest.thrown().getClass().getName() + Optional.ofNullable(CaseReport.where(smallest.thrown()))
                    .map(at -> " at " + at).orElse("");
            return String.format("%s%nsmallest failing case: %s%n  (shrunk in %d steps from generated case %d, seed "
                    + "%d: %s)%n%s%s", first, smallest.kase(), shrinkSteps, foundAt, seed, found, smallest.describe(),
                    hint == null ? "" : "likely cause: " + hint + String.format("%n"));
        }

        @Override
        public String score() {
            return Verdict.score(tensorFailures, casesPassed, casesRun);
        }
    }

    /** Runs the cases (until one fails, unless {@link #everyCase()}), then shrinks the first failure. */
    public Result run() {
        Random rng = new Random(seed);
        int[] minimum = {1, 2, 0};
        Map<String, Integer> failures = new LinkedHashMap<>();
        int passed = 0;
        int run = 0;
        int foundAt = 0;
        int[] failing = null;
        long failingSeed = 0;
        CaseResult first = null;
        for (int i = 1; i <= cases; i++) {
            int[] v = {1 + rng.nextInt(4), 2 + rng.nextInt(5), i == 1 ? 1 : rng.nextInt(2)};
            long valueSeed = rng.nextLong();
            CaseResult r = check(decode(v), valueSeed).result();
            run++;
            for (String tensor : LossJudge.TENSORS) {
                boolean agreed = r.tensors().stream().anyMatch(t -> t.name().equals(tensor) && t.agrees());
                failures.merge(tensor, agreed ? 0 : 1, Integer::sum);
            }
            if (r.agrees()) {
                passed++;
            } else if (first == null) {
                first = r;
                failing = v;
                failingSeed = valueSeed;
                foundAt = i;
                if (!everyCase) {
                    break;
                }
            }
        }
        if (first == null) {
            return new Result(seed, run, passed, failures, 0, null, null, 0, null);
        }
        String key = first.firstFailure();
        long valueSeed = failingSeed;
        Shrinker.Shrunk shrunk = Shrinker.shrink(failing, minimum,
                candidate -> key.equals(check(decode(candidate), valueSeed).result().firstFailure()));
        Checked smallest = check(decode(shrunk.values()), valueSeed);
        String hint = smallest.evidence() == null ? null : Diagnosis.ofLoss(smallest.evidence());
        if (hint == null) {
            Checked found = check(first.kase(), valueSeed);
            hint = found.evidence() == null ? null : Diagnosis.ofLoss(found.evidence());
        }
        return new Result(seed, run, passed, failures, foundAt, first.kase(), smallest.result(), shrunk.steps(), hint);
    }

    /** Passes if every case agrees; otherwise throws an AssertionError with {@link Result#message()}. */
    public void assertAgrees() {
        Result r = run();
        if (!r.agrees()) {
            throw new AssertionError(r.message());
        }
    }

    private static LossCase decode(int[] v) {
        return new LossCase(v[0], v[1], v[2] == 1);
    }

    /** A case's result, and both sides' numbers when your loss ran to the end (for {@link Diagnosis}). */
    private record Checked(CaseResult result, Diagnosis.LossEvidence evidence) {
    }

    private Checked check(LossCase c, long valueSeed) {
        Random rng = new Random(valueSeed);
        int n = c.batch();
        int k = c.classes();
        double[] logits = Values.gaussian(n * k, 2.0, rng);
        if (c.large()) {
            for (int i = 0; i < logits.length; i++) {
                logits[i] += LARGE;
            }
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = rng.nextInt(k);
        }
        LossJudge dl4j = LossJudge.of(logits, labels, n, k);
        double rtol = Judge.rtol(DataType.DOUBLE);

        Loss yours = yourLoss.get();
        if (yours == null) {
            throw new IllegalArgumentException("your supplier returned null for case " + c + "; it must return a new "
                    + "instance of your loss each time it is called (e.g. MyLoss::new)");
        }
        List<Judge.TensorVerdict> tensors = new ArrayList<>();
        double loss;
        try {
            loss = yours.forward(logits.clone(), labels.clone(), n, k);
        } catch (RuntimeException e) {
            return new Checked(new CaseResult(c, tensors, List.of(), e), null);
        }
        tensors.add(dl4j.loss(loss, rtol, 0));
        double[] dlogits;
        try {
            dlogits = yours.backward().clone();
        } catch (RuntimeException e) {
            return new Checked(new CaseResult(c, tensors, List.of(), e), null);
        }
        tensors.add(dl4j.dlogits(dlogits, rtol, 0));
        Diagnosis.LossEvidence evidence = dl4j.evidence(loss, dlogits, rtol, 0);

        // Your gradient against your own forward, on logits near 0 (smooth: the loss has no kinks).
        double[] smooth = Values.gaussian(n * k, 1.0, rng);
        List<CentralDifference.Worst> gradients;
        try {
            yours.forward(smooth, labels.clone(), n, k);
            double[] analytic = yours.backward().clone();
            gradients = List.of(CentralDifference.compare("dlogits", smooth, analytic,
                    () -> yours.forward(smooth, labels.clone(), n, k), () -> new int[0], rng));
        } catch (RuntimeException e) {
            return new Checked(new CaseResult(c, tensors, List.of(), e), evidence);
        }
        return new Checked(new CaseResult(c, tensors, gradients, null), evidence);
    }
}
