package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** --shard I/N: the slices of a plan are contiguous, disjoint, cover it in its order, and differ by one job at most. */
class ShardTest {

    @Property
    void theSlicesCoverThePlanInOrderEachJobOnce(@ForAll @IntRange(min = 0, max = 200) int jobs,
                                                 @ForAll @IntRange(min = 1, max = 12) int count) {
        List<Integer> plan = IntStream.range(0, jobs).boxed().toList();
        List<Integer> joined = new ArrayList<>();
        int smallest = Integer.MAX_VALUE;
        int largest = 0;
        for (int i = 1; i <= count; i++) {
            List<Integer> slice = new Shard(i, count).of(plan);
            joined.addAll(slice);
            smallest = Math.min(smallest, slice.size());
            largest = Math.max(largest, slice.size());
        }
        assertEquals(plan, joined, "in the plan's order, every job once");
        assertTrue(largest - smallest <= 1, smallest + " to " + largest);
    }

    /**
     * A sweep over pixels and training-set sizes is cut by size first, as it was before ResultStore's order
     * was read off RunSpec's components (which put the permutation before the size): a sharded sweep resumes
     * with the slices it started with.
     */
    @Test
    void aSweepsSlicesStayThoseItStartedWith() {
        RunSpec.Builder base = RunSpec.builder().study(Origin.SWEEP).arch("mlp").seed(0);
        RunSpec standard100 = base.trainSize(100).build();
        RunSpec permuted100 = base.trainSize(100).permuteSeed(0L).scramble("full").build();
        RunSpec standard200 = base.trainSize(200).permuteSeed(null).scramble(null).build();
        RunSpec permuted200 = base.trainSize(200).permuteSeed(0L).scramble("full").build();
        List<RunSpec> plan = List.of(standard100, standard200, permuted100, permuted200); // the grid's order
        assertEquals(List.of(standard100, permuted100), new Shard(1, 2).jobs(plan), "shard 1/2: the 100-image runs");
        assertEquals(List.of(standard200, permuted200), new Shard(2, 2).jobs(plan));
    }

    @Test
    void itReadsAsWrittenAndABadShardIsAOneLineError() {
        assertEquals(new Shard(2, 3), Shard.parse(" 2/3 "));
        assertEquals("2/3", new Shard(2, 3).toString());
        assertEquals("shard 2 of 3", Shard.parse("2/3").words());
        assertEquals("--shard I/N needs 1 <= I <= N, got 3/2",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("3/2")).getMessage());
        assertEquals("--shard I/N needs 1 <= I <= N, got 0/2",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("0/2")).getMessage());
        assertEquals("--shard takes I/N (the I-th of N slices, e.g. 1/2), got '2'",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("2")).getMessage());
        assertEquals("--shard takes I/N with whole numbers (e.g. 1/2), got 'a/2'",
                assertThrows(IllegalArgumentException.class, () -> Shard.parse("a/2")).getMessage());
    }
}
