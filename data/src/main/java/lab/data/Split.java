package lab.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import lab.reference.Dataset;
import lab.reference.Shuffle;

/**
 * A train/test pair and how it was made, so results can say which split they used. A set that comes with
 * its own split keeps it; one that does not gets {@link #stratified}: the same fraction of every class
 * goes to test, chosen by a seed.
 */
public record Split(Dataset train, Dataset test, String how) {

    /** Per class, a seeded shuffle, then the first round(fraction * count) of it go to test. */
    public static Split stratified(Dataset all, double testFraction, long seed) {
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("test fraction must be between 0 and 1, got " + testFraction);
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int[] members : shuffledByClass(all, seed)) {
            int nTest = (int) Math.round(testFraction * members.length);
            for (int i = 0; i < members.length; i++) {
                (i < nTest ? test : train).add(members[i]);
            }
        }
        // Sorted, so the sets do not depend on the shuffles' order beyond membership.
        int[] trainIdx = train.stream().mapToInt(Integer::intValue).sorted().toArray();
        int[] testIdx = test.stream().mapToInt(Integer::intValue).sorted().toArray();
        if (trainIdx.length == 0 || testIdx.length == 0) {
            throw new IllegalArgumentException(all.name() + ": " + all.size()
                    + " images are too few to split into train and test");
        }
        return new Split(all.subset(all.name() + "-train", trainIdx), all.subset(all.name() + "-test", testIdx),
                String.format("stratified %d/%d split of %s (test fraction %s, split seed %d)", trainIdx.length,
                        testIdx.length, all.name(), testFraction, seed));
    }

    /**
     * The same split with only {@code n} training images, chosen by {@code seed} and spread over the
     * classes as evenly as they allow (each class shuffled, then one of each class in turn); the test set
     * is untouched. {@code n} at least the training set's size keeps it whole.
     */
    public Split withTrainSize(int n, long seed) {
        if (n < 1) {
            throw new IllegalArgumentException("a training set needs at least 1 image, got " + n);
        }
        if (n >= train.size()) {
            return this;
        }
        List<int[]> byClass = shuffledByClass(train, seed);
        List<Integer> chosen = new ArrayList<>();
        for (int round = 0; chosen.size() < n; round++) {
            for (int[] members : byClass) {
                if (round < members.length && chosen.size() < n) {
                    chosen.add(members[round]);
                }
            }
        }
        int[] idx = chosen.stream().mapToInt(Integer::intValue).sorted().toArray();
        return new Split(train.subset(train.name() + "-" + n, idx), test,
                how + String.format("; training on %d of its %d images (seed %d)", n, train.size(), seed));
    }

    /** The indices of each class's examples, each class's list shuffled in turn by one generator from {@code seed}. */
    private static List<int[]> shuffledByClass(Dataset d, long seed) {
        Random rng = new Random(seed);
        List<int[]> byClass = new ArrayList<>();
        for (int k = 0; k < d.classes(); k++) {
            final int label = k;
            int[] members = IntStream.range(0, d.size()).filter(i -> d.y()[i] == label).toArray(); // ascending index
            Shuffle.shuffle(members, rng); // one generator, drawn from class by class in label order
            byClass.add(members);
        }
        return byClass;
    }

    /** The same split with every image's pixels moved by one permutation (see {@link Dataset#permutePixels}). */
    public Split permutePixels(int[] perm) {
        return new Split(train.permutePixels(perm), test.permutePixels(perm), how);
    }
}
