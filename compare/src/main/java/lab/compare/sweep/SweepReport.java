package lab.compare.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import lab.compare.report.Plots;
import lab.compare.report.ReportFiles;
import lab.compare.report.Stats;
import lab.compare.report.Summary;
import lab.compare.report.Tables;
import lab.compare.run.Origin;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * A sweep's report, from its plan and the results stored for it (nothing else: it can be rebuilt at any
 * time, by {@code lab report}): a summary (the grid in words, the best cell, the stacks' agreement, what
 * ran, and what stored runs it left out); where the grid asks the lab's own question (both pixels, a dense
 * and a convolutional model) the {@link SweepContrast} first, as figure, reading and table; the accuracy
 * plot; one table over the axes that vary (a row per cell: mean test accuracy with its 95% interval over the
 * seeds that finished, the seeds against the plan, diverged and failed runs counted); and the runs that did
 * not finish, each with the settings that vary. report.md, report.html and results.csv through
 * {@link ReportFiles}.
 */
public final class SweepReport {

    /** The accuracy plot's file in the sweep's folder. */
    public static final String PLOT = "sweep.png";

    private SweepReport() {
    }

    /** One row of the table: its axes' values, and its planned runs' results (missing: not run yet). */
    record Cell(List<String> key, List<RunSpec> planned, List<RunResult> results) {

        /** Accuracies (percent) of the finished runs, by seed. */
        Map<Long, Double> accuracies() {
            return Tables.bySeed(results, r -> true);
        }

        long count(RunResult.Status status) {
            return results.stream().filter(r -> r.status() == status).count();
        }

        /** Runs that ended without a test accuracy: diverged or failed. */
        int unfinished() {
            return (int) results.stream().filter(r -> !r.completed()).count();
        }

        double mean() {
            List<Double> v = new ArrayList<>(accuracies().values());
            return v.isEmpty() ? Double.NaN : Stats.mean(v);
        }
    }

    /** "lab sweep: arch mlp,cnn; lr 0.001,0.005": the report's title, from the axes' values in the plan's order. */
    public static String title(List<Axis> axes, List<RunSpec> planned) {
        return "lab sweep: " + varying(axes, planned);
    }

    /** "arch mlp,cnn; lr 0.001,0.005", or "no setting varies": the grid's axes and their values in the plan's order. */
    public static String varying(List<Axis> axes, List<RunSpec> planned) {
        return axes.isEmpty() ? "no setting varies" : axes.stream()
                .map(a -> a.title() + " " + String.join(",", distinct(a, planned))).collect(Collectors.joining("; "));
    }

    /**
     * Writes every file into {@code dir}; returns the Markdown. {@code axes} are the grid's varying axes (its
     * columns), {@code planned} its jobs; stored results of specs it does not plan are left out, and the
     * summary says how many and why.
     */
    public static String write(Path dir, String title, List<Axis> axes, List<RunSpec> planned, List<RunResult> stored) {
        Set<RunSpec> mine = Set.copyOf(planned);
        List<RunResult> results = stored.stream().filter(r -> mine.contains(r.spec())).toList();
        List<RunResult> others = stored.stream().filter(r -> !mine.contains(r.spec())).toList();
        List<Cell> cells = cells(axes, planned, results);
        long seeds = Tables.seeds(results);
        StringBuilder md = new StringBuilder("# " + title + "\n\n## Summary\n\n");
        md.append(summary(axes, planned, results, cells)).append("\n\n");
        String leftOut = leftOut(planned, others);
        if (!leftOut.isEmpty()) {
            md.append(leftOut).append("\n\n");
        }
        SweepContrast contrast = SweepContrast.of(axes, cells, planned);
        if (contrast != null) {
            md.append(contrast.headline(dir, seeds));
        }
        md.append(plot(dir, axes, planned, cells, seeds)).append('\n');
        md.append(Summary.closingLines(results));
        if (contrast != null) {
            md.append(contrast.table(seeds)).append('\n');
        }
        md.append(table(axes, cells, seeds)).append('\n');
        md.append(Tables.unfinishedRuns(results, s -> label(axes, s)));
        ReportFiles.write(dir, md.toString(), results);
        return md.toString();
    }

    /** The cells in the plan's order: each planned spec goes to the cell of its values on {@code axes}. */
    static List<Cell> cells(List<Axis> axes, List<RunSpec> planned, List<RunResult> results) {
        Map<List<String>, List<RunSpec>> specs = new LinkedHashMap<>();
        for (RunSpec s : planned) {
            specs.computeIfAbsent(key(axes, s), k -> new ArrayList<>()).add(s);
        }
        Map<List<String>, List<RunResult>> found = new LinkedHashMap<>();
        for (RunResult r : results) {
            found.computeIfAbsent(key(axes, r.spec()), k -> new ArrayList<>()).add(r);
        }
        List<Cell> cells = new ArrayList<>();
        specs.forEach((key, s) -> cells.add(new Cell(key, s, found.getOrDefault(key, List.of()))));
        return cells;
    }

    private static List<String> key(List<Axis> axes, RunSpec s) {
        return axes.stream().map(a -> a.value(s)).toList();
    }

    /** A run in the table of runs that did not finish: its study's words, and the value of every axis that varies. */
    private static String label(List<Axis> axes, RunSpec s) {
        return (axes.isEmpty() ? "the one cell" : axes.stream().map(a -> a.title() + " " + a.value(s))
                .collect(Collectors.joining(", "))) + ", seed " + s.seed();
    }

    private static String summary(List<Axis> axes, List<RunSpec> planned, List<RunResult> results, List<Cell> cells) {
        long seeds = planned.stream().map(RunSpec::seed).distinct().count();
        long ok = results.stream().filter(RunResult::completed).count();
        long diverged = results.stream().filter(r -> r.status() == RunResult.Status.DIVERGED).count();
        long failed = results.stream().filter(r -> r.status() == RunResult.Status.FAILED).count();
        String grid = axes.isEmpty() ? "one cell (no setting was given more than one value)"
                : axes.stream().map(a -> a.title() + " (" + String.join(", ", distinct(a, planned)) + ")")
                .collect(Collectors.joining(" x "));
        StringBuilder sb = new StringBuilder(String.format("A sweep over %s: %d cell(s) x %d seed(s) = %d runs; %d "
                + "finished, %d diverged, %d failed, %d not run yet. Fixed: %s.", grid, cells.size(), seeds,
                planned.size(), ok, diverged, failed, planned.size() - results.size(), fixed(axes, planned)));
        cells.stream().filter(c -> !c.accuracies().isEmpty())
                .max(Comparator.comparingDouble(Cell::mean))
                .ifPresent(best -> sb.append(String.format(" %s: %s, %s.", best.accuracies().size() < 2 ? "Best" : "Best mean",
                        words(axes, best.key()),
                        Tables.withCi(best.accuracies().values(), best.planned().size()))));
        return sb.toString();
    }

    /**
     * What the folder holds that this report does not read, and why: runs of seeds outside the plan's, runs
     * of cells another grid planned, runs of another command; empty if none.
     */
    static String leftOut(List<RunSpec> planned, List<RunResult> others) {
        if (others.isEmpty()) {
            return "";
        }
        Set<RunSpec> cells = planned.stream().map(Grid::cell).collect(Collectors.toSet());
        Set<Long> seedsPlanned = planned.stream().map(RunSpec::seed).collect(Collectors.toSet());
        List<RunResult> otherSeeds = others.stream().filter(r -> cells.contains(Grid.cell(r.spec()))
                && !seedsPlanned.contains(r.spec().seed())).toList();
        List<RunResult> otherCells = others.stream().filter(r -> !otherSeeds.contains(r)
                && r.spec().study() == Origin.SWEEP).toList();
        List<RunResult> otherCommands = others.stream().filter(r -> r.spec().study() != Origin.SWEEP)
                .toList();
        List<String> parts = new ArrayList<>();
        if (!otherSeeds.isEmpty()) {
            List<Long> seeds = otherSeeds.stream().map(r -> r.spec().seed()).distinct().sorted().toList();
            parts.add(String.format("%d of seed(s) %s, outside the plan's seeds %s", otherSeeds.size(),
                    Tables.seedList(seeds), Tables.seedList(planned.stream().map(RunSpec::seed).distinct().sorted()
                            .toList())));
        }
        if (!otherCells.isEmpty()) {
            parts.add(otherCells.size() + " of cells or seeds this plan does not run (another sweep, or another shard of "
                    + "this one, into the same folder)");
        }
        if (!otherCommands.isEmpty()) {
            parts.add(otherCommands.size() + " of another command ("
                    + otherCommands.stream().map(r -> r.spec().study().toString()).distinct()
                    .collect(Collectors.joining(", ")) + ")");
        }
        return String.format("**Left out.** results.jsonl holds %d run(s) this report does not read: %s.",
                others.size(), String.join("; ", parts));
    }

    /** The settings every cell shares, in words ("epochs 10 on digits8, 1 on mnist10k" where it follows the data). */
    private static String fixed(List<Axis> axes, List<RunSpec> planned) {
        List<String> parts = new ArrayList<>();
        for (Axis a : Axis.values()) {
            if (axes.contains(a)) {
                continue;
            }
            List<String> values = distinct(a, planned);
            if (values.size() == 1) {
                parts.add(a.title() + " " + values.get(0));
            } else { // a setting that follows another (epochs by data set)
                Map<String, String> byData = new LinkedHashMap<>();
                planned.forEach(s -> byData.putIfAbsent(s.data(), a.value(s)));
                parts.add(a.title() + " " + byData.entrySet().stream().map(e -> e.getValue() + " on " + e.getKey())
                        .collect(Collectors.joining(", ")));
            }
        }
        return String.join(", ", parts);
    }

    /** An axis's values over {@code planned}, each once, in the plan's order. */
    static List<String> distinct(Axis a, List<RunSpec> planned) {
        return planned.stream().map(a::value).distinct().toList();
    }

    /** "arch cnn, lr 0.005": a cell's values on {@code axes} in words. */
    static String words(List<Axis> axes, List<String> key) {
        if (axes.isEmpty()) {
            return "the one cell";
        }
        List<String> w = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            w.add(axes.get(i).title() + " " + key.get(i));
        }
        return String.join(", ", w);
    }

    /** The table; its opening says what a cell holds: a mean and its interval, or with {@code seeds} 1 one seed's. */
    private static String table(List<Axis> axes, List<Cell> cells, long seeds) {
        StringBuilder md = new StringBuilder("## Results over the grid\n\nTest accuracy in percent" + (seeds < 2
                ? " of the one seed that finished (" + Tables.NO_INTERVAL + ")"
                : ": mean [95% interval] over the seeds that finished") + ". Seeds counts them against the plan; a run "
                + "that diverged or failed is left out of the mean and counted in its column.\n\n| ");
        List<String> heads = new ArrayList<>(axes.stream().map(Axis::title).toList());
        if (heads.isEmpty()) {
            heads.add("cell");
        }
        md.append(String.join(" | ", heads)).append(" | test accuracy % | seeds | diverged | failed |\n|");
        axes.forEach(a -> md.append(a.numeric() ? "---:|" : "---|"));
        md.append(axes.isEmpty() ? "---|" : "").append("---|---:|---:|---:|\n");
        for (Cell c : cells) {
            int done = c.accuracies().size();
            int planned = c.planned().size();
            md.append("| ").append(axes.isEmpty() ? "all runs" : String.join(" | ", c.key()))
                    .append(String.format(" | %s | %s | %d | %d |%n", Tables.withCi(c.accuracies().values()),
                            Tables.seedsCell(done, planned),
                            c.count(RunResult.Status.DIVERGED), c.count(RunResult.Status.FAILED)));
        }
        return md.toString();
    }

    /**
     * Along the first numeric axis that varies, one line per combination of the other axes (mean and 95%
     * interval), a panel per value of the second numeric axis if there is one; with no numeric axis, a bar
     * per cell. Cells whose runs diverged or failed are marked, not dropped.
     */
    private static String plot(Path dir, List<Axis> axes, List<RunSpec> planned, List<Cell> cells, long seeds) {
        List<Axis> numeric = axes.stream().filter(a -> a.numericOver(planned)).toList();
        if (numeric.isEmpty()) {
            Plots.bars(dir.resolve(PLOT), "Test accuracy per cell (" + Plots.seedsNote(seeds) + ")", "cell",
                    cells.stream().map(c -> (axes.isEmpty() ? "all runs" : String.join(", ", c.key()))
                            + (c.unfinished() > 0 ? " (" + c.unfinished() + " diverged/failed)" : "")).toList(),
                    cells.stream().map(Cell::mean).toList(),
                    cells.stream().map(c -> ci(c.accuracies().values())).toList());
            return "![test accuracy per cell](" + PLOT + ")\n\nNo numeric setting (lr, batch, epochs, train size) "
                    + "was given more than one value, so the plot is a bar per cell.\n";
        }
        Axis along = numeric.get(0);
        Axis across = numeric.size() > 1 ? numeric.get(1) : null;
        Figure figure = new Figure(axes, along, across, "test accuracy");
        for (Cell c : cells) {
            figure.add(c.key(), c.accuracies().values(), c.unfinished());
        }
        String caption = Plots.panels(dir.resolve(PLOT), "Test accuracy against " + along.title(),
                along.title() + (along.logScale() ? " (log scale)" : ""), "test accuracy %", along.logScale(),
                Plots.YRange.ACCURACY, figure.panelTitles(), figure.panels(), seeds);
        return "![test accuracy against " + along.title() + "](" + PLOT + ")\n\nAlong " + along.title() + ", the first "
                + "numeric setting given more than one value; " + (across == null ? "" : "a panel per " + across.title()
                + ", the second; ") + "one line per combination of the others. " + caption + "\n";
    }

    /** A bar's 95% half-width ({@link Stats#ci95}: NaN under two seeds, so no error bar is drawn). */
    private static double ci(Collection<Double> values) {
        return Stats.ci95(new ArrayList<>(values));
    }

    /**
     * Points gathered into the panels and lines of a {@link Plots#panels} figure: x is the value on
     * {@code along}, the panel the value on {@code across} (one panel if null), the line the values on the
     * other axes; a point's y is the mean of its values (NaN if none) with their 95% half-width.
     */
    static final class Figure {

        private final List<Axis> axes;
        private final int x;
        private final int panel;
        private final String single;
        private final Map<String, Map<String, Map<Double, Point>>> points = new LinkedHashMap<>(); // panel -> line -> x

        private record Point(List<Double> values, int unfinished) {
        }

        /** {@code single}: the line's name when no other setting names it (one line per panel). */
        Figure(List<Axis> axes, Axis along, Axis across, String single) {
            this.axes = axes;
            this.single = single;
            this.x = axes.indexOf(along);
            this.panel = across == null ? -1 : axes.indexOf(across);
        }

        /** A point from a key over {@code axes} (other values may follow, named in {@code extra}). */
        void add(List<String> key, Collection<Double> values, int unfinished) {
            add(key, "", values, unfinished);
        }

        /** A point whose line's name also carries {@code extra} ("" if nothing). */
        void add(List<String> key, String extra, Collection<Double> values, int unfinished) {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                if (i != x && i != panel) {
                    others.add(axes.get(i).title() + " " + key.get(i));
                }
            }
            if (!extra.isEmpty()) {
                others.add(extra);
            }
            String line = others.isEmpty() ? "" : String.join(", ", others);
            String p = panel < 0 ? "" : axes.get(panel).title() + " " + key.get(panel);
            points.computeIfAbsent(p, k -> new LinkedHashMap<>()).computeIfAbsent(line, k -> new TreeMap<>())
                    .put(Axis.number(key.get(x)), new Point(List.copyOf(values), unfinished));
        }

        /** The panels' titles, by their value as a number (as the x axis runs). */
        List<String> panelTitles() {
            return order().stream().toList();
        }

        List<List<Plots.Series>> panels() {
            List<List<Plots.Series>> out = new ArrayList<>();
            for (String p : order()) {
                List<Plots.Series> lines = new ArrayList<>();
                points.get(p).forEach((name, at) -> {
                    Plots.Points xyErr = Plots.Points.withErrors(at.size());
                    int[] unfinished = new int[at.size()];
                    int i = 0;
                    for (Map.Entry<Double, Point> e : at.entrySet()) {
                        Tables.point(xyErr, i, e.getKey(), e.getValue().values());
                        unfinished[i++] = e.getValue().unfinished();
                    }
                    lines.add(new Plots.Series(name.isEmpty() ? single : name, xyErr.x(), xyErr.y(), xyErr.err(),
                            unfinished));
                });
                out.add(lines);
            }
            return out;
        }

        private List<String> order() {
            List<String> titles = new ArrayList<>(points.keySet());
            if (panel >= 0) {
                String prefix = axes.get(panel).title() + " ";
                titles.sort(Comparator.comparingDouble(t -> Axis.number(t.substring(prefix.length()))));
            }
            return titles;
        }
    }
}
