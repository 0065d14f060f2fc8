package lab.compare.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.report.Contrast;
import lab.compare.report.Plots;
import lab.compare.report.Tables;
import lab.compare.run.RunSpec;
import lab.compare.study.Control;

/**
 * The lab's own question asked of a grid: wherever it has standard and permuted pixels and a dense and a
 * convolutional model, how much more the convolutional model loses when the pixels are permuted, for every
 * combination of the other settings. Each row is a {@link Contrast}, the very measurement of {@code lab
 * run}'s section (the drops and their difference paired by seed, with 95% intervals); the reading names
 * the largest and the smallest difference and whether their intervals overlap, and the headline figure
 * under it draws the difference along the first numeric setting, a panel per value of the second (bars
 * from 0 when no setting is numeric).
 */
final class SweepContrast {

    /** The headline figure's file in the sweep's folder. */
    static final String PLOT = "contrast.png";

    /**
     * One measurement: the other settings' values (over {@code others}), the scramble of the permuted pixels,
     * the two models, their contrast, and the runs of its four cells that diverged or failed.
     */
    private record Row(List<String> others, String permuted, String dense, String conv, Contrast contrast,
                       int unfinished) {
    }

    private final List<Axis> others;
    private final List<Axis> numeric; // of the others, those a plot can run along
    private final List<Row> rows;
    private final boolean manyScrambles;
    private final boolean manyPairs;
    private final int seeds;

    private SweepContrast(List<Axis> others, List<Axis> numeric, List<Row> rows, boolean manyScrambles,
                          boolean manyPairs, int seeds) {
        this.others = others;
        this.numeric = numeric;
        this.rows = rows;
        this.manyScrambles = manyScrambles;
        this.manyPairs = manyPairs;
        this.seeds = seeds;
    }

    /**
     * The contrast of a grid whose {@code axes} vary pixels (standard and at least one scramble) and models
     * (at least one dense and one convolutional); null for any other grid, which does not ask the question.
     */
    static SweepContrast of(List<Axis> axes, List<SweepReport.Cell> cells, List<RunSpec> planned) {
        int arch = axes.indexOf(Axis.ARCH);
        int pixels = axes.indexOf(Axis.PIXELS);
        if (arch < 0 || pixels < 0) {
            return null;
        }
        List<String> models = SweepReport.distinct(Axis.ARCH, planned);
        List<String> dense = models.stream().filter(m -> !Control.convolutional(m)).toList();
        List<String> conv = models.stream().filter(Control::convolutional).toList();
        List<String> scrambles = SweepReport.distinct(Axis.PIXELS, planned).stream()
                .filter(p -> !p.equals("standard")).toList();
        if (dense.isEmpty() || conv.isEmpty() || scrambles.isEmpty()
                || !SweepReport.distinct(Axis.PIXELS, planned).contains("standard")) {
            return null;
        }
        List<Axis> others = axes.stream().filter(a -> a != Axis.ARCH && a != Axis.PIXELS).toList();
        Map<List<String>, Map<String, Map<String, SweepReport.Cell>>> grouped = new LinkedHashMap<>();
        for (SweepReport.Cell c : cells) {
            List<String> rest = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                if (i != arch && i != pixels) {
                    rest.add(c.key().get(i));
                }
            }
            grouped.computeIfAbsent(rest, k -> new LinkedHashMap<>())
                    .computeIfAbsent(c.key().get(arch), k -> new LinkedHashMap<>()).put(c.key().get(pixels), c);
        }
        List<Row> rows = new ArrayList<>();
        grouped.forEach((rest, byModel) -> {
            for (String scramble : scrambles) {
                for (String d : dense) {
                    for (String c : conv) {
                        List<SweepReport.Cell> four = new ArrayList<>();
                        for (String model : List.of(d, c)) {
                            for (String p : List.of("standard", scramble)) {
                                SweepReport.Cell cell = byModel.getOrDefault(model, Map.of()).get(p);
                                if (cell != null) {
                                    four.add(cell);
                                }
                            }
                        }
                        if (four.size() < 4) {
                            continue; // a joined plan without one of the cells here: not a question it asks
                        }
                        rows.add(new Row(rest, scramble, d, c, Contrast.of(four.get(0).accuracies(),
                                four.get(1).accuracies(), four.get(2).accuracies(), four.get(3).accuracies()),
                                four.stream().mapToInt(SweepReport.Cell::unfinished).sum()));
                    }
                }
            }
        });
        int seeds = (int) planned.stream().map(RunSpec::seed).distinct().count();
        if (rows.isEmpty()) {
            return null;
        }
        return new SweepContrast(others, others.stream().filter(a -> a.numericOver(planned)).toList(), rows,
                scrambles.size() > 1, dense.size() * conv.size() > 1, seeds);
    }

    /** The row's settings beyond the others': the scramble and the models, where the grid has more than one. */
    private String extra(Row r) {
        List<String> w = new ArrayList<>();
        if (manyScrambles) {
            w.add("pixels " + r.permuted());
        }
        if (manyPairs) {
            w.add(r.conv() + " vs " + r.dense());
        }
        return String.join(", ", w);
    }

    /** A row in words: its other settings, scramble and models; "the grid" if it is the only row. */
    private String words(Row r) {
        String settings = SweepReport.words(others, r.others());
        String extra = extra(r);
        return others.isEmpty() ? extra.isEmpty() ? "the grid" : extra : extra.isEmpty() ? settings : settings + ", " + extra;
    }

    /** "cnn's drop minus mlp's", or the general words when the grid has several pairs. */
    private String gapWords() {
        Row r = rows.get(0);
        return manyPairs ? "the convolutional model's drop minus the dense one's" : r.conv() + "'s drop minus " + r.dense() + "'s";
    }

    /**
     * The summary's part: the question, the reading, and the headline figure with its caption. The figure:
     * the gap along the first numeric setting among the others, a panel per value of the second; bars from 0
     * (each model's drop and the gap, as {@code lab run}'s headline) when none is numeric.
     */
    String headline(Path dir, long finishedSeeds) {
        Row first = rows.get(0);
        String caption;
        if (numeric.isEmpty()) {
            List<String> groups = rows.stream().map(this::words).toList();
            Map<String, Plots.Bars> series = new LinkedHashMap<>();
            series.put(manyPairs ? "dense model's drop" : first.dense() + " drop", bars(rows, Contrast::denseDrop));
            series.put(manyPairs ? "convolutional model's drop" : first.conv() + " drop", bars(rows, Contrast::convDrop));
            series.put(manyPairs ? "difference of the drops" : first.conv() + " drop minus " + first.dense() + " drop",
                    bars(rows, Contrast::gap));
            Plots.barsFromZero(dir.resolve(PLOT), "Accuracy lost when the pixels are permuted (" + Plots.seedsNote(
                    finishedSeeds) + ")", "points of test accuracy lost (bars start at 0)", groups, series);
            caption = "Bars start at 0: each model's drop and their difference, per combination of the other settings.";
        } else {
            Axis along = numeric.get(0);
            Axis across = numeric.size() > 1 ? numeric.get(1) : null;
            SweepReport.Figure figure = new SweepReport.Figure(others, along, across, manyPairs
                    ? "difference of the drops" : first.conv() + " drop minus " + first.dense() + " drop");
            for (Row r : rows) {
                figure.add(r.others(), extra(r), r.contrast().gap(), r.unfinished());
            }
            caption = "Along " + along.title() + (across == null ? "" : ", a panel per " + across.title()) + "; "
                    + "above 0, the locality prior was worth something. " + Plots.panels(dir.resolve(PLOT),
                    "How much more " + (manyPairs ? "the convolutional model" : first.conv()) + " loses on permuted pixels",
                    along.title() + (along.logScale() ? " (log scale)" : ""), "difference of drops (points)",
                    along.logScale(), Plots.YRange.FREE, figure.panelTitles(), figure.panels(), finishedSeeds);
        }
        return String.format("**The lab's question.** How much more does %s lose than %s when the pixels are permuted, "
                + "%s? Each model's drop is its standard minus its permuted test accuracy; the gap is %s, paired by "
                + "seed (as `lab run` measures it).%n%n**Reading.** %s%n%n![The difference of the drops (points)](%s)"
                + "%n%n%s%n%n", manyPairs ? "each convolutional model" : first.conv(),
                manyPairs ? "each dense one" : first.dense(), others.isEmpty() ? "in this grid"
                : "and how does that change with " + others.stream().map(Axis::title).reduce((a, b) -> a + " and " + b)
                .orElseThrow(), gapWords(), reading(), PLOT, caption);
    }

    /** The bars of one part of every row's contrast. */
    private static Plots.Bars bars(List<Row> rows, java.util.function.Function<Contrast, List<Double>> part) {
        return Tables.bars(rows.stream().map(r -> part.apply(r.contrast())).toList());
    }

    /** The gap's trend in words: largest and smallest, and whether their intervals overlap. */
    String reading() {
        List<Row> measured = rows.stream().filter(r -> !r.contrast().gap().isEmpty()).toList();
        List<Row> missing = rows.stream().filter(r -> r.contrast().gap().isEmpty()).toList();
        String none = missing.isEmpty() ? "" : " No gap at " + missing.stream().map(r -> words(r) + (r.unfinished() > 0
                ? " (no seed finished all four cells: runs diverged or failed, listed below)"
                : " (not every cell has run yet)")).collect(java.util.stream.Collectors.joining("; ")) + ".";
        if (measured.isEmpty()) {
            return "No combination has all four cells finished on a common seed yet: there is no gap to read." + none;
        }
        if (measured.size() == 1) {
            Row r = measured.get(0);
            return String.format("At %s, %s lost %s points more than %s%s.", words(r), r.conv(),
                    Tables.withCi(r.contrast().gap()), r.dense(), r.contrast().verdict()) + none;
        }
        Row hi = measured.stream().max(Comparator.comparingDouble(r -> r.contrast().mean())).orElseThrow();
        Row lo = measured.stream().min(Comparator.comparingDouble(r -> r.contrast().mean())).orElseThrow();
        if (hi.contrast().mean() == lo.contrast().mean()) {
            return String.format("The gap is the same at every combination: %s points.",
                    Tables.withCi(hi.contrast().gap())) + none;
        }
        String overlap;
        if (hi.contrast().gap().size() < 2 || lo.contrast().gap().size() < 2) {
            overlap = Tables.NO_INTERVAL + ", so whether they differ beyond seed noise is not known";
        } else {
            boolean apart = lo.contrast().mean() + lo.contrast().halfWidth()
                    < hi.contrast().mean() - hi.contrast().halfWidth();
            overlap = apart ? "their 95% intervals do not overlap: the gap changes with the settings beyond seed noise"
                    : "their 95% intervals overlap: these seeds do not show the gap changing beyond seed noise";
        }
        long withInterval = measured.stream().filter(r -> r.contrast().gap().size() >= 2).count();
        long above = measured.stream().filter(r -> r.contrast().gap().size() >= 2
                && r.contrast().mean() - r.contrast().halfWidth() > 0).count();
        return String.format("The gap is largest at %s: %s points, and smallest at %s: %s; %s.%s", words(hi),
                Tables.withCi(hi.contrast().gap()), words(lo), Tables.withCi(lo.contrast().gap()), overlap,
                withInterval == 0 ? "" : String.format(" In %d of %d combinations with an interval it lies above 0.",
                        above, withInterval)) + none;
    }

    /** The table: a row per combination, each model's drop and the gap with 95% intervals, and its seeds. */
    String table(long finishedSeeds) {
        StringBuilder md = new StringBuilder("## The contrast over the grid\n\nPoints of test accuracy lost when the "
                + "pixels are permuted (standard minus permuted, paired by seed), and the gap: " + gapWords() + (
                finishedSeeds < 2 ? " (" + Tables.NO_INTERVAL + ")" : ", mean [95% interval]") + ". Seeds counts the "
                + "seeds all four cells finished, against the plan.\n\n| ");
        List<String> heads = new ArrayList<>(others.stream().map(Axis::title).toList());
        if (manyScrambles) {
            heads.add("pixels");
        }
        if (manyPairs) {
            heads.add("dense");
            heads.add("conv");
        }
        Row first = rows.get(0);
        heads.addAll(manyPairs ? List.of("dense drop", "conv drop", "gap (conv - dense)")
                : List.of(first.dense() + " drop", first.conv() + " drop", "gap (" + first.conv() + " - " + first.dense() + ")"));
        heads.add("seeds");
        md.append(String.join(" | ", heads)).append(" |\n|");
        others.forEach(a -> md.append(a.numeric() ? "---:|" : "---|"));
        md.append(manyScrambles ? "---|" : "").append(manyPairs ? "---|---|" : "").append("---|---|---|---:|\n");
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(r.others());
            if (manyScrambles) {
                cells.add(r.permuted());
            }
            if (manyPairs) {
                cells.add(r.dense());
                cells.add(r.conv());
            }
            int n = r.contrast().gap().size();
            cells.add(Tables.withCi(r.contrast().denseDrop()));
            cells.add(Tables.withCi(r.contrast().convDrop()));
            cells.add(Tables.withCi(r.contrast().gap()));
            cells.add(Tables.seedsCell(n, seeds));
            md.append("| ").append(String.join(" | ", cells)).append(" |\n");
        }
        return md.toString();
    }
}
