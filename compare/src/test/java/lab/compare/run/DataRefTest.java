package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A data set reference knows, before loading, the side DataSource then loads (its images grey-scale), and each plan's
 * default epochs: the numbers lab run, the studies and a sweep have always used, written out here by hand.
 */
class DataRefTest {

    @TempDir
    Path dir;

    /** The shape DataSource loads for {@code name}: the training images'. */
    private static Shape loaded(String name) {
        Split split = DataSource.load(name, 0.25, 0);
        return split.train().shape();
    }

    @Test
    void theSideAndChannelsKnownBeforeLoadingAreThoseOfTheImagesLoaded() throws IOException {
        // Two lines of UCI optdigits (64 counts, then the label) in each file: enough for DataSource to load.
        String line = IntStream.range(0, 64).mapToObj(i -> Integer.toString(i % 17)).collect(Collectors.joining(","));
        Files.writeString(dir.resolve("optdigits.tra"), line + ",3\n" + line + ",7\n");
        Files.writeString(dir.resolve("optdigits.tes"), line + ",1\n");
        for (String name : List.of("digits8", "mnist10k", "optdigits:" + dir)) {
            DataRef set = DataRef.of(name);
            Shape shape = loaded(name);
            assertEquals(shape.h(), set.side(), name + " height");
            assertEquals(shape.w(), set.side(), name + " width");
            assertEquals(1, shape.c(), name + " is grey-scale, one channel, as planning takes it");
        }
        assertEquals(28, DataRef.of("fashion").side(), "Fashion-MNIST: 28x28");
        assertEquals(28, DataRef.of("idx:/anywhere").side(), "an IDX folder is taken as MNIST's");
    }

    /** The epochs of {@code name} in every mode, in {@link DataRef.Mode}'s order. */
    private static List<Integer> epochs(String name) {
        return Arrays.stream(DataRef.Mode.values()).map(m -> DataRef.of(name).epochs(m)).toList();
    }

    @Test
    void eachPlanTrainsEachSetForTheEpochsItAlwaysHas() {
        assertEquals(List.of(DataRef.Mode.RUN_QUICK, DataRef.Mode.RUN, DataRef.Mode.RUN_FULL,
                DataRef.Mode.STUDY_QUICK, DataRef.Mode.STUDY), List.of(DataRef.Mode.values()), "the columns below");
        // lab run: digits8 5 / 10 / 20, mnist10k - / 1 / 3, and 5 for any set a mode does not name. The studies
        // (and a sweep, unless told): 3 quick or 10 on 8x8 sets, 1 on 28x28 ones.
        assertEquals(List.of(5, 10, 20, 3, 10), epochs("digits8"));
        assertEquals(List.of(5, 1, 3, 1, 1), epochs("mnist10k"));
        assertEquals(List.of(5, 5, 5, 3, 10), epochs("optdigits:/uci"));
        assertEquals(List.of(5, 5, 5, 1, 1), epochs("fashion"));
        assertEquals(List.of(5, 5, 5, 1, 1), epochs("idx:/data/kmnist"));
    }

    @Test
    void eachPlanRunsItsOwnSetsInItsOwnOrderWhenNoneAreGiven() {
        assertEquals(List.of(DataRef.of("digits8")), DataRef.Mode.RUN_QUICK.sets());
        assertEquals(List.of(DataRef.of("digits8"), DataRef.of("mnist10k")), DataRef.Mode.RUN.sets());
        assertEquals(List.of(DataRef.of("digits8"), DataRef.of("mnist10k")), DataRef.Mode.RUN_FULL.sets());
        assertEquals(List.of(DataRef.of("digits8")), DataRef.Mode.STUDY_QUICK.sets());
        assertEquals(List.of(DataRef.of("mnist10k"), DataRef.of("digits8")), DataRef.Mode.STUDY.sets());
    }

    @Test
    void aReferenceIsItsNameAsGiven() {
        assertEquals("optdigits:/uci", DataRef.of("optdigits:/uci").toString());
        assertEquals(DataRef.of("digits8"), DataRef.of("digits8"));
    }
}
