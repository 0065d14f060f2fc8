package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import lab.compare.report.Plots;
import lab.compare.report.Report;
import lab.compare.report.Stats;
import lab.compare.run.Experiment;
import lab.compare.run.Kernels;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * The studies beyond the seed: each plans independent jobs (tagged with its name in {@link RunSpec#study})
 * and writes its section of the report from the results alone. All train with Adam (lr 0.005, batch 32,
 * He init) in double, each seed its own weights, batch order, scramble and subset, shared by the stacks.
 *
 * <ul>
 *   <li>locality: a ladder of scrambles ({@link lab.data.Scramble}) from harmless to total, accuracy
 *       against the share of neighbouring pixels left neighbours;</li>
 *   <li>sharing: mlp, cnn and lcn (the cnn with locally connected layers: locality without weight
 *       sharing) on standard and permuted pixels;</li>
 *   <li>translation: mlp, cnn and cnn-gap trained on the digits as they are, tested shifted 0..S pixels;</li>
 *   <li>samples: accuracy against training-set size, standard and permuted.</li>
 * </ul>
 */
public final class Studies {

    public static final List<Study> NAMES = List.of(Study.LOCALITY, Study.SHARING, Study.TRANSLATION, Study.SAMPLES);

    /** Which data sets and how long, for every study; quick is the CI-sized version. */
    public record Scale(List<Stack> stacks, Kernels kernels, int seeds, boolean quick, Map<String, Integer> epochs) {

        /** Data sets in this scale: digits8 only when quick, else mnist10k (28x28) then digits8 (8x8). */
        public List<String> datas() {
            return List.copyOf(epochs.keySet());
        }

        /** The same scale on these data sets only (epochs as the scale has them: 8x8 sets get digits8's). */
        public Scale only(List<String> sets) {
            Map<String, Integer> e = new LinkedHashMap<>();
            for (String set : sets) {
                e.put(set, epochs.getOrDefault(set, side(set) == 8 ? (quick ? 3 : 10) : 1));
            }
            return new Scale(stacks, kernels, seeds, quick, e);
        }
    }

    /**
     * Quick: digits8, 1 seed, 3 epochs. Otherwise mnist10k 1 epoch and digits8 10 epochs, 3 seeds (5 for
     * {@code lab run --full}).
     */
    public static Scale scale(List<Stack> stacks, Kernels kernels, Integer seeds, boolean quick, boolean full) {
        if (seeds != null && seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        Map<String, Integer> epochs = new LinkedHashMap<>();
        if (!quick) {
            epochs.put("mnist10k", 1);
        }
        epochs.put("digits8", quick ? 3 : 10);
        return new Scale(stacks, kernels, seeds != null ? seeds : quick ? 1 : full ? 5 : 3, quick, epochs);
    }

    private Studies() {
    }

    /** The jobs of one study. */
    public static List<RunSpec> jobs(Study study, Scale scale) {
        return switch (study) {
            case LOCALITY -> locality(scale);
            case SHARING -> sharing(scale);
            case TRANSLATION -> translation(scale);
            case SAMPLES -> samples(scale);
            case CONTROL, CALIBRATION -> throw new IllegalArgumentException("not a study with its own plan: " + study);
        };
    }

    private static RunSpec job(Study study, Stack stack, Kernels kernels, String data, String model, int epochs,
                               long seed, Long permuteSeed, String scramble, Integer trainSize, int maxShift) {
        return Experiment.Plan.job(study, stack, kernels, Experiment.Block.adam(data, List.of(model), epochs), model,
                seed, permuteSeed, scramble, trainSize, maxShift);
    }

    /** The scramble ladder for a side: null (standard pixels), blocks, within-block, fractions, full. */
    public static List<String> ladder(int side, boolean quick) {
        if (quick) {
            return java.util.Arrays.asList(null, "blocks:2", "within:2", "fraction:0.5", "full");
        }
        List<String> ladder = new ArrayList<>();
        ladder.add(null);
        List<Integer> ks = side == 28 ? List.of(14, 7, 4, 2) : side % 4 == 0 ? List.of(4, 2) : List.of();
        for (int k : ks) {
            ladder.add("blocks:" + k);
        }
        for (int k : ks) {
            ladder.add("within:" + k);
        }
        for (String p : List.of("0", "0.1", "0.25", "0.5", "1")) {
            ladder.add("fraction:" + p);
        }
        ladder.add("full");
        return ladder;
    }

    /** The image side of a set by its name: 8 for digits8 and optdigits, 28 for the MNIST-style sets. */
    private static int side(String data) {
        return data.equals("digits8") || data.startsWith("optdigits") ? 8 : 28;
    }

    private static List<RunSpec> locality(Scale s) {
        List<RunSpec> jobs = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            for (String data : s.datas()) {
                for (String scramble : ladder(side(data), s.quick())) {
                    for (String model : List.of("mlp", "cnn")) {
                        for (Stack stack : s.stacks()) {
                            jobs.add(job(Study.LOCALITY, stack, s.kernels(), data, model, s.epochs().get(data), seed,
                                    scramble == null ? null : (long) seed, scramble, null, 0));
                        }
                    }
                }
            }
        }
        return jobs;
    }

    private static List<RunSpec> sharing(Scale s) {
        List<RunSpec> jobs = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            for (String data : s.datas()) {
                for (String model : List.of("mlp", "cnn", "lcn")) {
                    for (Stack stack : s.stacks()) {
                        for (boolean permuted : new boolean[] {false, true}) {
                            jobs.add(job(Study.SHARING, stack, s.kernels(), data, model, s.epochs().get(data), seed,
                                    permuted ? (long) seed : null, null, null, 0));
                        }
                    }
                }
            }
        }
        return jobs;
    }

    private static List<RunSpec> translation(Scale s) {
        List<RunSpec> jobs = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            for (String data : s.datas()) {
                for (String model : List.of("mlp", "cnn", "cnn-gap")) {
                    for (Stack stack : s.stacks()) {
                        jobs.add(job(Study.TRANSLATION, stack, s.kernels(), data, model, s.epochs().get(data), seed, null, null, null,
                                side(data) == 8 ? 2 : 4));
                    }
                }
            }
        }
        return jobs;
    }

    /** Training-set sizes; each run sees about the same number of images (so small sets get more epochs). */
    public static List<Integer> sizes(String data, boolean quick) {
        if (side(data) == 8) {
            return quick ? List.of(50, 1348) : List.of(50, 100, 200, 500, 1348);
        }
        return List.of(100, 300, 1000, 3000, 7500);
    }

    private static List<RunSpec> samples(Scale s) {
        List<RunSpec> jobs = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            for (String data : s.datas()) {
                List<Integer> sizes = sizes(data, s.quick());
                int largest = sizes.get(sizes.size() - 1);
                int budget = largest * s.epochs().get(data) * (side(data) == 8 ? 1 : 2); // images seen
                for (int n : sizes) {
                    int epochs = Math.max(1, Math.round((float) budget / n));
                    for (String model : List.of("mlp", "cnn")) {
                        for (Stack stack : s.stacks()) {
                            for (boolean permuted : new boolean[] {false, true}) {
                                jobs.add(job(Study.SAMPLES, stack, s.kernels(), data, model, epochs, seed,
                                        permuted ? (long) seed : null, null, n, 0));
                            }
                        }
                    }
                }
            }
        }
        return jobs;
    }

    // ------------------------------------------------------------------------------------------------
    // The report's sections

    /** The sections of every study present in {@code rs}, in {@link #NAMES} order. */
    public static String sections(Path dir, List<RunResult> rs) {
        StringBuilder md = new StringBuilder();
        for (Study study : NAMES) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().study() == study && r.completed()).toList();
            if (mine.isEmpty()) {
                continue;
            }
            switch (study) {
                case LOCALITY -> localitySection(dir, mine, md);
                case SHARING -> sharingSection(dir, mine, md);
                case TRANSLATION -> translationSection(dir, mine, md);
                case SAMPLES -> samplesSection(dir, mine, md);
                case CONTROL, CALIBRATION -> throw new IllegalStateException("not a study section: " + study);
            }
        }
        return md.toString();
    }

    /** Accuracies (percent) by seed of the runs that pass {@code which}. */
    private static Map<Long, Double> bySeed(List<RunResult> rs, Predicate<RunResult> which) {
        Map<Long, Double> out = new LinkedHashMap<>();
        for (RunResult r : rs) {
            if (which.test(r)) {
                out.put(r.spec().seed(), 100 * r.testAccuracy());
            }
        }
        return out;
    }

    /** Point i of a plotted series {x, y, err}: the mean accuracy and its 95% half-width (0 under two seeds). */
    private static void point(double[][] xy, int i, double x, java.util.Collection<Double> accuracies) {
        List<Double> v = new ArrayList<>(accuracies);
        xy[0][i] = x;
        xy[1][i] = v.isEmpty() ? Double.NaN : Stats.mean(v);
        xy[2][i] = v.size() < 2 ? 0 : Stats.ci95(v);
    }

    private static void header(StringBuilder md, String title, String text, List<RunResult> mine) {
        int seeds = Report.distinct(mine, r -> r.spec().seed()).size();
        md.append("## ").append(title).append("\n\n").append(text).append(String.format(" %d runs, %d seed(s); "
                + "accuracies are test accuracy in percent, mean [95%% interval] over seeds.%n%n", mine.size(), seeds));
    }

    private static void localitySection(Path dir, List<RunResult> rs, StringBuilder md) {
        header(md, "Dose-response of locality", "Each scramble moves pixels by one fixed permutation per seed; "
                + "*locality* is the share of neighbouring pixel pairs that are still neighbours (1 = untouched, "
                + "near 0 = none beyond chance). If the CNN's advantage is its locality prior, its line falls "
                + "with locality while the MLP's stays flat.", rs);
        for (String data : Report.distinct(rs, r -> r.spec().data())) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)).toList();
            List<String> cols = Report.distinct(mine, r -> r.spec().arch() + " / " + r.spec().stack());
            Map<String, List<Double>> localities = new LinkedHashMap<>();
            for (RunResult r : mine) {
                localities.computeIfAbsent(scrambleName(r.spec()), k -> new ArrayList<>()).add(r.locality());
            }
            List<String> rungs = new ArrayList<>(localities.keySet());
            rungs.sort(Comparator.comparingDouble((String k) -> -Stats.mean(localities.get(k))));
            md.append("### ").append(data).append(String.format("%n%n%s.%n%n| scramble | locality | %s |%n"
                    + "|---|---:|%s%n", epochs(mine.get(0).spec().epochs()), String.join(" | ", cols), "---|".repeat(cols.size())));
            Map<String, double[][]> series = new LinkedHashMap<>(); // col -> {x, y, err}
            for (String col : cols) {
                series.put(col, new double[3][rungs.size()]);
            }
            for (int i = 0; i < rungs.size(); i++) {
                String rung = rungs.get(i);
                double loc = Stats.mean(localities.get(rung));
                List<String> cells = new ArrayList<>();
                for (String col : cols) {
                    Map<Long, Double> acc = bySeed(mine, r -> scrambleName(r.spec()).equals(rung)
                            && (r.spec().arch() + " / " + r.spec().stack()).equals(col));
                    cells.add(Report.withCi(acc.values()));
                    point(series.get(col), i, loc, acc.values());
                }
                md.append(String.format("| %s | %.3f | %s |%n", rung, loc, String.join(" | ", cells)));
            }
            md.append("\n");
            for (String model : Report.distinct(mine, r -> r.spec().arch())) {
                md.append(localityReading(mine, model, rungs, localities)).append("\n");
            }
            String png = "locality-" + Report.slug(data) + ".png";
            Plots.lines(dir.resolve(png), data + ": accuracy against locality kept (mean, 95% CI)",
                    "locality kept (share of neighbouring pairs still neighbours)", "test accuracy %", series, false);
            md.append("\n![").append(data).append(": accuracy against locality](").append(png).append(")\n\n");
        }
    }

    /** How far a model falls from standard pixels to the least local rung, and the first rung where it clearly does. */
    private static String localityReading(List<RunResult> rs, String model, List<String> rungs,
                                          Map<String, List<Double>> localities) {
        Stack stack = rs.get(0).spec().stack();
        Map<Long, Double> base = bySeed(rs, r -> r.spec().arch().equals(model) && r.spec().stack() == stack
                && !r.spec().permuted());
        if (base.isEmpty()) {
            return "";
        }
        String first = null;
        String last = rungs.get(rungs.size() - 1);
        for (String rung : rungs) {
            Map<Long, Double> acc = bySeed(rs, r -> r.spec().arch().equals(model) && r.spec().stack() == stack
                    && scrambleName(r.spec()).equals(rung));
            List<Double> drop = Report.paired(base, acc);
            if (first == null && drop.size() >= 2 && Stats.mean(drop) - Stats.ci95(drop) > 0.5) {
                first = rung;
            }
        }
        List<Double> total = Report.paired(base, bySeed(rs, r -> r.spec().arch().equals(model)
                && r.spec().stack() == stack && scrambleName(r.spec()).equals(last)));
        return String.format("- %s (%s stack): %s points lost at the least local scramble (%s, locality %.3f); %s.",
                model, stack, Report.withCi(total), last, Stats.mean(localities.get(last)), first == null
                        ? "no scramble cost it more than half a point beyond seed noise"
                        : "the first scramble (by falling locality) to cost it more than half a point beyond seed "
                        + "noise is " + first + " (locality " + String.format("%.3f", Stats.mean(localities.get(first)))
                        + ")");
    }

    private static String epochs(int n) {
        return n == 1 ? "1 epoch" : n + " epochs";
    }

    public static String scrambleName(RunSpec s) {
        return s.permuted() ? s.scrambleRule().toString() : "none";
    }

    private static void sharingSection(Path dir, List<RunResult> rs, StringBuilder md) {
        header(md, "Locality versus weight sharing", "`lcn` is the `cnn` with each convolution replaced by a "
                + "locally connected layer: the same receptive fields, but every position its own kernel. What "
                + "`cnn` has over `lcn` on standard pixels is what sharing buys; what `lcn` loses on permuted "
                + "pixels is what locality alone was worth.", rs);
        for (String data : Report.distinct(rs, r -> r.spec().data())) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)).toList();
            md.append("### ").append(data).append(String.format("%n%n%s.%n%n| stack | model | parameters | "
                    + "standard %% | permuted %% | drop (points) |%n|---|---|---:|---|---|---|%n",
                    epochs(mine.get(0).spec().epochs())));
            List<String> groups = new ArrayList<>();
            List<List<Double>> bars = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                    new ArrayList<>()); // standard mean, ci, permuted mean, ci
            for (Stack stack : Report.distinct(mine, r -> r.spec().stack())) {
                for (String model : Report.distinct(mine, r -> r.spec().arch())) {
                    Map<Long, Double> s = bySeed(mine, r -> r.spec().stack() == stack
                            && r.spec().arch().equals(model) && !r.spec().permuted());
                    Map<Long, Double> p = bySeed(mine, r -> r.spec().stack() == stack
                            && r.spec().arch().equals(model) && r.spec().permuted());
                    long params = mine.stream().filter(r -> r.spec().arch().equals(model)).findFirst()
                            .map(RunResult::parameters).orElse(0L);
                    md.append(String.format("| %s | %s | %,d | %s | %s | %s |%n", stack, model, params,
                            Report.withCi(s.values()), Report.withCi(p.values()), Report.withCi(Report.paired(s, p))));
                    groups.add(model + " / " + stack);
                    int k = 0;
                    for (Map<Long, Double> c : List.of(s, p)) {
                        List<Double> v = new ArrayList<>(c.values());
                        bars.get(k++).add(v.isEmpty() ? 0 : Stats.mean(v));
                        bars.get(k++).add(v.size() < 2 ? 0 : Stats.ci95(v));
                    }
                }
            }
            String png = "sharing-" + Report.slug(data) + ".png";
            Plots.accuracy(dir.resolve(png), data + ": convolution, locally connected, dense (mean, 95% CI)", groups,
                    bars.get(0), bars.get(1), bars.get(2), bars.get(3));
            md.append("\n![").append(data).append(": accuracy of mlp, cnn and lcn](").append(png).append(")\n\n");
        }
    }

    private static void translationSection(Path dir, List<RunResult> rs, StringBuilder md) {
        header(md, "Translation", "Trained on the digits as they are, tested on copies shifted by s pixels "
                + "(zero fill; the mean over up, down, left and right). Convolution is equivariant to shifts; "
                + "only pooling makes a network invariant, and global average pooling (`cnn-gap`) the most.", rs);
        for (String data : Report.distinct(rs, r -> r.spec().data())) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)
                    && r.shiftAccuracy() != null).toList();
            if (mine.isEmpty()) {
                continue;
            }
            List<String> cols = Report.distinct(mine, r -> r.spec().arch() + " / " + r.spec().stack());
            int shifts = mine.get(0).shiftAccuracy().length;
            md.append("### ").append(data).append(String.format("%n%n%s.%n%n| shift (pixels) | %s |%n|---:|%s%n",
                    epochs(mine.get(0).spec().epochs()), String.join(" | ", cols), "---|".repeat(cols.size())));
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (String col : cols) {
                series.put(col, new double[3][shifts]);
            }
            for (int s = 0; s < shifts; s++) {
                List<String> cells = new ArrayList<>();
                for (String col : cols) {
                    List<Double> acc = new ArrayList<>();
                    for (RunResult r : mine) {
                        if ((r.spec().arch() + " / " + r.spec().stack()).equals(col) && r.shiftAccuracy().length > s) {
                            acc.add(100 * r.shiftAccuracy()[s]);
                        }
                    }
                    cells.add(Report.withCi(acc));
                    point(series.get(col), s, s, acc);
                }
                md.append(String.format("| %d | %s |%n", s, String.join(" | ", cells)));
            }
            md.append(String.format("%nAt a %d-pixel shift, each model keeps this share of its unshifted accuracy: %s.%n",
                    shifts - 1, String.join(", ", cols.stream().map(col -> String.format("%s %.0f%%", col,
                            100 * series.get(col)[1][shifts - 1] / series.get(col)[1][0])).toList())));
            String png = "translation-" + Report.slug(data) + ".png";
            Plots.lines(dir.resolve(png), data + ": accuracy against test shift (mean, 95% CI)", "shift (pixels)",
                    "test accuracy %", series, false);
            md.append("\n![").append(data).append(": accuracy against shift](").append(png).append(")\n\n");
        }
    }

    private static void samplesSection(Path dir, List<RunResult> rs, StringBuilder md) {
        header(md, "Sample efficiency", "Accuracy against the number of training images (spread over the "
                + "classes, drawn by the seed). Each run sees about the same number of images in all, so small "
                + "sets get more epochs. A right prior should pay most when data is scarce.", rs);
        for (String data : Report.distinct(rs, r -> r.spec().data())) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)).toList();
            List<String> cols = Report.distinct(mine, r -> r.spec().arch() + (r.spec().permuted() ? " permuted" : " standard")
                    + " / " + r.spec().stack());
            List<Integer> sizes = Report.distinct(mine, r -> r.trainSize());
            sizes.sort(Comparator.naturalOrder());
            md.append("### ").append(data).append(String.format("%n%n| training images | epochs | %s |%n|---:|---:|%s%n",
                    String.join(" | ", cols), "---|".repeat(cols.size())));
            Map<String, double[][]> series = new LinkedHashMap<>();
            for (String col : cols) {
                series.put(col, new double[3][sizes.size()]);
            }
            for (int i = 0; i < sizes.size(); i++) {
                int n = sizes.get(i);
                List<String> cells = new ArrayList<>();
                int epochs = mine.stream().filter(r -> r.trainSize() == n).findFirst().map(r -> r.spec().epochs())
                        .orElse(0);
                for (String col : cols) {
                    Map<Long, Double> acc = bySeed(mine, r -> r.trainSize() == n && (r.spec().arch()
                            + (r.spec().permuted() ? " permuted" : " standard") + " / " + r.spec().stack()).equals(col));
                    cells.add(Report.withCi(acc.values()));
                    point(series.get(col), i, n, acc.values());
                }
                md.append(String.format("| %,d | %d | %s |%n", n, epochs, String.join(" | ", cells)));
            }
            md.append("\n").append(samplesReading(mine, sizes)).append("\n");
            String png = "samples-" + Report.slug(data) + ".png";
            Plots.lines(dir.resolve(png), data + ": accuracy against training-set size (mean, 95% CI)",
                    "training images (log scale)", "test accuracy %", series, true);
            md.append("\n![").append(data).append(": accuracy against training-set size](").append(png).append(")\n\n");
        }
    }

    /** The cnn's lead over the mlp (standard pixels, first stack, paired by seed) at each size. */
    private static String samplesReading(List<RunResult> rs, List<Integer> sizes) {
        Stack stack = rs.get(0).spec().stack();
        StringBuilder sb = new StringBuilder();
        for (int n : sizes) {
            Map<Long, Double> cnn = bySeed(rs, r -> r.trainSize() == n && r.spec().stack() == stack
                    && r.spec().arch().equals("cnn") && !r.spec().permuted());
            Map<Long, Double> mlp = bySeed(rs, r -> r.trainSize() == n && r.spec().stack() == stack
                    && r.spec().arch().equals("mlp") && !r.spec().permuted());
            sb.append(String.format("- %,d training images (%s stack): cnn minus mlp on standard pixels, %s points.%n",
                    n, stack, Report.withCi(Report.paired(cnn, mlp))));
        }
        return sb.toString();
    }
}
