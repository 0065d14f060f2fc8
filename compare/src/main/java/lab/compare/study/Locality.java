package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.report.Plots;
import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.DataRef;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * Dose-response of locality: mlp and cnn on a ladder of scrambles ({@link lab.data.Scramble}) from harmless
 * to total; the section sets accuracy against the share of neighbouring pixels left neighbours.
 */
final class Locality extends ScaledStudy {

    Locality() {
        super(Study.LOCALITY, "Dose-response of locality", "If the CNN's advantage is its locality prior, "
                + "its accuracy falls as the pixels lose their neighbours while the MLP's stays flat.", "Each scramble moves pixels "
                + "by one fixed permutation per seed; *locality* is the share of neighbouring pixel pairs that are "
                + "still neighbours (1 = untouched, near 0 = none beyond chance). If the CNN's advantage is its "
                + "locality prior, its line falls with locality while the MLP's stays flat.");
    }

    @Override
    public List<RunSpec> plan(Scale s) {
        // A rung is a scramble, drawn from the seed's permutation; the first (null) is standard pixels.
        return axes(s, List.of("mlp", "cnn")).jobs(block -> ladder(DataRef.of(block.data()).side(), s.quick()).stream()
                .map(scramble -> Axes.Rung.of(block.models(), scramble == null ? Axes.STANDARD : Axes.PERMUTED)
                        .with(job -> job.scramble(scramble))).toList());
    }

    /** The scramble ladder for a side: null (standard pixels), blocks, within-block, fractions, full. */
    static List<String> ladder(int side, boolean quick) {
        if (quick) {
            return Arrays.asList(null, "blocks:2", "within:2", "fraction:0.5", "full");
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

    private static String column(RunResult r) {
        return r.spec().arch() + " / " + r.spec().stack();
    }

    @Override
    Part dataSection(Path dir, String data, List<RunResult> mine, int seeds) {
        List<String> cols = Tables.distinct(mine, Locality::column);
        Map<String, List<Double>> localities = new LinkedHashMap<>();
        for (RunResult r : mine) {
            localities.computeIfAbsent(Tables.scramble(r.spec()), k -> new ArrayList<>()).add(r.locality());
        }
        List<String> rungs = new ArrayList<>(localities.keySet());
        rungs.sort(Comparator.comparingDouble((String k) -> -Stats.mean(localities.get(k))));
        StringBuilder md = new StringBuilder("### ").append(data).append(String.format("%n%n%s.%n%n| scramble "
                + "| locality | %s |%n|---|---:|%s%n", Tables.epochs(mine.get(0).spec().epochs()),
                String.join(" | ", cols), "---|".repeat(cols.size())));
        Map<String, Plots.Points> series = new LinkedHashMap<>(); // a line per column
        for (String col : cols) {
            series.put(col, Plots.Points.withErrors(rungs.size()));
        }
        for (int i = 0; i < rungs.size(); i++) {
            String rung = rungs.get(i);
            double loc = Stats.mean(localities.get(rung));
            List<String> cells = new ArrayList<>();
            for (String col : cols) {
                Map<Long, Double> acc = Tables.bySeed(mine, r -> Tables.scramble(r.spec()).equals(rung)
                        && column(r).equals(col));
                cells.add(Tables.withCi(acc.values(), seeds));
                Tables.point(series.get(col), i, loc, acc.values());
            }
            md.append(String.format("| %s | %.3f | %s |%n", rung, loc, String.join(" | ", cells)));
        }
        StringBuilder reading = new StringBuilder();
        for (String model : Tables.distinct(mine, r -> r.spec().arch())) {
            reading.append(reading(mine, model, rungs, localities)).append("\n");
        }
        long seedsRun = Tables.seeds(mine);
        if (seedsRun < 2) {
            reading.append("\n").append(Tables.noIntervalSentence()).append("\n");
        }
        md.append("\n").append(reading);
        String png = "locality-" + Tables.slug(data) + ".png";
        Plots.lines(dir.resolve(png), data + ": accuracy against locality kept (" + Plots.seedsNote(seedsRun) + ")",
                "locality kept (share of neighbouring pairs still neighbours)", "test accuracy %", series, false);
        md.append("\n![").append(data).append(": accuracy against locality](").append(png).append(")\n\n");
        return new Part(md.toString(), png, reading.toString());
    }

    /**
     * How far a model falls from standard pixels to the least local rung, and the first rung where it clearly
     * does: beyond seed noise (the drop's 95% interval above half a point) with two seeds or more; with one,
     * where the one drop is above half a point, said as observed on that seed (there is no interval).
     */
    private static String reading(List<RunResult> rs, String model, List<String> rungs,
                                  Map<String, List<Double>> localities) {
        Stack stack = rs.get(0).spec().stack();
        Map<Long, Double> base = Tables.bySeed(rs, r -> r.spec().arch().equals(model) && r.spec().stack() == stack
                && !r.spec().permuted());
        if (base.isEmpty()) {
            return "";
        }
        boolean oneSeed = base.size() < 2;
        String first = null;
        String last = rungs.get(rungs.size() - 1);
        for (String rung : rungs) {
            Map<Long, Double> acc = Tables.bySeed(rs, r -> r.spec().arch().equals(model) && r.spec().stack() == stack
                    && Tables.scramble(r.spec()).equals(rung));
            List<Double> drop = Tables.paired(base, acc);
            boolean costs = oneSeed ? drop.size() == 1 && drop.get(0) > 0.5
                    : drop.size() >= 2 && Stats.mean(drop) - Stats.ci95(drop) > 0.5;
            if (first == null && costs) {
                first = rung;
            }
        }
        List<Double> total = Tables.paired(base, Tables.bySeed(rs, r -> r.spec().arch().equals(model)
                && r.spec().stack() == stack && Tables.scramble(r.spec()).equals(last)));
        String beyond = oneSeed ? " on its one seed" : " beyond seed noise";
        return String.format("- %s (%s stack): %s points lost at the least local scramble (%s, locality %.3f); %s.",
                model, stack, Tables.withCi(total), last, Stats.mean(localities.get(last)), first == null
                        ? "no scramble cost it more than half a point" + beyond
                        : "the first scramble (by falling locality) to cost it more than half a point" + beyond
                        + " is " + first + " (locality " + String.format("%.3f", Stats.mean(localities.get(first)))
                        + ")");
    }
}
