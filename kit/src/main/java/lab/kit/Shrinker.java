package lab.kit;

import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * A small greedy shrinker over a failing case's whole numbers, in the manner of jqwik's integer
 * shrinking: for each number in turn it tries, smallest first, its minimum, its half-way point toward the
 * minimum, and one and two below it (two, for sizes that only fit every other value, such as a side under
 * a stride-2 pool), keeps the first that still fails, and sweeps again until a whole sweep changes nothing.
 * Not jqwik itself: jqwik shrinks only inside its own properties (its {@code Shrinkable.shrink()} is
 * marked internal), and a check called from any test, or from {@code main}, must shrink on its own.
 */
final class Shrinker {

    /** The smallest vector found, and how many of the tried candidates were accepted on the way. */
    record Shrunk(int[] values, int steps) {
    }

    private Shrinker() {
    }

    /**
     * Shrinks {@code start}, which fails, toward {@code minimum}, keeping only candidates for which
     * {@code stillFails} holds (it must return false for a candidate that is not a valid case).
     */
    static Shrunk shrink(int[] start, int[] minimum, Predicate<int[]> stillFails) {
        int[] current = start.clone();
        int steps = 0;
        boolean changed = true;
        while (changed) {
            changed = false;
            for (int i = 0; i < current.length; i++) {
                for (int candidate : candidates(current[i], minimum[i])) {
                    int[] tried = current.clone();
                    tried[i] = candidate;
                    if (stillFails.test(tried)) {
                        current = tried;
                        steps++;
                        changed = true;
                        break;
                    }
                }
            }
        }
        return new Shrunk(current, steps);
    }

    /** Smaller values to try for {@code v}, smallest first. */
    private static int[] candidates(int v, int min) {
        TreeSet<Integer> set = new TreeSet<>(Arrays.asList(min, min + (v - min) / 2, v - 1, v - 2));
        return set.stream().mapToInt(Integer::intValue).filter(c -> c >= min && c < v).toArray();
    }
}
