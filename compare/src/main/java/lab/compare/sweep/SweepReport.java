package lab.compare.sweep;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import lab.compare.report.Plots;
import lab.compare.report.ReportFiles;
import lab.compare.report.Stats;
import lab.compare.report.Summary;
import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * A sweep's report, from its plan and the results stored for it (nothing else: it can be rebuilt at any
 * time): a summary (the grid in words, the best cell, the plot, the stacks' agreement, what ran), one
 * table over the axes that vary (a row per cell: mean test accuracy with its 95%
 * interval over the seeds that finished, the seeds against the plan, diverged and failed runs counted; the
 * plot is along the first numeric axis that varies, or, with none, a bar per cell), and the runs that did
 * not finish; report.md, report.html and results.csv through {@link ReportFiles}.
 */
public final class SweepReport {

    /** The plot's file in the sweep's folder. */
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

        double mean() {
            List<Double> v = new ArrayList<>(accuracies().values());
            return v.isEmpty() ? Double.NaN : Stats.mean(v);
        }
    }

    /**
     * Writes every file into {@code dir}; returns the Markdown. {@code axes} are the grid's varying axes (its
     * columns), {@code planned} its jobs; results of specs it does not plan are not read.
     */
    public static String write(Path dir, String title, List<Axis> axes, List<RunSpec> planned, List<RunResult> stored) {
        Set<RunSpec> mine = Set.copyOf(planned);
        List<RunResult> results = stored.stream().filter(r -> mine.contains(r.spec())).toList();
        List<Cell> cells = cells(axes, planned, results);
        StringBuilder md = new StringBuilder("# " + title + "\n\n## Summary\n\n");
        md.append(summary(axes, planned, results, cells)).append("\n\n");
        long seeds = Tables.seeds(results);
        md.append(plot(dir, axes, cells, seeds)).append('\n');
        md.append(Summary.closingLines(results));
        md.append(table(axes, cells, seeds)).append('\n');
        md.append(Tables.unfinishedRuns(results));
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
                .max(java.util.Comparator.comparingDouble(Cell::mean))
                .ifPresent(best -> sb.append(String.format(" %s: %s, %s.", best.accuracies().size() < 2 ? "Best" : "Best mean",
                        words(axes, best),
                        Tables.withCi(best.accuracies().values(), best.planned().size()))));
        return sb.toString();
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

    private static List<String> distinct(Axis a, List<RunSpec> planned) {
        return planned.stream().map(a::value).distinct().toList();
    }

    private static String words(List<Axis> axes, Cell c) {
        if (axes.isEmpty()) {
            return "the one cell";
        }
        List<String> w = new ArrayList<>();
        for (int i = 0; i < axes.size(); i++) {
            w.add(axes.get(i).title() + " " + c.key().get(i));
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
                            done == planned ? Integer.toString(planned) : done + " of " + planned,
                            c.count(RunResult.Status.DIVERGED), c.count(RunResult.Status.FAILED)));
        }
        return md.toString();
    }

    /**
     * Along the first numeric axis that varies, one line per combination of the other axes (mean and 95%
     * interval); with no numeric axis, a bar per cell.
     */
    private static String plot(Path dir, List<Axis> axes, List<Cell> cells, long seeds) {
        Axis along = axes.stream().filter(Axis::numeric).findFirst().orElse(null);
        if (along == null) {
            Plots.bars(dir.resolve(PLOT), "Test accuracy per cell (" + Plots.seedsNote(seeds) + ")", "cell",
                    cells.stream().map(c -> axes.isEmpty() ? "all runs" : String.join(", ", c.key())).toList(),
                    cells.stream().map(Cell::mean).toList(),
                    cells.stream().map(c -> ci(c.accuracies().values())).toList());
            return "![test accuracy per cell](" + PLOT + ")\n\nNo numeric setting (lr, batch, epochs, train size) "
                    + "was given more than one value, so the plot is a bar per cell.\n";
        }
        int x = axes.indexOf(along);
        Map<String, Map<Double, List<Double>>> lines = new LinkedHashMap<>();
        for (Cell c : cells) {
            List<String> others = new ArrayList<>();
            for (int i = 0; i < axes.size(); i++) {
                if (i != x) {
                    others.add(axes.get(i).title() + " " + c.key().get(i));
                }
            }
            String name = others.isEmpty() ? "test accuracy" : String.join(", ", others);
            lines.computeIfAbsent(name, k -> new LinkedHashMap<>())
                    .put(Double.parseDouble(c.key().get(x)), new ArrayList<>(c.accuracies().values()));
        }
        Map<String, double[][]> series = new LinkedHashMap<>();
        lines.forEach((name, points) -> {
            double[][] xy = new double[3][points.size()];
            int i = 0;
            for (Map.Entry<Double, List<Double>> p : new java.util.TreeMap<>(points).entrySet()) {
                Tables.point(xy, i++, p.getKey(), p.getValue());
            }
            series.put(name, xy);
        });
        Plots.lines(dir.resolve(PLOT), "Test accuracy against " + along.title() + " (" + Plots.seedsNote(seeds) + ")",
                along.title() + (along.logScale() ? " (log scale)" : ""), "test accuracy %", series, along.logScale());
        return "![test accuracy against " + along.title() + "](" + PLOT + ")\n\nAlong " + along.title() + ", the first "
                + "numeric setting given more than one value; one line per combination of the others.\n";
    }

    /** A bar's 95% half-width ({@link Stats#ci95}: NaN under two seeds, so no error bar is drawn). */
    private static double ci(java.util.Collection<Double> values) {
        return Stats.ci95(new ArrayList<>(values));
    }
}
