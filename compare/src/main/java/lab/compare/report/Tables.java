package lab.compare.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import lab.compare.run.Label;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * What every section of a report shares: results grouped by seed and paired by seed, the cells'
 * formats ("mean ± sd", "mean [lo, hi]"), a study section's heading, and the table of runs that did not
 * finish. It reads results only; which results a section wants is the section's business.
 */
public final class Tables {

    private Tables() {
    }

    /** Accuracies (percent) by seed of the finished runs that pass {@code which}; a later seed's run wins. */
    public static Map<Long, Double> bySeed(List<RunResult> rs, Predicate<RunResult> which) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (RunResult r : rs) {
            if (r.completed() && which.test(r)) {
                out.put(r.spec().seed(), 100 * r.testAccuracy());
            }
        }
        return out;
    }

    /** Paired differences a[seed] - b[seed] over the seeds both have. */
    public static List<Double> paired(Map<Long, Double> a, Map<Long, Double> b) {
        List<Double> d = new ArrayList<>();
        for (Map.Entry<Long, Double> e : a.entrySet()) {
            if (b.containsKey(e.getKey())) {
                d.add(e.getValue() - b.get(e.getKey()));
            }
        }
        return d;
    }

    /** The values of {@code key} over {@code rs}, each once, in order of first appearance. */
    public static <T> List<T> distinct(List<RunResult> rs, Function<RunResult, T> key) {
        List<T> out = new ArrayList<>();
        for (RunResult r : rs) {
            if (!out.contains(key.apply(r))) {
                out.add(key.apply(r));
            }
        }
        return out;
    }

    /** "mean ± sd", "value (one seed)" (one value has no spread: not "± 0.00"), or "-" for none. */
    public static String pm(Collection<Double> xs) {
        if (xs.isEmpty()) {
            return "-";
        }
        List<Double> l = new ArrayList<>(xs);
        return l.size() == 1 ? String.format("%.2f (one seed)", l.get(0))
                : String.format("%.2f ± %.2f", Stats.mean(l), Stats.sd(l));
    }

    /**
     * What a reading from one seed says instead of a verdict on noise: that there is no interval, and how
     * to get one. Every section says it in these words, and never "beyond" or "within" seed noise.
     */
    public static final String NO_INTERVAL = "with one seed there is no interval: run with --seeds 3 or more to "
            + "tell this from seed noise";

    /** {@link #NO_INTERVAL} as a sentence of its own. */
    public static String noIntervalSentence() {
        return "W" + NO_INTERVAL.substring(1) + ".";
    }

    /** How many seeds the finished runs {@code rs} hold: what a plot of their means can say of its intervals. */
    public static long seeds(List<RunResult> rs) {
        return rs.stream().filter(RunResult::completed).map(r -> r.spec().seed()).distinct().count();
    }

    /** "mean [lo, hi]" with its 95% interval, "mean (one seed)", or "-" for none. */
    public static String withCi(Collection<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> xs = new ArrayList<>(values);
        double ci = Stats.ci95(xs);
        double m = Stats.mean(xs);
        return Double.isNaN(ci) ? String.format("%.2f (one seed)", m)
                : String.format("%.2f [%.2f, %.2f]", m, m - ci, m + ci);
    }

    /**
     * {@link #withCi} of a study's cell, saying "(k of n seeds)" after it when fewer than the {@code seeds}
     * the section planned went in (a run that failed, diverged or is missing), so a short cell never looks
     * like a finding; an empty cell stays "-".
     */
    public static String withCi(Collection<Double> values, int seeds) {
        String cell = withCi(values);
        return values.isEmpty() || values.size() >= seeds ? cell
                : cell + String.format(" (%d of %d seeds)", values.size(), seeds);
    }

    /** A seeds column's cell: "3", or "2 of 3" when fewer than planned went in. */
    public static String seedsCell(int done, int planned) {
        return done == planned ? Integer.toString(planned) : done + " of " + planned;
    }

    /**
     * A bar chart's series: the mean and 95% half-width of each list of values (a NaN mean, no bar, for an
     * empty one; a NaN half-width, no error bar, under two values: {@link Stats#ci95}).
     */
    public static Plots.Bars bars(List<List<Double>> groups) {
        Plots.Bars out = new Plots.Bars(new double[groups.size()], new double[groups.size()]);
        for (int i = 0; i < groups.size(); i++) {
            List<Double> xs = groups.get(i);
            out.means()[i] = xs.isEmpty() ? Double.NaN : Stats.mean(xs);
            out.halfWidths()[i] = Stats.ci95(xs);
        }
        return out;
    }

    /**
     * Point i of a plotted line: at {@code x}, the mean accuracy and its 95% half-width ({@link Stats#ci95}:
     * NaN under two seeds, no interval, so {@link Plots} draws no error bar).
     */
    public static void point(Plots.Points line, int i, double x, Collection<Double> accuracies) {
        List<Double> v = new ArrayList<>(accuracies);
        line.x()[i] = x;
        line.y()[i] = v.isEmpty() ? Double.NaN : Stats.mean(v);
        line.err()[i] = Stats.ci95(v);
    }

    /**
     * A study section's heading: its title, its text, how many runs and seeds it reads, and (when fewer
     * than {@code planned}) that a cell over fewer seeds says how many went in.
     */
    public static String header(String title, String text, List<RunResult> mine, int planned) {
        int seeds = distinct(mine, r -> r.spec().seed()).size();
        if (seeds == 1) { // no interval anywhere below: say so once, here
            return "## " + title + "\n\n" + text + String.format(" %d runs, 1 seed%s; accuracies are test accuracy "
                    + "in percent on that seed. %s%n%n", mine.size(), planned > 1
                    ? String.format(" (%d planned)", planned) : "", noIntervalSentence());
        }
        return "## " + title + "\n\n" + text + String.format(" %d runs, %d seeds; accuracies are test accuracy "
                + "in percent, mean [95%% interval] over seeds%s.%n%n", mine.size(), seeds, seeds < planned
                ? String.format(" (%d planned: a cell over fewer says how many went in)", planned)
                : "; a cell over fewer seeds says how many went in");
    }

    /** "1 epoch" or "n epochs". */
    public static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    /** "seed 0" or "seeds 0, 1, 3". */
    public static String seedList(List<Long> seeds) {
        return (seeds.size() == 1 ? "seed " : "seeds ") + seeds.stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
    }

    /** The scramble a run's pixels went through, as written in its spec, or "none" for standard pixels. */
    public static String scramble(RunSpec s) {
        return s.permuted() ? s.scrambleRule().toString() : "none";
    }

    /** A file-name-safe form of a data set name: optdigits:../x/data -> optdigits-x-data. */
    public static String slug(String data) {
        return data.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    /** The table of every run that did not finish (any study), each named by its {@link Label#RUN}, or nothing if all did. */
    public static String unfinishedRuns(List<RunResult> all) {
        return unfinishedRuns(all, Label.RUN::of);
    }

    /** The same, each run named by {@code name} (a sweep's: the value of every setting that varies, and the seed). */
    public static String unfinishedRuns(List<RunResult> all, Function<RunSpec, String> name) {
        List<RunResult> bad = all.stream().filter(r -> !r.completed()).toList();
        if (bad.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder(String.format("## Runs that did not finish%n%n%d run(s) stopped before "
                + "the end; they are left out of every mean and counted per cell below. Their history is in "
                + "results.jsonl.%n%n| run | status | epoch | step | loss | rule |%n|---|---|---:|---:|---:|---|%n",
                bad.size()));
        for (RunResult r : bad) {
            RunSpec s = r.spec();
            RunResult.Stop stop = r.stop();
            sb.append(String.format("| %s | %s | %s | %s | %s | %s |%n", name.apply(s), r.status(),
                    stop == null ? "-" : Integer.toString(stop.epoch()), stop == null ? "-" : Integer.toString(stop.step()),
                    stop == null ? "-" : String.format("%.4g", stop.loss()),
                    stop != null ? stop.rule() : r.error() == null ? "-" : r.error().replace("|", "/")));
        }
        return sb.append('\n').toString();
    }
}
