package lab.compare.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.run.Loops;
import lab.compare.run.Stack;

/**
 * Which data sets and how long, for every study beside the control; quick is the CI-sized version.
 *
 * @param epochs epochs per data set, in the order the data sets run
 */
public record Scale(List<Stack> stacks, Loops kernels, int seeds, boolean quick, Map<String, Integer> epochs) {

    /**
     * Quick: digits8, 1 seed, 3 epochs. Otherwise mnist10k 1 epoch and digits8 10 epochs, 3 seeds (5 for
     * {@code lab run --full}).
     */
    public static Scale of(List<Stack> stacks, Loops kernels, Integer seeds, boolean quick, boolean full) {
        if (seeds != null && seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
        Map<String, Integer> epochs = new LinkedHashMap<>();
        if (!quick) {
            epochs.put("mnist10k", 1);
        }
        epochs.put("digits8", quick ? 3 : 10);
        return new Scale(stacks, kernels, seeds != null ? seeds : quick ? 1 : full ? 5 : 3, quick, epochs);
    }

    /** Data sets in this scale: digits8 only when quick, else mnist10k (28x28) then digits8 (8x8). */
    public List<String> datas() {
        return List.copyOf(epochs.keySet());
    }

    /** The same scale on these data sets only (epochs as the scale has them: 8x8 sets get digits8's). */
    public Scale only(List<String> sets) {
        Map<String, Integer> e = new LinkedHashMap<>();
        for (String set : sets) {
            e.put(set, epochs.getOrDefault(set, side(set) == 8 ? (quick ? 3 : 10) : 1));
        }
        return new Scale(stacks, kernels, seeds, quick, e);
    }

    /**
     * The image side of a set by its name, for planning before any data is loaded: 8 for digits8 and
     * optdigits, 28 for the MNIST-style sets.
     */
    public static int side(String data) {
        return data.equals("digits8") || data.startsWith("optdigits") ? 8 : 28;
    }
}
