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
     * stack's own settings (dtype, threads, kernels) set to one value, its seed to 0, and a permutation seed
     * as its offset from the seed; so every other setting, a new one too, is part of the cell.
     */
    private record Cell(RunSpec spec) {

        static Cell of(RunSpec s) {
            return new Cell(s.toBuilder().stack(Stack.REFERENCE).dtype(DType.DOUBLE).threads(1).kernels(Loops.FAST)
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
     * "**Stacks.**" and whether every cell that more than one stack finished has the same test accuracy on
     * each of them, seed by seed; else how many cells differ and the largest mean difference; and the cells
     * only one stack finished. Then, as a number, how far apart their recorded loss curves came
     * ({@link #lossAgreement}). A stack that ran but finished nothing is named.
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
        String names = stacks.stream().map(Stack::toString).collect(Collectors.joining(" and "));
        String aloneText = alone == 0 ? "" : String.format(" %d cell(s) have no seed finished on two stacks, so are "
                + "not compared.", alone);
        if (compared == 0) {
            return "**Stacks.** " + names + " ran, but no cell has a seed finished on two of them: nothing to compare yet.";
        }
        String losses = lossAgreement(all).words();
        if (differing.isEmpty()) {
            return String.format("**Stacks.** %s identical in all %d cells compared (%d seed pairs, every test "
                    + "accuracy equal to the last digit).%s%s", names, compared, pairs, losses, aloneText);
        }
        return String.format("**Stacks.** %s differ in %d of %d cells compared (%d seed pairs); the largest mean "
                + "difference is %.2f points (%s).%s%s", names, differing.size(), compared, pairs, worst, worstCell,
                losses, aloneText);
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
