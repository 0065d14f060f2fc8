package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

import lab.compare.report.Plots;
import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.DataRef;
import lab.compare.run.Pixels;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.study.Ladder.Family;
import lab.compare.study.Ladder.Rung;

/**
 * Accuracy against parameters: mlp, cnn and lcn over a ladder of widths ({@link Ladder}), and the book's
 * two models, on standard and permuted pixels; the section plots each family's curve and reads off the
 * parameters an mlp needs to match the cnn at each of its widths ({@link Match}). The words of its reading
 * are in {@link ParamsReading}.
 */
final class Params extends ScaledStudy {

    /** fashion trains on as many images as mnist10k has (7,500 of its 60,000), one epoch: a budget's choice. */
    static final int FASHION_TRAIN_IMAGES = 7_500;

    Params() {
        super(Study.PARAMS, "Accuracy against parameters", "A small CNN should match a much larger "
                + "MLP on standard pixels (the chapter: 1,490 weights against 2,410 on 8x8 digits), and lose that "
                + "advantage on permuted pixels, where the MLP's curve does not move.", String.format("How many parameters does each family "
                + "need for a given accuracy? mlp has one hidden layer of %,d to %,d units; cnn the preset's two conv "
                + "blocks with %d/%d up to %d/%d channels; lcn the same with locally connected layers (locality "
                + "without sharing: every position its own kernel, so its parameters grow much faster), the whole "
                + "ladder on 8x8 and up to %d/%d channels on larger images (its layers run only on the reference's "
                + "naive loops, where the next rung would take minutes a run); the book's two models are marked points "
                + "on 8x8. "
                + "For each cnn width, the parameters an mlp needs to reach the cnn's accuracy: where the mlp's "
                + "curve of mean accuracy against log(parameters) first reaches the cnn's mean, interpolated between "
                + "the two rungs it passes between (nothing is read beyond the ladder). With two seeds or more, its "
                + "interval is where the curve's upper 95%% bound first reaches the cnn's lower bound, and where its lower bound first "
                + "reaches the cnn's upper bound: each side's uncertainty at its extreme, so wider than a joint 95%% "
                + "interval, never narrower. The stacks: %s; the tables and plots are the reference's, and the two "
                + "are compared where both ran. fashion trains on %,d of its training images (as many as mnist10k "
                + "has).", Ladder.MLP_UNITS.get(0), Ladder.MLP_UNITS.get(Ladder.MLP_UNITS.size() - 1),
                Ladder.CHANNELS.get(0), 2 * Ladder.CHANNELS.get(0), Ladder.CHANNELS.get(Ladder.CHANNELS.size() - 1),
                2 * Ladder.CHANNELS.get(Ladder.CHANNELS.size() - 1), Ladder.LCN_MAX_CHANNELS_28,
                2 * Ladder.LCN_MAX_CHANNELS_28, Ladder.DL4J_RULE, FASHION_TRAIN_IMAGES));
    }

    /** The training images a data set's runs use: fashion {@link #FASHION_TRAIN_IMAGES}, other sets all (null). */
    static Integer trainSize(String data) {
        return data.equals("fashion") ? FASHION_TRAIN_IMAGES : null;
    }

    @Override
    public List<RunSpec> plan(Scale s) {
        // A rung of the ladder is its own model: the blocks name none.
        return axes(s, List.of()).jobs(block -> {
            int side = DataRef.of(block.data()).side();
            return Ladder.rungs(side, s.quick()).stream().map(rung -> Axes.Rung.of(List.of(rung.arch()),
                    Axes.BOTH_PIXELS).on(stack -> Ladder.runs(stack, rung, side, s.stacks()))
                    .with(job -> job.trainSize(trainSize(block.data())))).toList();
        });
    }

    /** One rung's accuracies (percent) by seed on one stack, on standard and on permuted pixels. */
    record Cell(Rung rung, long parameters, Map<Long, Double> standard, Map<Long, Double> permuted) {

        Map<Long, Double> pixels(boolean permutedPixels) {
            return permutedPixels ? permuted : standard;
        }

        /** The rung as a point of a curve: parameters, mean, 95% half-width (NaN under two seeds); null if none ran. */
        Match.Point point(boolean permutedPixels) {
            List<Double> v = List.copyOf(pixels(permutedPixels).values());
            return v.isEmpty() ? null : new Match.Point(parameters, Stats.mean(v), Stats.ci95(v));
        }
    }

    /** Every rung {@code stack} ran, by family, then by parameters. */
    static List<Cell> cells(List<RunResult> rs, Stack stack) {
        List<RunResult> mine = rs.stream().filter(r -> r.spec().stack() == stack).toList();
        List<Cell> cells = new ArrayList<>();
        for (String arch : Tables.distinct(mine, r -> r.spec().arch())) {
            long params = mine.stream().filter(r -> r.spec().arch().equals(arch)).findFirst().orElseThrow()
                    .parameters();
            cells.add(new Cell(Rung.of(arch), params,
                    Tables.bySeed(mine, r -> r.spec().arch().equals(arch) && !r.spec().permuted()),
                    Tables.bySeed(mine, r -> r.spec().arch().equals(arch) && r.spec().permuted())));
        }
        cells.sort(Comparator.comparing((Cell c) -> c.rung().family()).thenComparingLong(Cell::parameters));
        return cells;
    }

    /** A family's curve on one pixel order: its rungs that have a finished run, by parameters. */
    static List<Match.Point> curve(List<Cell> cells, Family family, boolean permuted) {
        return cells.stream().filter(c -> c.rung().family() == family).map(c -> c.point(permuted))
                .filter(java.util.Objects::nonNull).toList();
    }

    /**
     * The parameters the mlp's curve needs to reach {@code target}'s mean accuracy on one pixel order, with
     * its interval; null if either has no run.
     */
    static Match mlpToMatch(List<Cell> cells, Cell target, boolean permuted) {
        List<Match.Point> mlp = curve(cells, Family.MLP, permuted);
        Match.Point level = target.point(permuted);
        return mlp.isEmpty() || level == null ? null : Match.of(mlp, level.mean(), level.halfWidth());
    }

    /** The stack whose runs the tables and plot show: the reference if it ran here, else the first that did. */
    static Stack shown(List<RunResult> rs) {
        return rs.stream().anyMatch(r -> r.spec().stack() == Stack.REFERENCE) ? Stack.REFERENCE
                : rs.get(0).spec().stack();
    }

    @Override
    Part dataSection(Path dir, String data, List<RunResult> mine, int seeds) {
        Stack stack = shown(mine);
        List<Cell> cells = cells(mine, stack);
        RunSpec first = mine.get(0).spec();
        StringBuilder md = new StringBuilder(String.format("### %s%n%n%s%s. %s.%n%n", data,
                Tables.epochs(first.epochs()),
                first.trainSize() == null ? "" : String.format(", %,d training images", first.trainSize()),
                ParamsReading.whoRanWhat(mine)));
        md.append(String.format("On the %s stack:%n%n| family | width | parameters | standard %% | permuted %% "
                + "| drop (points) |%n|---|---|---:|---|---|---|%n", stack));
        for (Cell c : cells) {
            md.append(String.format("| %s | %s | %,d | %s | %s | %s |%n", c.rung().family(), c.rung().width(),
                    c.parameters(), Tables.withCi(c.standard().values(), seeds),
                    Tables.withCi(c.permuted().values(), seeds),
                    Tables.withCi(Tables.paired(c.standard(), c.permuted()))));
        }
        long seedsRun = Tables.seeds(mine.stream().filter(r -> r.spec().stack() == stack).toList());
        md.append(matchTable(cells, seedsRun));
        String reading = ParamsReading.reading(cells);
        md.append("\n**Reading.** ").append(reading).append('\n');
        String png = "params-" + Tables.slug(data) + ".png";
        plot(dir.resolve(png), data, stack, cells, seedsRun);
        md.append("\n![").append(data).append(": test accuracy against parameters](").append(png).append(")\n\n");
        md.append(ParamsReading.agreement(mine, stack));
        return new Part(md.toString(), png, reading);
    }

    /**
     * The cnns (and book-cnn) against the parameters the mlp needs to match each, on both pixel orders; with
     * one seed of {@code seeds} there is no interval, and the heading does not promise one.
     */
    private static String matchTable(List<Cell> cells, long seeds) {
        List<Cell> targets = cells.stream().filter(c -> c.rung().family() == Family.CNN
                || c.rung().arch().equals("book-cnn")).toList();
        if (targets.isEmpty() || curve(cells, Family.MLP, false).isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format("%nThe parameters an mlp needs to match each cnn "
                + "(interpolated on the mlp's curve; %s):%n%n| cnn | parameters "
                + "| standard: cnn %% | mlp parameters to match | mlp / cnn | permuted: cnn %% | mlp / cnn |%n"
                + "|---|---:|---|---|---|---|---|%n", seeds < 2 ? "one seed: no interval"
                : "[95% interval] as the text above says"));
        for (Cell t : targets) {
            Match s = mlpToMatch(cells, t, false);
            Match p = mlpToMatch(cells, t, true);
            md.append(String.format("| %s | %,d | %s | %s | %s | %s | %s |%n", t.rung().width(), t.parameters(),
                    Tables.withCi(t.standard().values()), s == null ? "-" : s.parametersText(),
                    s == null ? "-" : s.ratioText(t.parameters()), Tables.withCi(t.permuted().values()),
                    p == null ? "-" : p.ratioText(t.parameters())));
        }
        return md.toString();
    }

    /**
     * Each family's curve, standard pixels solid and permuted dashed in one colour, with 95% error bars
     * (none with one seed: its title says so); the book's models as marked points.
     */
    private static void plot(Path file, String data, Stack stack, List<Cell> cells, long seeds) {
        List<Plots.Line> lines = new ArrayList<>();
        for (Family f : Family.values()) {
            List<Cell> fam = cells.stream().filter(c -> c.rung().family() == f).toList();
            List<List<Cell>> groups = f == Family.BOOK ? fam.stream().map(List::of).toList() : List.of(fam);
            for (List<Cell> group : groups) {
                String name = f == Family.BOOK ? group.get(0).rung().width() : f.toString();
                int color = f == Family.BOOK ? f.ordinal() + (name.equals("book-cnn") ? 1 : 0) : f.ordinal();
                for (boolean permuted : new boolean[] {false, true}) {
                    Plots.Points xy = Plots.Points.withErrors(group.size());
                    for (int i = 0; i < group.size(); i++) {
                        Tables.point(xy, i, group.get(i).parameters(), group.get(i).pixels(permuted).values());
                    }
                    Plots.Stroke stroke = f == Family.BOOK ? (permuted ? Plots.Stroke.TRIANGLES : Plots.Stroke.DIAMONDS)
                            : permuted ? Plots.Stroke.DASHED : Plots.Stroke.SOLID;
                    lines.add(new Plots.Line(name + " " + Pixels.of(permuted), xy, color, stroke));
                }
            }
        }
        Plots.lines(file, data + ": test accuracy against parameters (" + stack + ", " + Plots.seedsNote(seeds) + ")",
                "parameters (log scale)", "test accuracy %", lines, true);
    }
}
