package lab.compare.study;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.Stack;
import lab.compare.study.Ladder.Family;
import lab.compare.study.Params.Cell;

/**
 * The words of {@link Params}' section, every number in them computed from the results: which stack ran
 * which rungs, the reading of each data set's curves, and where the two stacks ran alike. Only words: the
 * tables and the plot are {@link Params}'.
 */
final class ParamsReading {

    private ParamsReading() {
    }

    /** "Stacks: reference every rung (76 runs); dl4j mlp 128, cnn 8/16 (20 runs)". */
    static String whoRanWhat(List<RunResult> rs) {
        Set<String> all = new LinkedHashSet<>(Tables.distinct(rs, r -> r.spec().arch()));
        List<String> parts = new ArrayList<>();
        for (Stack stack : Tables.distinct(rs, r -> r.spec().stack())) {
            List<RunResult> its = rs.stream().filter(r -> r.spec().stack() == stack).toList();
            List<String> archs = Tables.distinct(its, r -> r.spec().arch());
            parts.add(String.format("%s %s (%d runs)", stack, archs.size() == all.size() ? "every rung"
                    : String.join(", ", archs.stream().map(a -> Ladder.Rung.of(a).label()).toList()), its.size()));
        }
        return "Stacks: " + String.join("; ", parts);
    }

    /**
     * One paragraph in words (no label): the mlp against the cnn on standard pixels, what permuting does, and
     * the book's models.
     */
    static String reading(List<Cell> cells) {
        List<Cell> cnns = cells.stream().filter(c -> c.rung().family() == Family.CNN && !c.standard().isEmpty()
                && !c.permuted().isEmpty()).toList();
        boolean mlp = !Params.curve(cells, Family.MLP, false).isEmpty();
        List<String> sentences = new ArrayList<>();
        if (mlp && !cnns.isEmpty()) {
            sentences.add(standard(cells, cnns));
        }
        sentences.add(permuted(cells, cnns, mlp));
        Cell bookCnn = cells.stream().filter(c -> c.rung().arch().equals("book-cnn")).findFirst().orElse(null);
        Cell bookMlp = cells.stream().filter(c -> c.rung().arch().equals("book-mlp")).findFirst().orElse(null);
        if (bookCnn != null && bookMlp != null && mlp && !bookCnn.standard().isEmpty()) {
            Match m = Params.mlpToMatch(cells, bookCnn, false);
            sentences.add(String.format("The book's models on standard pixels: book-cnn (%,d parameters) %s%%, "
                    + "book-mlp (%,d) %s%%; the mlp of this ladder needs %s book-cnn's parameters to match it.",
                    bookCnn.parameters(), mean(bookCnn.standard()), bookMlp.parameters(), mean(bookMlp.standard()),
                    m.ratioText(bookCnn.parameters())));
        }
        return String.join(" ", sentences);
    }

    /** The cnn at the preset's width (8/16), or the middle of those that ran. */
    private static Cell presetCnn(List<Cell> cnns) {
        return cnns.stream().filter(c -> Ladder.preset(c.rung())).findFirst().orElse(cnns.get(cnns.size() / 2));
    }

    private static String standard(List<Cell> cells, List<Cell> cnns) {
        Cell preset = presetCnn(cnns);
        Match at = Params.mlpToMatch(cells, preset, false);
        StringBuilder sb = new StringBuilder(String.format("On standard pixels an mlp needs %s the parameters of "
                + "the cnn at %s channels (%,d parameters, %s%%) to match it", at.ratioText(preset.parameters()),
                preset.rung().width(), preset.parameters(), mean(preset.standard())));
        List<Cell> reached = new ArrayList<>();
        List<Cell> missed = new ArrayList<>();
        for (Cell c : cnns) {
            Match m = Params.mlpToMatch(cells, c, false);
            (m.estimate().where() == Match.Where.NOT_REACHED ? missed : reached).add(c);
        }
        List<Match.Point> mlp = Params.curve(cells, Family.MLP, false);
        Match.Point best = mlp.stream().max(Comparator.comparingDouble(Match.Point::mean)).orElseThrow();
        String bestText = String.format("its best, %.2f%% at %,.0f parameters", best.mean(), best.parameters());
        if (missed.isEmpty()) {
            sb.append(String.format("; it matches every cnn width, with %s the cnn's parameters",
                    span(cells, reached)));
        } else if (reached.isEmpty()) {
            sb.append(String.format("; it reaches no cnn width within its ladder (%s)", bestText));
        } else {
            sb.append(String.format("; it matches %d of the cnn's %d widths (%s, with %s the cnn's parameters) and "
                    + "not %s (%s, is below the cnn's %s%% there)", reached.size(), cnns.size(), widths(reached),
                    span(cells, reached), widths(missed), bestText,
                    String.join("%, ", missed.stream().map(c -> mean(c.standard())).toList())));
        }
        return sb.append('.').toString();
    }

    /** "0.31x to 16x" (or one ratio) over the matched cnns, smallest to largest. */
    private static String span(List<Cell> cells, List<Cell> reached) {
        List<Cell> sorted = new ArrayList<>(reached);
        sorted.sort(Comparator.comparingDouble(c -> Params.mlpToMatch(cells, c, false).estimate().parameters()
                / c.parameters()));
        String lo = ratio(cells, sorted.get(0));
        String hi = ratio(cells, sorted.get(sorted.size() - 1));
        return lo.equals(hi) ? lo : lo + " to " + hi;
    }

    private static String ratio(List<Cell> cells, Cell c) {
        return Params.mlpToMatch(cells, c, false).estimate().ratioText(c.parameters());
    }

    private static String widths(List<Cell> cs) {
        return String.join(", ", cs.stream().map(c -> c.rung().width()).toList());
    }

    private static String permuted(List<Cell> cells, List<Cell> cnns, boolean mlp) {
        List<String> beyondAt = new ArrayList<>();
        List<String> spans = new ArrayList<>();
        boolean intervals = true;
        for (Family f : List.of(Family.MLP, Family.CNN, Family.LCN)) {
            List<Cell> fam = cells.stream().filter(c -> c.rung().family() == f && !c.permuted().isEmpty()).toList();
            if (fam.isEmpty()) {
                continue;
            }
            List<Double> drops = new ArrayList<>();
            int beyond = 0;
            for (Cell c : fam) {
                List<Double> d = Tables.paired(c.standard(), c.permuted());
                drops.add(Stats.mean(d));
                double ci = Stats.ci95(d);
                intervals &= !Double.isNaN(ci);
                beyond += Math.abs(Stats.mean(d)) > ci ? 1 : 0;
            }
            double lo = drops.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double hi = drops.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            beyondAt.add(String.format("%d of the %s's %d widths (drops %.2f to %.2f points)", beyond, f,
                    fam.size(), lo, hi));
            spans.add(String.format("%.2f to %.2f points over the %s's %d widths", lo, hi, f, fam.size()));
        }
        StringBuilder sb = new StringBuilder(intervals
                ? "On permuted pixels, the drop from standard pixels (paired by seed) is beyond the seeds' 95% "
                        + "interval at " + and(beyondAt) + "."
                : "On permuted pixels, the drop from standard pixels (one seed: no interval) is " + and(spans) + ".");
        if (mlp && !cnns.isEmpty()) {
            Cell preset = presetCnn(cnns);
            Match at = Params.mlpToMatch(cells, preset, true);
            if (at != null) {
                sb.append(String.format(" There an mlp needs %s the parameters of the cnn at %s (%s%%) to match it.",
                        at.ratioText(preset.parameters()), preset.rung().width(), mean(preset.permuted())));
            }
        }
        return sb.toString();
    }

    /**
     * The table of the rungs both stacks ran: each stack's mean over the seeds both finished, and the
     * largest difference of one seed's accuracies; nothing if one stack ran.
     */
    static String agreement(List<RunResult> rs, Stack shown) {
        List<Stack> others = Tables.distinct(rs, r -> r.spec().stack()).stream().filter(s -> s != shown).toList();
        StringBuilder rows = new StringBuilder();
        double largest = 0;
        int cells = 0;
        for (Stack other : others) {
            List<RunResult> its = rs.stream().filter(r -> r.spec().stack() == other).toList();
            for (String arch : Tables.distinct(its, r -> r.spec().arch())) {
                for (boolean permuted : new boolean[] {false, true}) {
                    Map<Long, Double> a = Tables.bySeed(rs, r -> r.spec().stack() == shown
                            && r.spec().arch().equals(arch) && r.spec().permuted() == permuted);
                    Map<Long, Double> b = Tables.bySeed(its, r -> r.spec().arch().equals(arch)
                            && r.spec().permuted() == permuted);
                    a.keySet().retainAll(b.keySet());
                    b.keySet().retainAll(a.keySet());
                    if (a.isEmpty()) {
                        continue;
                    }
                    double diff = Tables.paired(a, b).stream().mapToDouble(Math::abs).max().orElseThrow();
                    largest = Math.max(largest, diff);
                    cells++;
                    rows.append(String.format("| %s | %s | %s | %d | %s | %s | %.2f |%n", Ladder.Rung.of(arch).label(),
                            lab.compare.run.Pixels.of(permuted), other, a.size(), mean(a), mean(b), diff));
                }
            }
        }
        if (cells == 0) {
            return "";
        }
        return String.format("Where both stacks ran (the same seeds, weights and batches), each stack's mean over "
                + "the seeds both finished; the largest difference over the %d cells is %.2f points:%n%n| model "
                + "| pixels | other stack | seeds | %s %% | other %% | largest difference (points) |%n"
                + "|---|---|---|---:|---|---|---:|%n", cells, largest, shown) + rows + "\n";
    }

    /** "a", "a and b", "a, b and c". */
    private static String and(List<String> parts) {
        return parts.size() < 2 ? String.join("", parts)
                : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    private static String mean(Map<Long, Double> bySeed) {
        return String.format("%.2f", Stats.mean(List.copyOf(bySeed.values())));
    }
}
