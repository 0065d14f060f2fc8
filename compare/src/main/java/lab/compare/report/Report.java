package lab.compare.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.study.Studies;
import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Dataset;

/**
 * The report of an experiment folder, written from results.jsonl alone (so it can be rebuilt at any
 * time, and no number in it is typed): report.md, a self-contained report.html (pictures inlined),
 * results.csv, and the PNG pictures. Per data set: parameter counts, then per stack and model the mean
 * +- sd accuracy on standard and permuted pixels, the paired drop with its 95% interval, and the
 * difference of drops (cnn minus mlp, paired by seed) with its interval; then the two stacks side by side,
 * paired by seed. Runs that did not finish are listed in their own table and never averaged; every cell
 * says how many seeds it holds, and cells short of the plan or of another stack's are flagged and listed.
 */
public final class Report {

    private Report() {
    }

    /** Accuracies (percent) by seed, for one data set, stack, model and condition. */
    private static Map<Long, Double> cell(List<RunResult> rs, String data, Stack stack, String model, boolean permuted) {
        Map<Long, Double> bySeed = new LinkedHashMap<>();
        for (RunResult r : rs) {
            RunSpec s = r.spec();
            if (s.data().equals(data) && s.stack() == stack && s.arch().equals(model)
                    && s.permuted() == permuted && r.completed()) {
                bySeed.put(s.seed(), 100 * r.testAccuracy());
            }
        }
        return bySeed;
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

    /** "mean ± sd", or "-" for none. */
    public static String pm(java.util.Collection<Double> xs) {
        if (xs.isEmpty()) {
            return "-";
        }
        List<Double> l = new ArrayList<>(xs);
        return String.format("%.2f ± %.2f", Stats.mean(l), Stats.sd(l));
    }

    /** "mean [lo, hi]" with its 95% interval, "mean (one seed)", or "-" for none. */
    public static String withCi(java.util.Collection<Double> values) {
        if (values.isEmpty()) {
            return "-";
        }
        List<Double> xs = new ArrayList<>(values);
        double ci = Stats.ci95(xs);
        double m = Stats.mean(xs);
        return Double.isNaN(ci) ? String.format("%.2f (one seed)", m)
                : String.format("%.2f [%.2f, %.2f]", m, m - ci, m + ci);
    }

    /** Writes every output file into {@code dir}, the plan taken to be the seeds the results hold. */
    public static String write(Path dir, List<RunResult> all, String title) {
        return write(dir, all, List.of(), title);
    }

    /**
     * Writes every output file into {@code dir}; returns the Markdown. {@code planned} are the jobs the
     * plan asked for (may be empty): a cell is complete when it holds every seed the plan or the results
     * name for its data set.
     */
    public static String write(Path dir, List<RunResult> all, List<RunSpec> planned, String title) {
        // The control's tables read the control's runs; each study writes its own section (Studies).
        List<RunResult> rs = all.stream().filter(r -> r.spec().study() == Study.CONTROL).toList();
        List<String> datas = distinct(rs, r -> r.spec().data());
        List<Stack> stacks = distinct(rs, r -> r.spec().stack());
        StringBuilder md = new StringBuilder("# " + title + "\n\n");
        md.append(rs.isEmpty() ? "" : String.format("%d runs, from `results.jsonl` in this folder; rebuilt by the same command. "
                + "Accuracies are test accuracy in percent, mean ± sd over seeds; each seed has its own initial "
                + "weights, batch order and pixel permutation, shared by the two stacks and both models. Drops "
                + "are paired by seed; intervals are 95%% Student-t intervals of the mean.%n%n", rs.size()));
        md.append(unfinishedRuns(all));
        Map<String, String> pictures = new LinkedHashMap<>();
        Map<String, Double> gaps = new LinkedHashMap<>(); // data -> mean difference of drops
        for (String data : datas) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)).toList();
            List<String> models = distinct(mine, r -> r.spec().arch());
            models.sort(java.util.Comparator.comparing(Report::convolutional)); // dense first, whatever the file order
            RunResult any = mine.get(0);
            List<Long> expected = expectedSeeds(mine, planned, data);
            md.append("## ").append(data).append("\n\n").append("Split: ").append(any.split()).append(". ")
                    .append(String.format("%s, lr %s, batch %d, %d epochs.%n%n", any.spec().optimizer(),
                            any.spec().lr(), any.spec().batch(), any.spec().epochs()).replace(" 1 epochs.", " 1 epoch."));
            md.append("| model | parameters |\n|---|---:|\n");
            for (String model : models) {
                mine.stream().filter(r -> r.spec().arch().equals(model)).findFirst().ifPresent(r ->
                        md.append(String.format("| %s | %,d |%n", model, r.parameters())));
            }
            md.append("\n| stack | model | seeds | standard % | permuted % | drop (points) [95% CI] |\n")
                    .append("|---|---|---:|---|---|---|\n");
            List<String> groups = new ArrayList<>();
            List<Double> sMean = new ArrayList<>();
            List<Double> sCi = new ArrayList<>();
            List<Double> pMean = new ArrayList<>();
            List<Double> pCi = new ArrayList<>();
            List<String> incomplete = new ArrayList<>();
            for (Stack stack : stacks) {
                for (String model : models) {
                    Map<Long, Double> s = cell(rs, data, stack, model, false);
                    Map<Long, Double> p = cell(rs, data, stack, model, true);
                    if (s.isEmpty() && p.isEmpty()) {
                        continue;
                    }
                    boolean flagged = false;
                    for (boolean permuted : new boolean[] {false, true}) {
                        String row = incompleteRow(mine, stacks, stack, model, permuted, expected);
                        if (row != null) {
                            incomplete.add(row);
                            flagged = true;
                        }
                    }
                    String seeds = (s.size() == p.size() ? Integer.toString(s.size()) : s.size() + " / " + p.size())
                            + (flagged ? " (!)" : "");
                    md.append(String.format("| %s | %s | %s | %s | %s | %s |%n", stack, model, seeds,
                            pm(s.values()), pm(p.values()), withCi(paired(s, p))));
                    groups.add(model + " / " + stack);
                    sMean.add(s.isEmpty() ? 0 : Stats.mean(new ArrayList<>(s.values())));
                    pMean.add(p.isEmpty() ? 0 : Stats.mean(new ArrayList<>(p.values())));
                    sCi.add(zeroIfNaN(Stats.ci95(new ArrayList<>(s.values()))));
                    pCi.add(zeroIfNaN(Stats.ci95(new ArrayList<>(p.values()))));
                }
            }
            if (!incomplete.isEmpty()) {
                md.append(String.format("%n(!) Incomplete cells: the plan has %d seed(s) (%s) per cell; these cells "
                        + "averaged fewer, or other seeds than the same cell of another stack. Means are over the seeds "
                        + "listed as averaged; drops and stack differences pair by seed.%n%n| stack | model | pixels "
                        + "| seeds averaged | did not finish | missing | other stacks' seeds |%n|---|---|---|---|---|---|---|%n",
                        expected.size(), seedList(expected)));
                incomplete.forEach(md::append);
            }
            if (models.size() == 2) {
                String dense = models.get(0);
                String conv = models.get(1);
                md.append(String.format("%nThe measurement: how much more %s loses than %s when locality is destroyed "
                        + "(drop of %s minus drop of %s, paired by seed):%n%n| stack | difference of drops (points) "
                        + "[95%% CI] |%n|---|---|%n", conv, dense, conv, dense));
                for (Stack stack : stacks) {
                    List<Double> diff = dropDifference(rs, data, stack, dense, conv);
                    md.append(String.format("| %s | %s |%n", stack, withCi(diff)));
                }
                List<Double> diff = dropDifference(rs, data, stacks.get(0), dense, conv);
                if (diff.size() >= 2) {
                    double m = Stats.mean(diff);
                    double ci = Stats.ci95(diff);
                    md.append(String.format("%nReading (%s stack): %s lost %.2f points more than %s; the 95%% interval "
                            + "%s 0, so %s.%n", stacks.get(0), conv, m, dense, m - ci > 0 || m + ci < 0 ? "excludes"
                            : "includes", m - ci > 0 ? "the locality prior measurably helped on standard pixels"
                            : m + ci < 0 ? "here " + conv + " lost measurably LESS than " + dense
                            : "these seeds do not show a gap larger than seed-to-seed noise"));
                    gaps.put(data, m);
                }
            }
            if (stacks.size() > 1) {
                md.append("\nBoth stacks side by side (mean accuracy %, paired by seed: over the seeds every stack "
                        + "finished):\n\n| model | pixels | seeds | " + String.join(" | ", stacks.stream().map(Stack::toString).toList())
                        + " | difference |\n"
                        + "|---|---|---:|" + "---|".repeat(stacks.size()) + "---|\n");
                for (String model : models) {
                    for (boolean permuted : new boolean[] {false, true}) {
                        List<Map<Long, Double>> byStack = new ArrayList<>();
                        for (Stack stack : stacks) {
                            byStack.add(cell(rs, data, stack, model, permuted));
                        }
                        List<Long> common = new ArrayList<>(byStack.get(0).keySet());
                        byStack.forEach(c -> common.retainAll(c.keySet()));
                        boolean short_ = byStack.stream().anyMatch(c -> c.size() != common.size())
                                || common.size() != expected.size();
                        List<String> cells = new ArrayList<>();
                        for (Map<Long, Double> c : byStack) {
                            cells.add(common.isEmpty() ? "-" : String.format("%.2f",
                                    Stats.mean(common.stream().map(c::get).toList())));
                        }
                        String difference = common.isEmpty() ? "- (no seed finished on every stack)"
                                : String.format("%.2f", Stats.mean(common.stream()
                                        .map(seed -> byStack.get(1).get(seed) - byStack.get(0).get(seed)).toList()));
                        md.append(String.format("| %s | %s | %s | %s | %s |%n", model, permuted ? "permuted" : "standard",
                                common.size() + (short_ ? " (!)" : ""), String.join(" | ", cells), difference));
                    }
                }
            }
            String acc = "accuracy-" + slug(data) + ".png";
            Plots.accuracy(dir.resolve(acc), data + ": test accuracy, mean and 95% CI", groups, sMean, sCi, pMean, pCi);
            pictures.put(acc, data + ": accuracy on standard and permuted pixels");
            String curves = "curves-" + slug(data) + ".png";
            Plots.curves(dir.resolve(curves), data + ": learning curves (mean over seeds, " + stacks.get(0) + ")",
                    curves(mine, stacks.get(0), models));
            pictures.put(curves, data + ": learning curves");
            String digits = "permutation-" + slug(data) + ".png";
            digitsBeforeAfter(dir.resolve(digits), data);
            pictures.put(digits, data + ": eight digits (top) and the same digits with seed 0's permutation (bottom)");
            String kernels = "kernels-" + slug(data) + ".png";
            if (kernels(dir.resolve(kernels), mine)) {
                pictures.put(kernels, data + ": the CNN's first-layer kernels after training (seed 0, reference "
                        + "stack): standard pixels (top), permuted (bottom)");
            }
            md.append("\n");
            for (Map.Entry<String, String> p : pictures.entrySet()) {
                if (p.getKey().endsWith("-" + slug(data) + ".png")) {
                    md.append("![").append(p.getValue()).append("](").append(p.getKey()).append(")\n\n");
                }
            }
        }
        if (gaps.containsKey("digits8") && gaps.containsKey("mnist10k")) {
            boolean expected = gaps.get("mnist10k") > gaps.get("digits8");
            md.append(String.format("## The expected picture%n%nExpected: a modest gap on pre-pooled 8x8 digits, a "
                    + "large one on raw 28x28 pixels. Observed: %.2f points on digits8, %.2f on mnist10k: %s.%n",
                    gaps.get("digits8"), gaps.get("mnist10k"), expected ? "as expected"
                    : "NOT as expected (the 28x28 gap is not the larger)"));
        }
        md.append(Studies.sections(dir, all));
        try {
            Files.writeString(dir.resolve("report.md"), md.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.csv"), csv(all), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html(dir, md.toString()), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
        return md.toString();
    }

    /**
     * The seeds every cell of {@code data} should hold: those the plan names for it, and those any of its
     * results (finished or not) names, in increasing order.
     */
    public static List<Long> expectedSeeds(List<RunResult> results, List<RunSpec> planned, String data) {
        java.util.TreeSet<Long> seeds = new java.util.TreeSet<>();
        planned.stream().filter(s -> s.study() == Study.CONTROL && s.data().equals(data)).forEach(s -> seeds.add(s.seed()));
        results.stream().filter(r -> r.spec().data().equals(data)).forEach(r -> seeds.add(r.spec().seed()));
        return new ArrayList<>(seeds);
    }

    /**
     * A row of the incomplete-cells table for one cell of one data set's {@code results}, or null if the
     * cell holds every expected seed and the same seeds as the matching cell of every other stack.
     */
    private static String incompleteRow(List<RunResult> results, List<Stack> stacks, Stack stack, String model,
                                        boolean permuted, List<Long> expected) {
        java.util.function.Function<Stack, List<RunResult>> runs = st -> results.stream().filter(r ->
                r.spec().stack() == st && r.spec().arch().equals(model) && r.spec().permuted() == permuted).toList();
        List<Long> done = runs.apply(stack).stream().filter(RunResult::completed).map(r -> r.spec().seed()).sorted().toList();
        List<String> unfinished = runs.apply(stack).stream().filter(r -> !r.completed())
                .map(r -> "seed " + r.spec().seed() + ": " + r.status()).toList();
        List<Long> missing = expected.stream().filter(seed -> runs.apply(stack).stream()
                .noneMatch(r -> r.spec().seed() == seed)).toList();
        List<String> others = new ArrayList<>();
        boolean differsFromOther = false;
        for (Stack other : stacks) {
            if (other != stack) {
                List<Long> theirs = runs.apply(other).stream().filter(RunResult::completed).map(r -> r.spec().seed())
                        .sorted().toList();
                differsFromOther |= !theirs.equals(done);
                others.add(other + ": " + theirs.size());
            }
        }
        if (done.equals(expected) && !differsFromOther) {
            return null;
        }
        return String.format("| %s | %s | %s | %d (%s) | %s | %s | %s |%n", stack, model,
                permuted ? "permuted" : "standard", done.size(), done.isEmpty() ? "none" : seedList(done),
                unfinished.isEmpty() ? "0" : unfinished.size() + " (" + String.join("; ", unfinished) + ")",
                missing.isEmpty() ? "0" : missing.size() + " (" + seedList(missing) + ")",
                others.isEmpty() ? "-" : String.join(", ", others));
    }

    /** "seed 0" or "seeds 0, 1, 3". */
    private static String seedList(List<Long> seeds) {
        return (seeds.size() == 1 ? "seed " : "seeds ") + seeds.stream().map(String::valueOf)
                .collect(Collectors.joining(", "));
    }

    /** The table of every run that did not finish (any study), or nothing if all did. */
    public static String unfinishedRuns(List<RunResult> all) {
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
            sb.append(String.format("| %s%s %s %s %s seed %d | %s | %s | %s | %s | %s |%n",
                    s.study() == Study.CONTROL ? "" : s.study() + ": ", s.data(), s.arch(), s.stack(),
                    s.permuted() ? "permuted" : "standard", s.seed(), r.status(),
                    stop == null ? "-" : Integer.toString(stop.epoch()), stop == null ? "-" : Integer.toString(stop.step()),
                    stop == null ? "-" : String.format("%.4g", stop.loss()),
                    stop != null ? stop.rule() : r.error() == null ? "-" : r.error().replace("|", "/")));
        }
        return sb.append('\n').toString();
    }

    /** Per seed: (drop of conv) - (drop of dense), drops paired by seed within each model. */
    private static List<Double> dropDifference(List<RunResult> rs, String data, Stack stack, String dense,
                                               String conv) {
        Map<Long, Double> convS = cell(rs, data, stack, conv, false);
        Map<Long, Double> convP = cell(rs, data, stack, conv, true);
        Map<Long, Double> denseS = cell(rs, data, stack, dense, false);
        Map<Long, Double> denseP = cell(rs, data, stack, dense, true);
        List<Double> diff = new ArrayList<>();
        for (Long seed : convS.keySet()) {
            if (convP.containsKey(seed) && denseS.containsKey(seed) && denseP.containsKey(seed)) {
                diff.add((convS.get(seed) - convP.get(seed)) - (denseS.get(seed) - denseP.get(seed)));
            }
        }
        return diff;
    }

    /** Whether a model has a conv or local layer: the side of the measurement that has the locality prior. */
    private static boolean convolutional(String model) {
        return lab.reference.Architecture.of(model).specs().stream()
                .anyMatch(s -> s instanceof lab.reference.Architecture.Conv || s instanceof lab.reference.Architecture.Local);
    }

    /** A file-name-safe form of a data set name: optdigits:../x/data -> optdigits-x-data. */
    public static String slug(String data) {
        return data.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    private static double zeroIfNaN(double v) {
        return Double.isNaN(v) ? 0 : v;
    }

    /** The values of {@code key} over {@code rs}, each once, in order of first appearance. */
    public static <T> List<T> distinct(List<RunResult> rs, java.util.function.Function<RunResult, T> key) {
        List<T> out = new ArrayList<>();
        for (RunResult r : rs) {
            if (!out.contains(key.apply(r))) {
                out.add(key.apply(r));
            }
        }
        return out;
    }

    private static Map<String, double[]> curves(List<RunResult> rs, Stack stack, List<String> models) {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (String model : models) {
            for (boolean permuted : new boolean[] {false, true}) {
                List<RunResult> sel = rs.stream().filter(r -> r.spec().stack() == stack
                        && r.spec().arch().equals(model) && r.spec().permuted() == permuted && r.completed())
                        .toList();
                if (sel.isEmpty()) {
                    continue;
                }
                int epochs = sel.get(0).history().size();
                double[] mean = new double[epochs];
                for (RunResult r : sel) {
                    for (int e = 0; e < epochs && e < r.history().size(); e++) {
                        mean[e] += r.history().get(e).loss() / sel.size();
                    }
                }
                out.put(model + (permuted ? " permuted" : " standard"), mean);
            }
        }
        return out;
    }

    private static void digitsBeforeAfter(Path file, String data) {
        Split split = DataSource.load(data, 0.25, 0);
        Dataset test = split.test();
        int[] first = java.util.stream.IntStream.range(0, 8).map(i -> i * (test.size() / 8)).toArray();
        Dataset some = test.subset("some", first);
        Dataset scrambled = some.permutePixels(Dataset.randomPermutation(test.shape().h() * test.shape().w(), 0));
        List<double[]> images = new ArrayList<>();
        int d = test.shape().size();
        for (Dataset ds : List.of(some, scrambled)) {
            for (int i = 0; i < ds.size(); i++) {
                images.add(java.util.Arrays.copyOfRange(ds.x(), i * d, (i + 1) * d));
            }
        }
        Plots.images(file, images, test.shape().h(), test.shape().w(), 8, test.shape().h() <= 8 ? 12 : 4);
    }

    /** First-layer conv kernels of the cnn, seed 0, reference stack; false if there are none. */
    private static boolean kernels(Path file, List<RunResult> rs) {
        List<double[]> images = new ArrayList<>();
        int kh = 0;
        int kw = 0;
        for (boolean permuted : new boolean[] {false, true}) {
            RunResult r = rs.stream().filter(x -> x.spec().arch().endsWith("cnn") && x.spec().seed() == 0
                    && x.spec().permuted() == permuted && x.firstLayerShape() != null
                    && x.firstLayerShape().length == 4).findFirst().orElse(null);
            if (r == null) {
                return false;
            }
            int[] s = r.firstLayerShape(); // (F, C, KH, KW): draw channel 0 of each filter
            kh = s[2];
            kw = s[3];
            for (int f = 0; f < s[0]; f++) {
                int from = f * s[1] * kh * kw;
                images.add(java.util.Arrays.copyOfRange(r.firstLayerWeights(), from, from + kh * kw));
            }
        }
        Plots.images(file, images, kh, kw, images.size() / 2, 16);
        return true;
    }

    private static String csv(List<RunResult> rs) {
        StringBuilder sb = new StringBuilder("data,stack,model,pixels,seed,epochs,optimizer,lr,batch,parameters,"
                + "test_accuracy,final_train_loss,seconds,images_per_second,status,study,scramble,locality,"
                + "train_size,shift_accuracy\n");
        for (RunResult r : rs) {
            RunSpec s = r.spec();
            sb.append(String.join(",", s.data(), s.stack().toString(), s.arch(), s.permuted() ? "permuted" : "standard",
                    Long.toString(s.seed()), Integer.toString(s.epochs()), s.optimizer().toString(), Double.toString(s.lr()),
                    Integer.toString(s.batch()), Long.toString(r.parameters()), Double.toString(r.testAccuracy()),
                    Double.toString(r.finalTrainLoss()), String.format("%.3f", r.seconds()),
                    String.format("%.1f", r.imagesPerSecond()), r.status().toString(), s.study().toString(),
                    Studies.scrambleName(s),
                    String.format("%.4f", r.locality()), Integer.toString(r.trainSize()), r.shiftAccuracy() == null
                    ? "" : java.util.Arrays.stream(r.shiftAccuracy()).mapToObj(Double::toString)
                    .collect(Collectors.joining(";")))).append('\n');
        }
        return sb.toString();
    }

    /** The Markdown as simple HTML, pictures inlined as data URIs so the one file travels alone. */
    private static String html(Path dir, String md) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.matches("\\|[-:|]+\\|?")) {
                    continue;
                }
                String tag = inTable ? "td" : "th";
                if (!inTable) {
                    body.append("<table>\n");
                    inTable = true;
                }
                String cells = java.util.Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
                        .map(c -> "<" + tag + ">" + escape(c.trim()) + "</" + tag + ">").collect(Collectors.joining());
                body.append("<tr>").append(cells).append("</tr>\n");
                continue;
            }
            if (inTable) {
                body.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("## ")) {
                body.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                body.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("![")) {
                String alt = line.substring(2, line.indexOf("]("));
                String name = line.substring(line.indexOf("](") + 2, line.length() - 1);
                String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(name)));
                body.append("<figure><img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                        .append(b64).append("\"><figcaption>").append(escape(alt)).append("</figcaption></figure>\n");
            } else if (!line.isBlank()) {
                body.append("<p>").append(escape(line).replaceAll("`([^`]*)`", "<code>$1</code>")).append("</p>\n");
            }
        }
        if (inTable) {
            body.append("</table>\n");
        }
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>inductive-bias-lab report</title>\n"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;"
                + "text-align:right}th{background:#eee}figure{margin:1em 0}img{max-width:100%}</style>\n"
                + "</head><body>\n" + body + "</body></html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

}
