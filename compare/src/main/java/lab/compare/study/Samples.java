package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.report.Plots;
import lab.compare.report.Tables;
import lab.compare.run.DataRef;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * Sample efficiency: mlp and cnn, standard and permuted, on training subsets of growing size; each run sees
 * about the same number of images, so small sets get more epochs.
 */
final class Samples extends ScaledStudy {

    Samples() {
        super(Study.SAMPLES, "Sample efficiency", "A right prior pays most when data is scarce: the "
                + "CNN's lead over the MLP should be largest with the fewest training images.", "Accuracy against the number of "
                + "training images (spread over the classes, drawn by the seed). Each run sees about the same "
                + "number of images in all, so small sets get more epochs. A right prior should pay most when data "
                + "is scarce.");
    }

    /**
     * Training-set sizes, the largest all of digits8's 1,346 or mnist10k's 7,498 training images (a size above
     * the images there are is refused before a plan runs); each run sees about the same number of images (so
     * small sets get more epochs).
     */
    static List<Integer> sizes(String data, boolean quick) {
        if (DataRef.of(data).side() == 8) {
            return quick ? List.of(50, 1346) : List.of(50, 100, 200, 500, 1346);
        }
        return List.of(100, 300, 1000, 3000, 7498);
    }

    @Override
    public List<RunSpec> plan(Scale s) {
        return axes(s, List.of("mlp", "cnn")).jobs(block -> {
            int side = DataRef.of(block.data()).side();
            // Images seen per run. It counts the largest set as 1,348 (digits8) or 7,500 (mnist10k) images, the
            // sizes the study was planned with before plans were checked against the images there are (1,346
            // and 7,498): the same epochs per size as every earlier run, so old folders and docs stay valid.
            int planned = side == 8 ? 1348 : 7500;
            int budget = planned * block.epochs() * (side == 8 ? 1 : 2);
            return sizes(block.data(), s.quick()).stream().map(n -> Axes.Rung.of(block.models(), Axes.BOTH_PIXELS)
                    .with(job -> job.trainSize(n).epochs(Math.max(1, Math.round((float) budget / n))))).toList();
        });
    }

    private static String column(RunResult r) {
        return r.spec().arch() + (r.spec().permuted() ? " permuted" : " standard") + " / " + r.spec().stack();
    }

    @Override
    Part dataSection(Path dir, String data, List<RunResult> mine, int seeds) {
        List<String> cols = Tables.distinct(mine, Samples::column);
        List<Integer> sizes = Tables.distinct(mine, RunResult::trainSize);
        sizes.sort(Comparator.naturalOrder());
        StringBuilder md = new StringBuilder("### ").append(data).append(String.format("%n%n| training images "
                + "| epochs | %s |%n|---:|---:|%s%n", String.join(" | ", cols), "---|".repeat(cols.size())));
        Map<String, Plots.Points> series = new LinkedHashMap<>();
        for (String col : cols) {
            series.put(col, Plots.Points.withErrors(sizes.size()));
        }
        for (int i = 0; i < sizes.size(); i++) {
            int n = sizes.get(i);
            List<String> cells = new ArrayList<>();
            int epochs = mine.stream().filter(r -> r.trainSize() == n).findFirst().map(r -> r.spec().epochs())
                    .orElse(0);
            for (String col : cols) {
                Map<Long, Double> acc = Tables.bySeed(mine, r -> r.trainSize() == n && column(r).equals(col));
                cells.add(Tables.withCi(acc.values(), seeds));
                Tables.point(series.get(col), i, n, acc.values());
            }
            md.append(String.format("| %,d | %d | %s |%n", n, epochs, String.join(" | ", cells)));
        }
        long seedsRun = Tables.seeds(mine);
        String reading = reading(mine, sizes) + (seedsRun < 2 ? "\n" + Tables.noIntervalSentence() + "\n" : "");
        md.append("\n").append(reading).append("\n");
        String png = "samples-" + Tables.slug(data) + ".png";
        Plots.lines(dir.resolve(png), data + ": accuracy against training-set size (" + Plots.seedsNote(seedsRun) + ")",
                "training images (log scale)", "test accuracy %", series, true);
        md.append("\n![").append(data).append(": accuracy against training-set size](").append(png).append(")\n\n");
        return new Part(md.toString(), png, reading);
    }

    /** The cnn's lead over the mlp (standard pixels, first stack, paired by seed) at each size. */
    private static String reading(List<RunResult> rs, List<Integer> sizes) {
        Stack stack = rs.get(0).spec().stack();
        StringBuilder sb = new StringBuilder();
        for (int n : sizes) {
            Map<Long, Double> cnn = Tables.bySeed(rs, r -> r.trainSize() == n && r.spec().stack() == stack
                    && r.spec().arch().equals("cnn") && !r.spec().permuted());
            Map<Long, Double> mlp = Tables.bySeed(rs, r -> r.trainSize() == n && r.spec().stack() == stack
                    && r.spec().arch().equals("mlp") && !r.spec().permuted());
            sb.append(String.format("- %,d training images (%s stack): cnn minus mlp on standard pixels, %s points.%n",
                    n, stack, Tables.withCi(Tables.paired(cnn, mlp))));
        }
        return sb.toString();
    }
}
