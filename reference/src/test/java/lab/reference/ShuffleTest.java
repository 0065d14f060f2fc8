package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/**
 * The one Fisher-Yates shuffle that batch orders, permutations, splits and scrambles all draw from. The
 * JDK's own {@link Collections#shuffle(List, Random)} makes the same draws (from the last position down,
 * each swapped with one of those before it or itself), so it is an independent oracle for every seed.
 */
class ShuffleTest {

    @Test
    void shuffleMakesTheSameDrawsAsTheJdksCollectionsShuffle() {
        for (int n : new int[] {0, 1, 2, 3, 10, 64, 785}) {
            for (long seed = 0; seed < 5; seed++) {
                int[] mine = IntStream.range(0, n).toArray();
                Shuffle.shuffle(mine, new Random(seed));
                List<Integer> jdk = new ArrayList<>(IntStream.range(0, n).boxed().toList());
                Collections.shuffle(jdk, new Random(seed));
                assertArrayEquals(jdk.stream().mapToInt(Integer::intValue).toArray(), mine, "n " + n + ", seed " + seed);
            }
        }
    }

    @Test
    void shuffleMovesSomethingAndDependsOnTheSeed() {
        int[] identity = IntStream.range(0, 64).toArray();
        int[] a = identity.clone();
        int[] b = identity.clone();
        Shuffle.shuffle(a, new Random(1));
        Shuffle.shuffle(b, new Random(2));
        assertFalse(java.util.Arrays.equals(identity, a));
        assertFalse(java.util.Arrays.equals(a, b));
    }
}
