package lab.compare.report;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The bars of {@link Plots#accuracy}, gathered one group (model / stack) at a time: the mean accuracy on
 * standard and on permuted pixels with its 95% half-width (NaN under two seeds: no error bar is drawn).
 */
public final class AccuracyBars {

    private final List<String> groups = new ArrayList<>();
    private final List<Double> standard = new ArrayList<>();
    private final List<Double> standardCi = new ArrayList<>();
    private final List<Double> permuted = new ArrayList<>();
    private final List<Double> permutedCi = new ArrayList<>();

    /** One group's bars, from its accuracies (percent) on standard and on permuted pixels. */
    public void add(String group, Collection<Double> standardAccuracies, Collection<Double> permutedAccuracies) {
        groups.add(group);
        bar(standardAccuracies, standard, standardCi);
        bar(permutedAccuracies, permuted, permutedCi);
    }

    private static void bar(Collection<Double> accuracies, List<Double> means, List<Double> cis) {
        List<Double> v = new ArrayList<>(accuracies);
        means.add(v.isEmpty() ? 0 : Stats.mean(v));
        cis.add(Stats.ci95(v));
    }

    /** Draws the bars gathered so far. */
    public void plot(Path file, String title) {
        Plots.accuracy(file, title, groups, standard, standardCi, permuted, permutedCi);
    }
}
