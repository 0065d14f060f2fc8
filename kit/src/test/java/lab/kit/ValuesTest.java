package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * The inputs a case runs on keep their promises: every value a quarter in [0, 1], so that max-pool windows
 * tie; in each image one block of (H/2 + 1) x (W/2 + 1) zeros (cut at the image's edge) in every channel, so
 * that ReLU sits on its kink; the same values from the same seed.
 */
class ValuesTest {

    /** 12 channels: a position outside the block is zero in all of them with probability 5^-12. */
    static final Shape IN = new Shape(12, 6, 5);
    static final int N = 16;

    @Test
    void everyValueIsAQuarterInZeroToOneAndEveryQuarterOccurs() {
        double[] x = Values.withZerosAndTies(N, IN, new Random(3));
        assertEquals(N * IN.size(), x.length);
        Set<Double> seen = new TreeSet<>();
        for (double v : x) {
            seen.add(v);
        }
        assertEquals(Set.of(0.0, 0.25, 0.5, 0.75, 1.0), seen);
    }

    @Test
    void eachImageHasOneBlockOfZerosHalfItsSidesPlusOneInEveryChannelCutAtTheEdge() {
        double[] x = Values.withZerosAndTies(N, IN, new Random(3));
        int inside = 0; // images whose block reaches neither the last row nor the last column
        for (int n = 0; n < N; n++) {
            boolean[][] zero = new boolean[IN.h()][IN.w()]; // zero in every channel
            int h0 = -1;
            int w0 = -1;
            for (int h = 0; h < IN.h(); h++) {
                for (int w = 0; w < IN.w(); w++) {
                    zero[h][w] = true;
                    for (int c = 0; c < IN.c(); c++) {
                        zero[h][w] &= x[((n * IN.c() + c) * IN.h() + h) * IN.w() + w] == 0;
                    }
                    if (zero[h][w] && h0 < 0) {
                        h0 = h;
                        w0 = w;
                    }
                }
            }
            assertTrue(h0 >= 0, "image " + n + " has no zero block");
            int h1 = Math.min(IN.h(), h0 + IN.h() / 2 + 1); // 4 rows unless cut
            int w1 = Math.min(IN.w(), w0 + IN.w() / 2 + 1); // 3 columns unless cut
            for (int h = 0; h < IN.h(); h++) {
                for (int w = 0; w < IN.w(); w++) {
                    boolean inBlock = h >= h0 && h < h1 && w >= w0 && w < w1;
                    assertEquals(inBlock, zero[h][w], "image " + n + " (h, w) = (" + h + ", " + w + "), block from ("
                            + h0 + ", " + w0 + ")");
                }
            }
            if (h1 < IN.h() && w1 < IN.w()) {
                inside++;
            }
        }
        assertTrue(inside >= 2, "the seed puts some blocks clear of the edges, where their size shows: " + inside);
    }

    @Test
    void maxPoolWindowsTieAtANonZeroMaximum() {
        double[] x = Values.withZerosAndTies(N, IN, new Random(3));
        int ties = 0;
        for (int nc = 0; nc < N * IN.c(); nc++) {
            for (int h = 0; h + 1 < IN.h(); h += 2) {
                for (int w = 0; w + 1 < IN.w(); w += 2) {
                    int at = (nc * IN.h() + h) * IN.w() + w;
                    double[] window = {x[at], x[at + 1], x[at + IN.w()], x[at + IN.w() + 1]};
                    double max = Arrays.stream(window).max().orElseThrow();
                    if (max > 0 && Arrays.stream(window).filter(v -> v == max).count() > 1) {
                        ties++;
                    }
                }
            }
        }
        assertTrue(ties > 100, "ties in 2x2 windows: " + ties);
    }

    @Test
    void theSameSeedGivesTheSameValuesAndAnotherSeedOthers() {
        assertArrayEquals(Values.withZerosAndTies(N, IN, new Random(3)), Values.withZerosAndTies(N, IN, new Random(3)));
        assertFalse(Arrays.equals(Values.withZerosAndTies(N, IN, new Random(3)),
                Values.withZerosAndTies(N, IN, new Random(4))));
        assertArrayEquals(Values.gaussian(10, 0.5, new Random(3)), Values.gaussian(10, 0.5, new Random(3)));
    }

    @Test
    void gaussianValuesHaveTheirScale() {
        double[] g = Values.gaussian(20_000, 0.5, new Random(3));
        double mean = Arrays.stream(g).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(g).map(v -> (v - mean) * (v - mean)).sum() / g.length);
        assertEquals(0, mean, 0.02);
        assertEquals(0.5, sd, 0.02);
    }
}
