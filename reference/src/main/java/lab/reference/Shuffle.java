package lab.reference;

import java.util.Random;

/**
 * The one Fisher-Yates shuffle behind every seeded order in the project: the batch order of an epoch,
 * the pixel permutations, the class-wise splits. One loop, so the same seed draws the same sequence
 * everywhere; it is not a general-purpose shuffling utility.
 */
public final class Shuffle {

    private Shuffle() {
    }

    /**
     * Shuffles {@code a} in place, uniformly: for i from n-1 down to 1, swap a[i] with a[j], j drawn
     * from 0..i by {@code rng.nextInt(i + 1)}. Exactly the draws of {@code Collections.shuffle(list, rng)}
     * on a random-access list, so results made with either are the same.
     */
    public static void shuffle(int[] a, Random rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }
}
