package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import lab.reference.Architecture;
import org.junit.jupiter.api.Test;

/** The shrinker finds the smallest failing vector, and the case space decodes only cases that fit. */
class ShrinkerTest {

    @Test
    void shrinksEveryNumberToTheSmallestThatStillFails() {
        // Fails when the first number is at least 3 and the second is even and at least 4.
        Shrinker.Shrunk s = Shrinker.shrink(new int[] {9, 10, 7}, new int[] {1, 0, 1},
                v -> v[0] >= 3 && v[1] >= 4 && v[1] % 2 == 0);
        assertArrayEquals(new int[] {3, 4, 1}, s.values());
        assertTrue(s.steps() >= 3);
    }

    @Test
    void aFailingVectorAlreadyAtItsMinimumStays() {
        assertArrayEquals(new int[] {1, 1}, Shrinker.shrink(new int[] {1, 1}, new int[] {1, 1}, v -> true).values());
        assertEquals(0, Shrinker.shrink(new int[] {1, 1}, new int[] {1, 1}, v -> true).steps());
    }

    @Test
    void eachNumberTriesItsMinimumItsHalfWayPointAndOneAndTwoBelowSmallestFirst() {
        List<Integer> tried = new ArrayList<>();
        Shrinker.Shrunk s = Shrinker.shrink(new int[] {10}, new int[] {2}, v -> tried.add(v[0]) && false);
        assertEquals(List.of(2, 6, 8, 9), tried, "2, 2 + (10 - 2) / 2, 10 - 2, 10 - 1");
        assertArrayEquals(new int[] {10}, s.values());
        assertEquals(0, s.steps());
    }

    @Test
    void theFirstCandidateThatStillFailsIsKeptAndTheSweepsGoOnUntilNoneDoes() {
        List<Integer> tried = new ArrayList<>();
        Shrinker.Shrunk s = Shrinker.shrink(new int[] {10}, new int[] {2}, v -> tried.add(v[0]) && v[0] >= 7);
        assertEquals(List.of(2, 6, 8, /* from 8 */ 2, 5, 6, 7, /* from 7 */ 2, 4, 5, 6), tried);
        assertArrayEquals(new int[] {7}, s.values());
        assertEquals(2, s.steps());
    }

    @Test
    void candidatesNeverGoBelowTheMinimumOrRepeat() {
        List<Integer> tried = new ArrayList<>();
        Shrinker.shrink(new int[] {4}, new int[] {3}, v -> tried.add(v[0]) && false);
        assertEquals(List.of(3), tried, "4's half-way point and two below are at or under the minimum 3");
    }

    @Test
    void caseSpaceLaysOutTheVaryingSettingsAndRefusesInputsTheLayersDoNotFit() {
        CaseSpace space = new CaseSpace(Architecture.parseLayers("conv(4,k3,s2,p1)"), Set.of(Setting.KERNEL));
        assertEquals(List.of("batch", "channels", "height", "width", "conv(4,k3,s2,p1) kernel H",
                "conv(4,k3,s2,p1) kernel W"), space.slots().stream().map(CaseSpace.Slot::name).toList());
        LayerCase c = space.decode(new int[] {2, 3, 5, 6, 1, 2}).orElseThrow();
        assertEquals("conv(4,k1x2,s2,p1)", c.text());
        assertEquals("conv(4,k1x2,s2,p1) on 2 x 3x5x6 -> 2 x 4x4x4 (N x C x H x W)", c.toString());
        CaseSpace pool = new CaseSpace(Architecture.parseLayers("maxpool(2)"), Set.of());
        assertTrue(pool.decode(new int[] {1, 1, 3, 4}).isEmpty(), "2x2 windows do not tile 3 rows");
        assertTrue(pool.decode(new int[] {1, 1, 4, 4}).isPresent());
    }
}
