package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lab.compare.report.Plots;
import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * Locality versus weight sharing: mlp, cnn and lcn (the cnn with locally connected layers: locality
 * without sharing) on standard and permuted pixels, with their parameter counts.
 */
final class Sharing extends ScaledStudy {

    Sharing() {
        super(Study.SHARING, "Locality versus weight sharing", "Locality without sharing (a locally "
                + "connected `lcn`) should keep much of the CNN's accuracy on standard pixels and lose it on permuted "
                + "ones; what the CNN has over it is what sharing buys.", "`lcn` is the `cnn` "
                + "with each convolution replaced by a locally connected layer: the same receptive fields, but "
                + "every position its own kernel. What `cnn` has over `lcn` on standard pixels is what sharing "
                + "buys; what `lcn` loses on permuted pixels is what locality alone was worth.");
    }

    @Override
    public List<RunSpec> plan(Scale s) {
        return axes(s, List.of("mlp", "cnn", "lcn")).jobs(block ->
                List.of(Axes.Rung.of(block.models(), Axes.BOTH_PIXELS)));
    }

    @Override
    Part dataSection(Path dir, String data, List<RunResult> mine, int seeds) {
        StringBuilder md = new StringBuilder("### ").append(data).append(String.format("%n%n%s.%n%n| stack | model "
                + "| parameters | standard %% | permuted %% | drop (points) |%n|---|---|---:|---|---|---|%n",
                Tables.epochs(mine.get(0).spec().epochs())));
        List<String> reading = new ArrayList<>();
        Stack shown = mine.get(0).spec().stack();
        List<Control.DropCell> cells = Control.DropCell.of(mine, Tables.distinct(mine, r -> r.spec().stack()),
                Tables.distinct(mine, r -> r.spec().arch()));
        for (Control.DropCell c : cells) {
            long params = mine.stream().filter(r -> r.spec().arch().equals(c.model())).findFirst()
                    .map(RunResult::parameters).orElse(0L);
            md.append(String.format("| %s | %s | %,d | %s | %s | %s |%n", c.stack(), c.model(), params,
                    Tables.withCi(c.standard().values(), seeds), Tables.withCi(c.permuted().values(), seeds),
                    Tables.withCi(c.drop())));
            if (c.stack() == shown && !c.standard().isEmpty()) {
                reading.add(String.format("%s %.2f%% on standard pixels, %s points lost on permuted", c.model(),
                        Stats.mean(new ArrayList<>(c.standard().values())), Tables.withCi(c.drop())));
            }
        }
        String png = "sharing-" + Tables.slug(data) + ".png";
        long seedsRun = Tables.seeds(mine);
        Control.DropCell.bars(cells).plot(dir.resolve(png), data + ": convolution, locally connected, dense (" + Plots.seedsNote(seedsRun) + ")");
        String words = reading.isEmpty() ? "" : "(" + shown + " stack) " + String.join("; ", reading) + "."
                + (seedsRun < 2 ? " " + Tables.noIntervalSentence() : "");
        md.append("\n![").append(data).append(": accuracy of mlp, cnn and lcn](").append(png).append(")\n\n");
        return new Part(md.toString(), png, words);
    }
}
