package lab.compare.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The lab's measurement for one dense and one convolutional model: each one's drop in test accuracy when
 * the pixels are permuted (standard minus permuted, paired by seed), and the difference of the drops (the
 * convolutional model's minus the dense one's, per seed that all four cells finished). {@code lab run}'s
 * section and a sweep's contrast table both read it from here, so the two can never disagree on what the
 * gap is.
 *
 * @param denseDrop points lost by the dense model, one per seed both its cells finished
 * @param convDrop  points lost by the convolutional model, likewise
 * @param gap       convDrop minus denseDrop, one per seed all four cells finished
 */
public record Contrast(List<Double> denseDrop, List<Double> convDrop, List<Double> gap) {

    public Contrast {
        denseDrop = List.copyOf(denseDrop);
        convDrop = List.copyOf(convDrop);
        gap = List.copyOf(gap);
    }

    /** From the four cells' accuracies (percent) by seed. */
    public static Contrast of(Map<Long, Double> denseStandard, Map<Long, Double> densePermuted,
                              Map<Long, Double> convStandard, Map<Long, Double> convPermuted) {
        List<Double> gap = new ArrayList<>();
        for (Long seed : convStandard.keySet()) {
            if (convPermuted.containsKey(seed) && denseStandard.containsKey(seed) && densePermuted.containsKey(seed)) {
                gap.add((convStandard.get(seed) - convPermuted.get(seed))
                        - (denseStandard.get(seed) - densePermuted.get(seed)));
            }
        }
        return new Contrast(Tables.paired(denseStandard, densePermuted), Tables.paired(convStandard, convPermuted), gap);
    }

    /** The gap's mean, NaN if no seed has all four cells. */
    public double mean() {
        return gap.isEmpty() ? Double.NaN : Stats.mean(gap);
    }

    /** The gap's 95% half-width ({@link Stats#ci95}: NaN under two seeds). */
    public double halfWidth() {
        return Stats.ci95(gap);
    }

    /**
     * Whether the gap's 95% interval excludes 0, in words, as a parenthesis to follow the number; with one
     * seed, that there is no interval.
     */
    public String verdict() {
        if (gap.size() < 2) {
            return gap.isEmpty() ? "" : " (" + Tables.NO_INTERVAL + ")";
        }
        double m = mean();
        double ci = halfWidth();
        return m - ci > 0 ? " (the interval excludes 0)" : m + ci < 0 ? " (LESS: the interval is below 0)"
                : " (the interval includes 0: not shown beyond seed noise)";
    }
}
