package lab.compare.study;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.run.DataRef;
import lab.compare.run.Loops;
import lab.compare.run.Stack;

/**
 * Which data sets and how long, for every study beside the control; quick is the CI-sized version. The
 * epochs {@link #of} and {@link #only} give are each set's own for a study ({@link DataRef.Mode#STUDY}, or
 * STUDY_QUICK), never a number here.
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
        for (DataRef set : mode(quick).sets()) {
            epochs.put(set.name(), set.epochs(mode(quick)));
        }
        return new Scale(stacks, kernels, seeds != null ? seeds : quick ? 1 : full ? 5 : 3, quick, epochs);
    }

    /** Whose epochs a study takes: a quick study's or a study's. */
    private static DataRef.Mode mode(boolean quick) {
        return quick ? DataRef.Mode.STUDY_QUICK : DataRef.Mode.STUDY;
    }

    /** Data sets in this scale: digits8 only when quick, else mnist10k (28x28) then digits8 (8x8). */
    public List<String> datas() {
        return List.copyOf(epochs.keySet());
    }

    /** The same scale on these data sets only: each for the epochs the scale has for it, or its own for a study. */
    public Scale only(List<String> sets) {
        Map<String, Integer> e = new LinkedHashMap<>();
        for (String set : sets) {
            e.put(set, epochs.getOrDefault(set, DataRef.of(set).epochs(mode(quick))));
        }
        return new Scale(stacks, kernels, seeds, quick, e);
    }
}
