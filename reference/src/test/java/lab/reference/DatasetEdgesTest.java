package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * Dataset's transforms and checks on inputs small enough to work by hand: shifts of a 2-channel 2x3 image,
 * a pixel permutation of 2-channel images, the constructor's and checkPermutation's refusals with their
 * messages, and the seeded random permutation against the JDK's shuffle.
 */
class DatasetEdgesTest {

    // One image, two channels, 2 rows x 3 columns; label 2 of 3 classes.
    //   channel 0:  1  2  3      channel 1:  7  8  9
    //               4  5  6                 10 11 12
    private static Dataset image() {
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
        return new Dataset("img", x, new int[] {2}, new Shape(2, 2, 3), 3);
    }

    private static void assertShift(int dy, int dx, double[] expected) {
        Dataset source = image();
        Dataset s = source.shifted(dy, dx);
        assertArrayEquals(expected, s.x(), "shift by (" + dy + "," + dx + ")");
        assertEquals("img-shifted(" + dy + "," + dx + ")", s.name());
        assertArrayEquals(new int[] {2}, s.y(), "labels kept");
        assertEquals(source.shape(), s.shape());
        assertEquals(3, s.classes());
        assertArrayEquals(image().x(), source.x(), "the source is not written into");
    }

    @Test
    void shiftDownByOneFillsTheTopRowWithZeroInEveryChannel() {
        assertShift(1, 0, new double[] {0, 0, 0, 1, 2, 3, /* channel 1 */ 0, 0, 0, 7, 8, 9});
    }

    @Test
    void shiftUpByOneFillsTheBottomRowWithZeroInEveryChannel() {
        assertShift(-1, 0, new double[] {4, 5, 6, 0, 0, 0, /* channel 1 */ 10, 11, 12, 0, 0, 0});
    }

    @Test
    void shiftRightByTwoKeepsOnlyTheFirstColumnNowAtTheRightEdge() {
        assertShift(0, 2, new double[] {0, 0, 1, 0, 0, 4, /* channel 1 */ 0, 0, 7, 0, 0, 10});
    }

    @Test
    void shiftLeftByOneFillsTheRightColumnWithZero() {
        assertShift(0, -1, new double[] {2, 3, 0, 5, 6, 0, /* channel 1 */ 8, 9, 0, 11, 12, 0});
    }

    @Test
    void shiftDownAndLeftAtOnce() {
        assertShift(1, -1, new double[] {0, 0, 0, 2, 3, 0, /* channel 1 */ 0, 0, 0, 8, 9, 0});
    }

    @Test
    void shiftByZeroIsACopy() {
        assertShift(0, 0, image().x());
    }

    @Test
    void permutePixelsMovesEveryChannelOfEveryImageAlike() {
        // Two images of 2 channels x 1 x 3; out[j] = in[perm[j]] in each of the four planes.
        double[] x = {1, 2, 3, 4, 5, 6, /* image 1 */ 7, 8, 9, 10, 11, 12};
        Dataset data = new Dataset("d", x, new int[] {0, 1}, new Shape(2, 1, 3), 2);
        Dataset p = data.permutePixels(new int[] {2, 0, 1});
        assertArrayEquals(new double[] {3, 1, 2, 6, 4, 5, 9, 7, 8, 12, 10, 11}, p.x());
        assertArrayEquals(new int[] {0, 1}, p.y());
        assertEquals("d-permuted", p.name());
    }

    @Test
    void anEmptyDatasetIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("e", new double[0], new int[0], new Shape(1, 2, 2), 2));
        assertEquals("dataset e is empty", e.getMessage());
    }

    @Test
    void labelsMustLieInZeroToClassesExclusive() {
        Shape s = new Shape(1, 1, 1);
        Dataset ok = new Dataset("ok", new double[] {0, 0}, new int[] {0, 2}, s, 3); // both ends accepted
        assertEquals(2, ok.size());
        IllegalArgumentException atK = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new double[] {0, 0}, new int[] {0, 3}, s, 3));
        assertEquals("dataset d: label 3 of image 1 is outside [0, 3)", atK.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> new Dataset("d", new double[] {0, 0}, new int[] {-1, 0}, s, 3));
        assertEquals("dataset d: label -1 of image 0 is outside [0, 3)", negative.getMessage());
    }

    private static String permutationError(int[] perm, int size) {
        return assertThrows(IllegalArgumentException.class, () -> Dataset.checkPermutation(perm, size))
                .getMessage();
    }

    @Test
    void checkPermutationNamesTheFirstBadEntry() {
        assertEquals("a pixel permutation for 3 positions has 2 entries", permutationError(new int[] {0, 1}, 3));
        assertEquals("not a permutation of 0..2: entry 2 is 0 again", permutationError(new int[] {1, 0, 0}, 3));
        assertEquals("not a permutation of 0..2: entry 1 is 2 again", permutationError(new int[] {2, 2, 0}, 3));
        assertEquals("not a permutation of 0..2: entry 1 is 3", permutationError(new int[] {0, 3, 1}, 3));
        assertEquals("not a permutation of 0..2: entry 1 is -1", permutationError(new int[] {0, -1, 2}, 3));
        Dataset.checkPermutation(new int[] {2, 0, 1}, 3); // a permutation passes
    }

    @Test
    void randomPermutationIsTheJdkShuffleOfTheIdentityForItsSeed() {
        int[] identity = new int[10];
        Arrays.setAll(identity, i -> i);
        for (long seed : new long[] {1, 2, 77}) {
            List<Integer> jdk = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                jdk.add(i);
            }
            Collections.shuffle(jdk, new Random(seed));
            int[] perm = Dataset.randomPermutation(10, seed);
            assertArrayEquals(jdk.stream().mapToInt(Integer::intValue).toArray(), perm, "seed " + seed);
            assertFalse(Arrays.equals(identity, perm), "seed " + seed + " moved something");
        }
        assertFalse(Arrays.equals(Dataset.randomPermutation(10, 1), Dataset.randomPermutation(10, 2)),
                "the seed matters");
    }
}
