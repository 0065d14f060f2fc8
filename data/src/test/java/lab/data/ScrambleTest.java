package lab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;

import lab.reference.Dataset;
import lab.reference.Shape;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The scramble ladder, its locality measure, shifted images and smaller training sets. */
class ScrambleTest {

    @Test
    void fullIsTheControlsPermutation() {
        assertArrayEquals(Dataset.randomPermutation(784, 5), Scramble.parse("full").permutation(28, 28, 5));
        assertEquals(Scramble.FULL, Scramble.parse(null));
    }

    @Test
    void localityIsOneForTheIdentityAndAboutChanceForAFullPermutation() {
        int[] identity = Scramble.parse("fraction:0").permutation(28, 28, 1);
        assertArrayEquals(java.util.stream.IntStream.range(0, 784).toArray(), identity);
        assertEquals(1.0, Scramble.locality(identity, 28, 28));
        // Chance: an adjacent output pair from two random distinct sources is adjacent with p = 1512 / C(784, 2).
        double chance = 1512.0 / (784.0 * 783 / 2);
        for (long seed = 0; seed < 5; seed++) {
            double full = Scramble.locality(Scramble.FULL.permutation(28, 28, seed), 28, 28);
            assertTrue(full < 4 * chance, "full permutation, seed " + seed + ": locality " + full);
        }
    }

    /** Hand-counted on 2 x 2 (pixels 0 1 / 2 3): four neighbour pairs, 0-1, 2-3, 0-2, 1-3. */
    @Test
    void localityCountsNeighbourPairsByHand() {
        assertEquals(1.0, Scramble.locality(new int[] {1, 0, 3, 2}, 2, 2)); // a mirror keeps every pair
        // Flipping the right column alone: 0-1 now shows 0-3 and 2-3 shows 2-1 (diagonals); 0-2 and 1-3 stay.
        assertEquals(0.5, Scramble.locality(new int[] {0, 3, 2, 1}, 2, 2));
    }

    @Property(tries = 40)
    void blocksMoveWholeAndWithinStaysInside(@ForAll("blockSides") int k, @ForAll long seed) {
        int side = 28;
        int[] blocks = Scramble.parse("blocks:" + k).permutation(side, side, seed);
        int[] within = Scramble.parse("within:" + k).permutation(side, side, seed);
        Dataset.checkPermutation(blocks, side * side);
        Dataset.checkPermutation(within, side * side);
        for (int j = 0; j < side * side; j++) {
            int r = j / side;
            int c = j % side;
            int origin = (r - r % k) * side + (c - c % k); // the output block's top-left pixel
            // blocks: each pixel sits at the same offset from its block's origin as in the source block
            assertEquals(blocks[j] - blocks[origin], j - origin);
            // within: each pixel comes from its own block
            assertEquals(r / k, within[j] / side / k);
            assertEquals(c / k, within[j] % side / k);
        }
        int[] identity = java.util.stream.IntStream.range(0, side * side).toArray();
        // Something must move: within-block shuffles of 196+ pixels, block shuffles of 16+ blocks (4 blocks
        // of 14 come back in order one time in 24, so that case is not asked).
        assertFalse(Arrays.equals(identity, within), "within:" + k + " moved nothing");
        assertTrue(k == 14 || !Arrays.equals(identity, blocks), "blocks:" + k + " moved nothing");
        double inside = (double) (side / k) * (side / k) * 2 * k * (k - 1) / (2 * side * (side - 1));
        assertTrue(Scramble.locality(blocks, side, side) >= inside - 1e-12, "every pair inside a block survives");
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Integer> blockSides() {
        return net.jqwik.api.Arbitraries.of(2, 4, 7, 14);
    }

    @Property(tries = 40)
    void fractionMovesAboutThatShareOfPixels(@ForAll @IntRange(min = 0, max = 10) int tenths, @ForAll long seed) {
        double p = tenths / 10.0;
        int[] perm = Scramble.parse("fraction:" + p).permutation(28, 28, seed);
        Dataset.checkPermutation(perm, 784);
        long moved = java.util.stream.IntStream.range(0, 784).filter(j -> perm[j] != j).count();
        long share = Math.round(p * 784);
        // A shuffle of m pixels leaves about one in place on average; ten or more is vanishingly rare.
        assertTrue(moved <= share && moved >= share - 10, moved + " pixels moved for p = " + p + " (" + share
                + " drawn)");
    }

    @Test
    void scramblesThatDoNotFitOrParseSayWhy() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Scramble.parse("blocks:5").permutation(28, 28, 0));
        assertTrue(e.getMessage().contains("5 x 5 blocks") && e.getMessage().contains("28 x 28"), e.getMessage());
        for (String bad : new String[] {"blocks:x", "fraction:1.5", "swirl", "within:0"}) {
            e = assertThrows(IllegalArgumentException.class, () -> Scramble.parse(bad), bad);
            assertTrue(e.getMessage().contains("scramble '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void shiftedMovesPixelsAndFillsWithZero() {
        double[] x = new double[9];
        Arrays.setAll(x, i -> i + 1); // 1..9 in a 3 x 3 image
        Dataset d = new Dataset("t", x, new int[] {0}, new Shape(1, 3, 3), 1);
        assertArrayEquals(new double[] {0, 0, 0, 1, 2, 3, 4, 5, 6}, d.shifted(1, 0).x());
        assertArrayEquals(new double[] {2, 3, 0, 5, 6, 0, 8, 9, 0}, d.shifted(0, -1).x());
        assertArrayEquals(x, d.shifted(0, 0).x());
    }

    @Test
    void smallerTrainingSetsAreBalancedSeededAndLeaveTestAlone() {
        Split split = DataSource.load("digits8", 0.25, 0);
        Split small = split.withTrainSize(100, 3);
        assertEquals(100, small.train().size());
        assertEquals(split.test(), small.test());
        int[] counts = new int[10];
        for (int y : small.train().y()) {
            counts[y]++;
        }
        assertEquals(10, Arrays.stream(counts).min().orElseThrow(), Arrays.toString(counts));
        assertArrayEquals(small.train().x(), split.withTrainSize(100, 3).train().x(), "same seed, same images");
        assertFalse(Arrays.equals(small.train().x(), split.withTrainSize(100, 4).train().x()));
        assertEquals(split, split.withTrainSize(1_000_000, 3));
        assertTrue(small.how().contains("100 of its"), small.how());
    }
}
