package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.report.AccuracyBars;
import lab.compare.report.Contrast;
import lab.compare.report.Plots;
import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.Loops;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.reference.Architecture;
import lab.reference.Shape;

/**
 * The permuted-pixel control, the experiment itself: every block's models on standard and permuted pixels
 * on every stack. Its section, per data set: parameter counts; per stack and model the mean ± sd accuracy
 * on both, the paired drop with its 95% interval; the difference of drops (the convolutional model minus
 * the dense one, paired by seed); the stacks side by side over the seeds both finished; pictures. Then
 * whether the gap grows with the image, as expected. Cells short of the plan or of another stack are
 * flagged ({@link Completeness}).
 */
public final class Control implements StudyDesign<Control.Settings> {

    /** What the control plans from: a block per data set (its models and training), stacks, seeds. */
    public record Settings(List<Block> blocks, List<Stack> stacks, int seeds, Loops kernels) {
    }

    /** One data set's difference of drops on the first stack, with its images' shape. */
    private record Gap(String data, Shape shape, double points) {
    }

    Control() {
    }

    @Override
    public Study study() {
        return Study.CONTROL;
    }

    /** Every block's models, each on standard and permuted pixels on every stack, in {@link Axes}'s order. */
    @Override
    public List<RunSpec> plan(Settings s) {
        return new Axes(Study.CONTROL, s.stacks(), s.kernels(), s.seeds(), s.blocks())
                .jobs(block -> List.of(Axes.Rung.of(block.models(), Axes.BOTH_PIXELS)));
    }

    /** The report's opening paragraph: how many control runs, and how to read every number; empty if none. */
    static String intro(List<RunResult> all) {
        List<RunResult> control = all.stream().filter(r -> r.spec().study() == Study.CONTROL).toList();
        if (control.isEmpty()) {
            return "";
        }
        boolean oneSeed = Tables.seeds(control) < 2;
        return String.format("%d runs, from `results.jsonl` in this folder; rebuilt by the same command. "
                + "Accuracies are test accuracy in percent, %s; each seed has its own initial "
                + "weights, batch order and pixel permutation, shared by the two stacks and both models. Drops "
                + "are paired by seed; %s.%n%n", control.size(), oneSeed ? "of one seed (no sd)" : "mean ± sd over seeds",
                oneSeed ? Tables.NO_INTERVAL : "intervals are 95% Student-t intervals of the mean");
    }

    /** The headline figure's file. */
    static final String HEADLINE = "headline.png";

    /**
     * The summary's finding: the claim, the headline figure (per data set, the drop of the dense and of the
     * convolutional model and the difference of drops, side by side, with 95% intervals, on the first stack)
     * and its reading in words; empty without a data set that has one model of each kind.
     */
    private static String headline(Path dir, List<RunResult> rs) {
        if (rs.isEmpty()) {
            return "";
        }
        Stack stack = rs.get(0).spec().stack(); // the stack the section's reading reads: the first in the file
        List<String> groups = new ArrayList<>();
        List<List<Double>> denseDrop = new ArrayList<>();
        List<List<Double>> convDrop = new ArrayList<>();
        List<List<Double>> gapOf = new ArrayList<>();
        List<String> sentences = new ArrayList<>();
        String denseName = null;
        String convName = null;
        for (String data : Tables.distinct(rs, r -> r.spec().data())) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)).toList();
            Measured pair = Measured.of(Tables.distinct(mine, r -> r.spec().arch()));
            if (pair == null) {
                continue;
            }
            Contrast k = contrast(mine, stack, pair.dense(), pair.conv());
            if (k.gap().isEmpty()) {
                continue;
            }
            groups.add(data);
            denseDrop.add(k.denseDrop());
            convDrop.add(k.convDrop());
            gapOf.add(k.gap());
            denseName = denseName == null || denseName.equals(pair.dense()) ? pair.dense() : "dense model";
            convName = convName == null || convName.equals(pair.conv()) ? pair.conv() : "convolutional model";
            sentences.add(String.format("on %s, %s lost %s points and %s %s, so %s lost %s more%s", data, pair.conv(),
                    Tables.withCi(k.convDrop()), pair.dense(), Tables.withCi(k.denseDrop()), pair.conv(),
                    Tables.withCi(k.gap()), k.verdict()));
        }
        if (groups.isEmpty()) {
            return "";
        }
        Map<String, Plots.Bars> series = new LinkedHashMap<>();
        series.put(denseName + " drop", Tables.bars(denseDrop));
        series.put(convName + " drop", Tables.bars(convDrop));
        series.put(convName + " drop minus " + denseName + " drop", Tables.bars(gapOf));
        long seeds = Tables.seeds(rs.stream().filter(r -> r.spec().stack() == stack).toList());
        Plots.barsFromZero(dir.resolve(HEADLINE), "Accuracy lost when the pixels are permuted (" + stack + " stack, "
                + Plots.seedsNote(seeds) + ")", "points of test accuracy lost (bars start at 0)", groups, series);
        return String.format("**Claim under test.** A convolution's advantage is its locality prior: scramble every "
                + "image's pixels by one fixed permutation and the CNN should lose much more accuracy than the MLP, "
                + "which cannot tell the difference.%n%n![Accuracy lost on permuted pixels (standard minus permuted, "
                + "points), per model and data set, and the difference of the drops, %s](%s)%n%n"
                + "**Reading** (%s stack, drops paired by seed): %s.%n%n", seeds < 2 ? "one seed: no interval"
                : "with 95% intervals", HEADLINE, stack, String.join("; ", sentences));
    }

    /** The section, then the summary's headline (which draws its own figure) from the same runs. */
    @Override
    public Written write(Path dir, List<RunResult> all, List<RunSpec> planned) {
        List<RunResult> rs = all.stream().filter(r -> r.spec().study() == Study.CONTROL).toList();
        return new Written(body(dir, rs, planned), headline(dir, rs));
    }

    /** The section from the control's runs {@code rs}: a part per data set, then the expected picture. */
    private static String body(Path dir, List<RunResult> rs, List<RunSpec> planned) {
        List<Stack> stacks = Tables.distinct(rs, r -> r.spec().stack());
        StringBuilder md = new StringBuilder();
        List<Gap> gaps = new ArrayList<>();
        for (String data : Tables.distinct(rs, r -> r.spec().data())) {
            List<RunResult> mine = rs.stream().filter(r -> r.spec().data().equals(data)).toList();
            List<String> models = Tables.distinct(mine, r -> r.spec().arch());
            models.sort(Comparator.comparing(Control::convolutional)); // dense first, whatever the file order
            List<Long> expected = Completeness.expectedSeeds(mine, planned, data);
            md.append(settings(data, mine, models));
            if (mine.stream().noneMatch(RunResult::completed)) { // nothing to average or draw
                md.append(String.format("%nNo run on %s finished: see the runs that did not finish above.%n%n", data));
                continue;
            }
            md.append(drops(dir, data, mine, stacks, models, expected));
            Measured pair = Measured.of(models);
            Double gap = null;
            if (pair != null) {
                md.append(measurement(mine, stacks, pair.dense(), pair.conv()));
                List<Double> diff = dropDifference(mine, stacks.get(0), pair.dense(), pair.conv());
                gap = diff.size() >= 2 ? Stats.mean(diff) : null;
            }
            if (stacks.size() > 1) {
                md.append(sideBySide(mine, stacks, models, expected));
            }
            ControlPictures.Drawn drawn = ControlPictures.write(dir, data, mine, stacks.get(0), models);
            md.append(drawn.markdown());
            if (gap != null) {
                gaps.add(new Gap(data, drawn.shape(), gap));
            }
        }
        return md.append(expectedPicture(gaps)).toString();
    }

    /** The two models a data set's measurement compares: its one dense model and its one convolutional model. */
    private record Measured(String dense, String conv) {

        /** The pair among {@code models}; null unless there is exactly one of each kind. */
        static Measured of(List<String> models) {
            List<String> dense = models.stream().filter(m -> !convolutional(m)).toList();
            List<String> conv = models.stream().filter(Control::convolutional).toList();
            return dense.size() == 1 && conv.size() == 1 ? new Measured(dense.get(0), conv.get(0)) : null;
        }
    }

    /** Whether a model has a conv or local layer: the side of the measurement that has the locality prior. */
    public static boolean convolutional(String model) {
        return Architecture.of(model).specs().stream()
                .anyMatch(s -> s instanceof Architecture.Conv || s instanceof Architecture.Local);
    }

    /** Accuracies (percent) by seed of one cell: a stack, a model, a condition. */
    private static Map<Long, Double> cell(List<RunResult> mine, Stack stack, String model, boolean permuted) {
        return Tables.bySeed(mine, r -> r.spec().stack() == stack && r.spec().arch().equals(model)
                && r.spec().permuted() == permuted);
    }

    /**
     * One cell of a drop table: a stack and a model, its accuracies (percent) by seed on standard and on
     * permuted pixels, and the drop between them paired by seed. The control's table and the sharing
     * study's are both made of these, and {@code lab table}'s; they differ only in their columns.
     */
    public record DropCell(Stack stack, String model, Map<Long, Double> standard, Map<Long, Double> permuted) {

        /** Standard minus permuted, per seed that has both. */
        public List<Double> drop() {
            return Tables.paired(standard, permuted);
        }

        /** Every stack's cell of every model, stack-major, in the order given; a cell may be empty. */
        public static List<DropCell> of(List<RunResult> mine, List<Stack> stacks, List<String> models) {
            List<DropCell> cells = new ArrayList<>();
            for (Stack stack : stacks) {
                for (String model : models) {
                    cells.add(new DropCell(stack, model, cell(mine, stack, model, false),
                            cell(mine, stack, model, true)));
                }
            }
            return cells;
        }

        /** The cells as a bar chart's groups: accuracy on both pixel orders, per model and stack. */
        static AccuracyBars bars(List<DropCell> cells) {
            AccuracyBars bars = new AccuracyBars();
            cells.forEach(c -> bars.add(c.model() + " / " + c.stack(), c.standard().values(), c.permuted().values()));
            return bars;
        }
    }

    /** The data set's heading, its split and training, and its models' parameter counts. */
    private static String settings(String data, List<RunResult> mine, List<String> models) {
        RunSpec any = mine.get(0).spec();
        String split = mine.stream().map(RunResult::split).filter(java.util.Objects::nonNull).findFirst()
                .orElse("not known (no run got as far as loading it)"); // a failed run has none
        StringBuilder md = new StringBuilder("## ").append(data).append("\n\n").append("Split: ")
                .append(split).append(". ").append(String.format("%s, lr %s, batch %d, %d epochs.%n%n",
                        any.optimizer(), any.lr(), any.batch(), any.epochs()).replace(" 1 epochs.", " 1 epoch."));
        md.append("| model | parameters |\n|---|---:|\n");
        for (String model : models) {
            mine.stream().filter(r -> r.spec().arch().equals(model) && r.settled()).findFirst().ifPresent(r ->
                    md.append(String.format("| %s | %,d |%n", model, r.parameters())));
        }
        return md.toString();
    }

    /** The accuracy and drop of every cell, the incomplete cells' table, and the accuracy plot. */
    private static String drops(Path dir, String data, List<RunResult> mine, List<Stack> stacks, List<String> models,
                                List<Long> expected) {
        StringBuilder md = new StringBuilder("\n| stack | model | seeds | standard % | permuted % | drop (points)"
                + ciHead(mine) + " |\n|---|---|---:|---|---|---|\n");
        List<DropCell> cells = DropCell.of(mine, stacks, models).stream()
                .filter(c -> !c.standard().isEmpty() || !c.permuted().isEmpty()).toList(); // no row for a cell never run
        List<String> incomplete = new ArrayList<>();
        for (DropCell c : cells) {
            boolean flagged = false;
            for (boolean permuted : new boolean[] {false, true}) {
                String row = Completeness.incompleteRow(mine, stacks, c.stack(), c.model(), permuted, expected);
                if (row != null) {
                    incomplete.add(row);
                    flagged = true;
                }
            }
            int s = c.standard().size();
            int p = c.permuted().size();
            String seeds = (s == p ? Integer.toString(s) : s + " / " + p) + (flagged ? " (!)" : "");
            md.append(String.format("| %s | %s | %s | %s | %s | %s |%n", c.stack(), c.model(), seeds,
                    Tables.pm(c.standard().values()), Tables.pm(c.permuted().values()), Tables.withCi(c.drop())));
        }
        if (!incomplete.isEmpty()) {
            md.append(String.format("%n(!) Incomplete cells: the plan has %d seed(s) (%s) per cell; these cells "
                    + "averaged fewer, or other seeds than the same cell of another stack. Means are over the seeds "
                    + "listed as averaged; drops and stack differences pair by seed.%n%n| stack | model | pixels "
                    + "| seeds averaged | did not finish | missing | other stacks' seeds |%n|---|---|---|---|---|---|---|%n",
                    expected.size(), Tables.seedList(expected)));
            incomplete.forEach(md::append);
        }
        DropCell.bars(cells).plot(dir.resolve("accuracy-" + Tables.slug(data) + ".png"), data + ": test accuracy ("
                + Plots.seedsNote(Tables.seeds(mine)) + ")");
        return md.toString();
    }

    /** A column heading's " [95% CI]", or nothing when the runs hold one seed (no cell has an interval). */
    private static String ciHead(List<RunResult> mine) {
        return Tables.seeds(mine) < 2 ? "" : " [95% CI]";
    }

    /** The measurement on one stack: both models' drops and their difference, paired by seed ({@link Contrast}). */
    private static Contrast contrast(List<RunResult> mine, Stack stack, String dense, String conv) {
        return Contrast.of(cell(mine, stack, dense, false), cell(mine, stack, dense, true),
                cell(mine, stack, conv, false), cell(mine, stack, conv, true));
    }

    /** Per seed: (drop of conv) - (drop of dense), drops paired by seed within each model. */
    public static List<Double> dropDifference(List<RunResult> mine, Stack stack, String dense, String conv) {
        return contrast(mine, stack, dense, conv).gap();
    }

    /** The measurement: the difference of drops per stack, and its reading on the first stack. */
    private static String measurement(List<RunResult> mine, List<Stack> stacks, String dense, String conv) {
        StringBuilder md = new StringBuilder(String.format("%nThe measurement: how much more %s loses than %s when "
                + "locality is destroyed (drop of %s minus drop of %s, paired by seed):%n%n| stack | difference of "
                + "drops (points)%s |%n|---|---|%n", conv, dense, conv, dense, ciHead(mine)));
        for (Stack stack : stacks) {
            md.append(String.format("| %s | %s |%n", stack, Tables.withCi(dropDifference(mine, stack, dense, conv))));
        }
        List<Double> diff = dropDifference(mine, stacks.get(0), dense, conv);
        if (diff.size() >= 2) {
            double m = Stats.mean(diff);
            double ci = Stats.ci95(diff);
            md.append(String.format("%nReading (%s stack): %s lost %.2f points more than %s; the 95%% interval "
                    + "%s 0, so %s.%n", stacks.get(0), conv, m, dense, m - ci > 0 || m + ci < 0 ? "excludes"
                    : "includes", m - ci > 0 ? "the locality prior measurably helped on standard pixels"
                    : m + ci < 0 ? "here " + conv + " lost measurably LESS than " + dense
                    : "these seeds do not show a gap larger than seed-to-seed noise"));
        } else if (diff.size() == 1) {
            md.append(String.format("%nReading (%s stack): %s lost %.2f points more than %s on the one seed; %s.%n",
                    stacks.get(0), conv, diff.get(0), dense, Tables.NO_INTERVAL));
        }
        return md.toString();
    }

    /** Both stacks' mean accuracy per model and condition over the seeds every stack finished, and their difference. */
    private static String sideBySide(List<RunResult> mine, List<Stack> stacks, List<String> models,
                                     List<Long> expected) {
        StringBuilder md = new StringBuilder("\nBoth stacks side by side (mean accuracy %, paired by seed: over the "
                + "seeds every stack finished):\n\n| model | pixels | seeds | "
                + String.join(" | ", stacks.stream().map(Stack::toString).toList()) + " | difference |\n"
                + "|---|---|---:|" + "---|".repeat(stacks.size()) + "---|\n");
        for (String model : models) {
            for (boolean permuted : new boolean[] {false, true}) {
                List<Map<Long, Double>> byStack = new ArrayList<>();
                for (Stack stack : stacks) {
                    byStack.add(cell(mine, stack, model, permuted));
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
                md.append(String.format("| %s | %s | %s | %s | %s |%n", model, lab.compare.run.Pixels.of(permuted),
                        common.size() + (short_ ? " (!)" : ""), String.join(" | ", cells), difference));
            }
        }
        return md.toString();
    }

    /**
     * The claim across data sets: the gap is larger on raw, larger images. Judged between the data sets of
     * the smallest and of the largest images present (all of the largest above all of the smallest); empty
     * unless two image sizes have a gap.
     */
    private static String expectedPicture(List<Gap> gaps) {
        List<Gap> bySize = new ArrayList<>(gaps);
        bySize.sort(Comparator.comparingInt(Control::pixels)); // stable: equal sizes keep the report's order
        int smallest = pixels(bySize.isEmpty() ? null : bySize.get(0));
        int largest = pixels(bySize.isEmpty() ? null : bySize.get(bySize.size() - 1));
        if (bySize.isEmpty() || smallest == largest) {
            return "";
        }
        Gap small = bySize.get(0);
        Gap large = bySize.get(bySize.size() - 1);
        double smallMax = bySize.stream().filter(g -> pixels(g) == smallest).mapToDouble(Gap::points).max().orElseThrow();
        double largeMin = bySize.stream().filter(g -> pixels(g) == largest).mapToDouble(Gap::points).min().orElseThrow();
        List<String> observed = new ArrayList<>();
        for (int i = 0; i < bySize.size(); i++) {
            observed.add(String.format(i == 0 ? "%.2f points on %s" : "%.2f on %s", bySize.get(i).points(),
                    bySize.get(i).data()));
        }
        return String.format("## The expected picture%n%nExpected: a modest gap on %s, a large one on %s. Observed: "
                + "%s: %s.%n", kind(small.shape()), kind(large.shape()), String.join(", ", observed),
                largeMin > smallMax ? "as expected" : String.format("NOT as expected (the %dx%d gap is not the larger)",
                        large.shape().h(), large.shape().w()));
    }

    private static int pixels(Gap g) {
        return g == null ? 0 : g.shape().h() * g.shape().w();
    }

    /** What a set's images are: the 8x8 sets here (digits8, optdigits) are UCI's digits, pooled from 32x32. */
    private static String kind(Shape s) {
        return s.h() == 8 && s.w() == 8 ? "pre-pooled 8x8 digits" : String.format("raw %dx%d pixels", s.h(), s.w());
    }
}
