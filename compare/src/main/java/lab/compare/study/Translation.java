package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
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
 * Translation: mlp, cnn and cnn-gap trained on the digits as they are, tested shifted by 0..S pixels
 * (S = 2 on 8x8, 4 on 28x28); the section sets accuracy against the shift.
 */
final class Translation extends ScaledStudy {

    Translation() {
        super(Study.TRANSLATION, "Translation", "Pooling, not convolution alone, should make a "
                + "network tolerate shifted digits: the CNNs should keep more of their accuracy under a shift than the "
                + "MLP, and global average pooling the most.", "Trained on the digits as they are, tested "
                + "on copies shifted by s pixels (zero fill; the mean over up, down, left and right). Convolution is "
                + "equivariant to shifts; only pooling makes a network invariant, and global average pooling "
                + "(`cnn-gap`) the most.");
    }

    @Override
    public List<RunSpec> plan(Scale s) {
        return axes(s, List.of("mlp", "cnn", "cnn-gap")).jobs(block -> List.of(Axes.Rung.of(block.models(),
                Axes.STANDARD).with(job -> job.maxShift(DataRef.of(block.data()).side() == 8 ? 2 : 4))));
    }

    private static String column(RunResult r) {
        return r.spec().arch() + " / " + r.spec().stack();
    }

    @Override
    Part dataSection(Path dir, String data, List<RunResult> all, int seeds) {
        List<RunResult> mine = all.stream().filter(r -> r.shiftAccuracy() != null).toList();
        if (mine.isEmpty()) {
            return new Part("", null, "");
        }
        List<String> cols = Tables.distinct(mine, Translation::column);
        int shifts = mine.get(0).shiftAccuracy().length;
        StringBuilder md = new StringBuilder("### ").append(data).append(String.format("%n%n%s.%n%n| shift (pixels) "
                + "| %s |%n|---:|%s%n", Tables.epochs(mine.get(0).spec().epochs()), String.join(" | ", cols),
                "---|".repeat(cols.size())));
        Map<String, Plots.Points> series = new LinkedHashMap<>();
        for (String col : cols) {
            series.put(col, Plots.Points.withErrors(shifts));
        }
        for (int s = 0; s < shifts; s++) {
            List<String> cells = new ArrayList<>();
            for (String col : cols) {
                List<Double> acc = new ArrayList<>(); // one per run: a shift's accuracy has no by-seed map to pair
                for (RunResult r : mine) {
                    if (column(r).equals(col) && r.shiftAccuracy().length > s) {
                        acc.add(100 * r.shiftAccuracy()[s]);
                    }
                }
                cells.add(Tables.withCi(acc, seeds));
                Tables.point(series.get(col), s, s, acc);
            }
            md.append(String.format("| %d | %s |%n", s, String.join(" | ", cells)));
        }
        String reading = String.format("At a %d-pixel shift, each model keeps this share of its unshifted accuracy: "
                + "%s.", shifts - 1, String.join(", ", cols.stream().map(col -> String.format("%s %.0f%%", col,
                        100 * series.get(col).y()[shifts - 1] / series.get(col).y()[0])).toList()));
        md.append("\n").append(reading).append("\n");
        String png = "translation-" + Tables.slug(data) + ".png";
        long seedsRun = Tables.seeds(mine);
        Plots.lines(dir.resolve(png), data + ": accuracy against test shift (" + Plots.seedsNote(seedsRun) + ")",
                "shift (pixels)", "test accuracy %", series, false);
        md.append("\n![").append(data).append(": accuracy against shift](").append(png).append(")\n\n");
        // The summary's reading, read alone, says one seed has no interval (the section says it in its heading).
        return new Part(md.toString(), png, reading + (seedsRun < 2 ? " " + Tables.noIntervalSentence() : ""));
    }
}
