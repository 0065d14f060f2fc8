package lab.compare.report;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import lab.compare.run.DType;
import lab.compare.run.Label;
import lab.compare.run.Loops;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;

/**
 * The lines every report's summary ends with, from its results alone: whether the stacks agreed; what ran
 * (data sets, models with parameter counts, seeds, training, stacks, runs by status); and how long it took,
 * with the commit that wrote the report. The finding itself, claim, figure and reading, is each study's.
 */
public final class Summary {

    /** The system property {@code ./lab} sets to the project's commit (with "-modified" for local changes). */
    public static final String COMMIT_PROPERTY = "lab.commit";

    private Summary() {
    }

    /**
     * The settings two stacks' runs must share to be compared, seed aside: the spec with its stack and the
     * stack's own settings (threads, kernels) set to one value, its seed to 0, and a permutation seed as its
     * offset from the seed; so every other setting, a new one too, is part of the cell. The precision is the
     * cell's, not a stack's: both stacks compute in either, and a float run pairs with a float run.
     */
    private record Cell(RunSpec spec) {

        static Cell of(RunSpec s) {
            return new Cell(s.toBuilder().stack(Stack.REFERENCE).threads(1).kernels(Loops.FAST)
                    .seed(0).permuteSeed(s.permuteSeed() == null ? null : s.permuteSeed() - s.seed()).build());
        }

        /** The cell in words ({@link Label#CELL}): its study (but the control), data, model, pixels, lr, training size. */
        @Override
        public String toString() {
            return Label.CELL.of(spec);
        }
    }

    /** The summary's closing paragraphs: {@link #stacks}, {@link #whatRan}, {@link #timeAndCommit}, those not empty. */
    public static String closingLines(List<RunResult> all) {
        StringBuilder md = new StringBuilder();
        for (String line : List.of(stacks(all), whatRan(all), timeAndCommit(all))) {
            if (!line.isEmpty()) {
                md.append(line).append("\n\n");
            }
        }
        return md.toString();
    }

    /**
     * "**Stacks.**" and how the stacks' test accuracies compare, seed by seed, over the cells more than one
     * stack finished, and the cells only one stack finished; then, as a number, how far apart their recorded
     * loss curves came ({@link #lossAgreement}). In double the stacks are expected to agree to the last digit,
     * so it says whether every cell is identical, or how many differ and the largest mean difference. In float
     * each stack rounds in its own order, so equal accuracies cannot be expected: it says how close they came
     * (the largest difference of a seed pair), never "identical". A folder of both precisions gets both, each
     * over its own cells. A stack that ran but finished nothing is named.
     */
    public static String stacks(List<RunResult> all) {
        List<RunResult> done = all.stream().filter(RunResult::completed).toList();
        List<Stack> ran = Tables.distinct(all, r -> r.spec().stack());
        List<Stack> stacks = Tables.distinct(done, r -> r.spec().stack());
        if (ran.size() < 2) {
            return ran.isEmpty() ? "" : "**Stacks.** Only " + ran.get(0) + " ran: there is no second stack "
                    + "to agree with (`--stacks reference,dl4j` runs both).";
        }
        List<Stack> idle = ran.stream().filter(st -> !stacks.contains(st)).toList();
        if (stacks.size() < 2) {
            return "**Stacks.** " + idle.stream().map(Stack::toString).collect(Collectors.joining(" and "))
                    + " ran but finished no run: nothing to compare" + (stacks.isEmpty() ? "." : " with " + stacks.get(0) + ".");
        }
        String names = stacks.stream().map(Stack::toString).collect(Collectors.joining(" and "));
        Map<DType, List<RunResult>> byPrecision = new LinkedHashMap<>();
        all.forEach(r -> byPrecision.computeIfAbsent(r.spec().dtype(), k -> new ArrayList<>()).add(r));
        Map<DType, Comparison> comparisons = new LinkedHashMap<>();
        byPrecision.forEach((dtype, its) -> comparisons.put(dtype,
                Comparison.of(its.stream().filter(RunResult::completed).toList())));
        if (comparisons.values().stream().allMatch(c -> c.compared() == 0)) {
            return "**Stacks.** " + names + " ran, but no cell has a seed finished on two of them: nothing to compare yet.";
        }
        // a precision none of whose runs finished (every float run failed, say) has nothing to say
        comparisons.values().removeIf(c -> c.compared() == 0 && c.alone() == 0);
        List<String> parts = new ArrayList<>();
        boolean both = comparisons.size() > 1;
        comparisons.forEach((dtype, c) -> parts.add(c.compared() == 0 ? "In " + dtype + "," + c.aloneWords()
                : (both && dtype == DType.DOUBLE ? "In double, " : "")
                        + (dtype == DType.FLOAT ? c.inFloat(names) : c.inDouble(names))
                        + lossAgreement(byPrecision.get(dtype)).words() + c.aloneWords()));
        return "**Stacks.** " + String.join(" ", parts);
    }

    /**
     * The stacks' finished runs of one precision, paired cell by cell and seed by seed against the first
     * stack's run.
     *
     * @param compared  cells with at least one seed finished on two stacks
     * @param alone     cells with none
     * @param pairs     the seed pairs compared
     * @param differing the cells where a pair's accuracies differ, in words
     * @param worstMean the largest mean difference over a differing cell's pairs, in points, and its cell
     * @param worstPair the largest difference of one pair, in points, and its cell and seed
     */
    private record Comparison(int compared, int alone, int pairs, List<String> differing, double worstMean,
                              String worstMeanCell, double worstPair, String worstPairWhere) {

        static Comparison of(List<RunResult> done) {
            Map<Cell, Map<Stack, Map<Long, Double>>> cells = new LinkedHashMap<>();
            for (RunResult r : done) {
                cells.computeIfAbsent(Cell.of(r.spec()), k -> new LinkedHashMap<>())
                        .computeIfAbsent(r.spec().stack(), k -> new LinkedHashMap<>())
                        .put(r.spec().seed(), 100 * r.testAccuracy());
            }
            int compared = 0;
            int alone = 0;
            int pairs = 0;
            List<String> differing = new ArrayList<>();
            double worst = 0;
            String worstCell = null;
            double worstPair = 0;
            String worstPairWhere = null;
            for (Map.Entry<Cell, Map<Stack, Map<Long, Double>>> e : cells.entrySet()) {
                Map<Stack, Map<Long, Double>> byStack = e.getValue();
                Map<Long, Double> first = byStack.values().iterator().next();
                boolean same = true;
                boolean anyPair = false;
                for (Map<Long, Double> other : byStack.values()) {
                    if (other == first) {
                        continue;
                    }
                    List<Double> diff = Tables.paired(other, first);
                    pairs += diff.size();
                    anyPair |= !diff.isEmpty();
                    if (diff.stream().anyMatch(d -> d != 0)) {
                        same = false;
                        double mean = Math.abs(Stats.mean(diff));
                        if (worstCell == null || mean > worst) {
                            worst = mean;
                            worstCell = e.getKey().toString();
                        }
                    }
                    for (Map.Entry<Long, Double> seed : other.entrySet()) {
                        Double mine = first.get(seed.getKey());
                        if (mine != null && Math.abs(seed.getValue() - mine) > worstPair) {
                            worstPair = Math.abs(seed.getValue() - mine);
                            worstPairWhere = e.getKey() + ", seed " + seed.getKey();
                        }
                    }
                }
                if (!anyPair) {
                    alone++;
                } else {
                    compared++;
                    if (!same) {
                        differing.add(e.getKey().toString());
                    }
                }
            }
            return new Comparison(compared, alone, pairs, differing, worst, worstCell, worstPair, worstPairWhere);
        }

        /** Double's words: identical in every cell, or how many differ and the largest mean difference. */
        String inDouble(String names) {
            if (differing.isEmpty()) {
                return String.format("%s identical in all %d cells compared (%d seed pairs, every test accuracy "
                        + "equal to the last digit).", names, compared, pairs);
            }
            return String.format("%s differ in %d of %d cells compared (%d seed pairs); the largest mean difference "
                    + "is %.2f points (%s).", names, differing.size(), compared, pairs, worstMean, worstMeanCell);
        }

        /**
         * Float's words: close, with the largest difference of a seed pair, since two float stacks that sum in
         * different orders part by rounding; equal accuracies, if they happen, are said to be by chance.
         */
        String inFloat(String names) {
            String head = String.format("%s, both in float, close in all %d cells compared (%d seed pairs): ", names,
                    compared, pairs);
            if (differing.isEmpty()) {
                return head + "the largest test-accuracy difference is 0.00 points (every accuracy equal to the last "
                        + "digit, which float runs need not be).";
            }
            return head + String.format("test accuracies differ in %d of them, by at most %.2f points (%s), as "
                    + "float runs may: each stack rounds in its own order.", differing.size(), worstPair,
                    worstPairWhere);
        }

        /** " N cell(s) have no seed finished on two stacks, so are not compared.", or "". */
        String aloneWords() {
            return alone == 0 ? "" : String.format(" %d cell(s) have no seed finished on two stacks, so are not "
                    + "compared.", alone);
        }
    }

    /**
     * How far apart two stacks' recorded loss curves came: the largest absolute difference at any point, over
     * every pair of runs that differ only in their stack (and its own settings).
     *
     * @param largest  the largest difference; 0 if no pair was compared
     * @param pairs    the pairs compared (those with a point both runs reached)
     * @param diverged of those, the pairs that stopped early on both stacks, compared up to their stop
     * @param where    the cell and seed of the largest difference; null if every difference was 0
     */
    public record LossAgreement(double largest, int pairs, int diverged, String where) {

        /** " Recorded loss curves: at most 4.4e-16 apart over 12 run pairs (largest at ...).", or "" with no pair. */
        String words() {
            if (pairs == 0) {
                return "";
            }
            return String.format(" Recorded loss curves: at most %s apart over %d run pairs%s%s.",
                    largest == 0 ? "0" : String.format("%.2g", largest), pairs,
                    diverged == 0 ? "" : String.format(" (%d diverged on both stacks, compared up to the stop)", diverged),
                    where == null ? "" : " (largest at " + where + ")");
        }
    }

    /** A run's twins on other stacks share its cell and seed. */
    private record Twin(Cell cell, long seed) {

        @Override
        public String toString() {
            return cell + ", seed " + seed;
        }
    }

    /**
     * The stacks' recorded loss curves compared ({@link LossAgreement}): runs that finished or diverged, each
     * against the first stack's run of the same cell and seed, at the points both reached (a slice no step
     * fell in is NaN). DL4J records the exact loss from its logits, as the reference does, so a difference
     * here is one of training, not of DL4J's clipped score. Results written before runs kept a curve are
     * left out.
     */
    public static LossAgreement lossAgreement(List<RunResult> all) {
        Map<Twin, Map<Stack, RunResult>> twins = new LinkedHashMap<>();
        for (RunResult r : all) {
            if (r.settled() && r.lossCurve() != null) {
                twins.computeIfAbsent(new Twin(Cell.of(r.spec()), r.spec().seed()), k -> new LinkedHashMap<>())
                        .putIfAbsent(r.spec().stack(), r);
            }
        }
        double largest = 0;
        Twin where = null;
        int pairs = 0;
        int diverged = 0;
        for (Map.Entry<Twin, Map<Stack, RunResult>> e : twins.entrySet()) {
            RunResult first = e.getValue().values().iterator().next();
            for (RunResult other : e.getValue().values()) {
                if (other == first) {
                    continue;
                }
                double[] a = first.lossCurve();
                double[] b = other.lossCurve();
                boolean compared = false;
                for (int i = 0; i < Math.min(a.length, b.length); i++) {
                    if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                        continue; // a slice one of the runs never reached
                    }
                    compared = true;
                    double d = Math.abs(a[i] - b[i]);
                    if (d > largest) {
                        largest = d;
                        where = e.getKey();
                    }
                }
                if (compared) {
                    pairs++;
                    diverged += !first.completed() && !other.completed() ? 1 : 0;
                }
            }
        }
        return new LossAgreement(largest, pairs, diverged, where == null ? null : where.toString());
    }

    /**
     * "**What ran.**": the data sets with their split sizes, the models with their parameter counts (per data
     * set where they differ), seeds, training, stacks, runs by status, the time from the first run's start to
     * and the runs by status ({@link #timeAndCommit} says how long they took).
     */
    public static String whatRan(List<RunResult> all) {
        if (all.isEmpty()) {
            return "";
        }
        List<RunResult> settled = all.stream().filter(RunResult::settled).toList();
        List<String> datas = Tables.distinct(all, r -> r.spec().data());
        List<String> dataWords = new ArrayList<>();
        for (String data : datas) {
            List<RunResult> its = settled.stream().filter(r -> r.spec().data().equals(data)).toList();
            if (its.isEmpty()) {
                dataWords.add(data);
                continue;
            }
            int least = its.stream().mapToInt(RunResult::trainSize).min().orElseThrow();
            int most = its.stream().mapToInt(RunResult::trainSize).max().orElseThrow();
            dataWords.add(String.format("%s (%s train / %,d test images)", data, least == most
                    ? String.format("%,d", most) : String.format("%,d to %,d", least, most), its.get(0).testSize()));
        }
        List<String> modelWords = new ArrayList<>();
        for (String arch : Tables.distinct(all, r -> r.spec().arch())) {
            List<String> counts = new ArrayList<>();
            for (String data : datas) {
                settled.stream().filter(r -> r.spec().arch().equals(arch) && r.spec().data().equals(data)).findFirst()
                        .ifPresent(r -> counts.add(String.format(counts.isEmpty() ? "%,d parameters" : "%,d",
                                r.parameters()) + (datas.size() > 1 ? " on " + data : "")));
            }
            modelWords.add(arch + (counts.isEmpty() ? "" : " (" + String.join(", ", counts) + ")"));
        }
        List<Long> seeds = Tables.distinct(all, r -> r.spec().seed());
        List<String> training = new ArrayList<>();
        for (String data : datas) {
            List<String> t = Tables.distinct(all.stream().filter(r -> r.spec().data().equals(data)).toList(),
                    r -> String.format("%s lr %s batch %d, %s", r.spec().optimizer(), r.spec().lr(), r.spec().batch(),
                            Tables.epochs(r.spec().epochs())));
            training.add(String.join("; ", t) + (datas.size() > 1 ? " on " + data : ""));
        }
        long ok = all.stream().filter(RunResult::completed).count();
        long diverged = all.stream().filter(r -> r.status() == RunResult.Status.DIVERGED).count();
        long failed = all.size() - ok - diverged;
        return String.format("**What ran.** Data: %s. Models: %s. %d seed(s). Training: %s. Stacks: %s. %d runs: %d "
                + "finished, %d diverged, %d failed.",
                String.join(", ", dataWords), String.join(", ", modelWords), seeds.size(), String.join("; ", training),
                Tables.distinct(all, r -> r.spec().stack()).stream().map(Stack::toString).collect(Collectors.joining(", ")),
                all.size(), ok, diverged, failed);
    }

    /**
     * "**Time.**": how long the runs took, and the commit that wrote the report: the summary's last line,
     * the one part of a report that is not a function of the results' settings alone (a rerun, another
     * worker count or another machine takes another time), kept on a line of its own.
     */
    public static String timeAndCommit(List<RunResult> all) {
        return all.isEmpty() ? "" : "**Time.** " + time(all) + " Report written by commit " + commit() + ".";
    }

    /** The time from the first run's start to the last one's end, and the training time of all runs. */
    static String time(List<RunResult> all) {
        Instant first = null;
        Instant last = null;
        double training = 0;
        for (RunResult r : all) {
            training += r.seconds();
            Instant end = instant(r.finished());
            if (end == null) {
                continue;
            }
            Instant start = end.minusMillis(Math.round(1000 * r.seconds()));
            first = first == null || start.isBefore(first) ? start : first;
            last = last == null || end.isAfter(last) ? end : last;
        }
        String sum = duration(training) + " of training summed over runs";
        return first == null ? sum + "." : String.format("%s from the first run's start to the last one's end "
                + "(including any pause before a resume); %s.", duration(
                        Duration.between(first, last).toMillis() / 1000.0), sum);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** "42 s", "3 min 05 s", "2 h 07 min". */
    public static String duration(double seconds) {
        long s = Math.round(seconds);
        return s < 60 ? s + " s" : s < 3600 ? String.format("%d min %02d s", s / 60, s % 60)
                : String.format("%d h %02d min", s / 3600, s % 3600 / 60);
    }

    /** The commit {@code ./lab} was started from, or a word on why it is not known. */
    public static String commit() {
        return Objects.requireNonNullElse(System.getProperty(COMMIT_PROPERTY),
                "not known (not started by ./lab from a git checkout)");
    }
}
