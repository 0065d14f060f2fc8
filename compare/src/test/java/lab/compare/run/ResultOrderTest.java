package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * {@link ResultStore#ORDER}, read off RunSpec's components: study, data set, model and stack before anything
 * else, the seed last, numbers as numbers, null first; and no two different specs tie, whatever setting
 * they differ in.
 */
class ResultOrderTest {

    private static final RunSpec BASE = RunSpec.builder().arch("mlp").build();

    /** The base spec and one spec per setting, each differing from it in that setting alone. */
    private static List<RunSpec> oneSettingEach() {
        return List.of(BASE, b().stack(Stack.DL4J).build(), b().stack(Stack.DL4J).dtype(DType.FLOAT).build(),
                b().threads(2).build(), b().sharedInit(false).build(), b().data("digits").build(),
                b().arch("cnn").build(), b().optimizer(OptimizerKind.ADAM).build(), b().lr(0.01).build(),
                b().momentum(0.5).build(), b().epochs(3).build(), b().batch(16).build(),
                b().init(InitChoice.HE).build(), b().seed(1).build(), b().permuteSeed(0L).build(),
                b().permutationFile("perm.txt").build(), b().testFraction(0.5).build(), b().splitSeed(1).build(),
                b().study(Study.SHARING).build(), b().permuteSeed(0L).scramble("blocks:2").build(),
                b().trainSize(50).build(), b().maxShift(2).build(), b().kernels(Loops.NAIVE).build());
    }

    private static RunSpec.Builder b() {
        return BASE.toBuilder();
    }

    @Test
    void specsThatDifferInAnySettingNeverTie() {
        List<RunSpec> specs = oneSettingEach();
        assertEquals(RunSpec.class.getRecordComponents().length + 1, specs.size(), "one spec per setting, and base");
        for (RunSpec a : specs) {
            for (RunSpec b : specs) {
                int c = ResultStore.ORDER.compare(a, b);
                assertEquals(a.equals(b), c == 0, a + " vs " + b);
                assertEquals(Integer.signum(c), -Integer.signum(ResultStore.ORDER.compare(b, a)), a + " vs " + b);
            }
        }
    }

    @Test
    void studyDataModelAndStackComeFirstAndTheSeedLast() {
        RunSpec late = BASE.toBuilder().seed(0).lr(0.5).build();
        RunSpec early = BASE.toBuilder().seed(9).lr(0.01).build();
        assertTrue(ResultStore.ORDER.compare(early, late) < 0, "any setting before the seed");
        assertTrue(ResultStore.ORDER.compare(BASE.toBuilder().stack(Stack.DL4J).build(),
                BASE.toBuilder().kernels(Loops.NAIVE).build()) > 0, "the stack before the other settings");
        assertTrue(ResultStore.ORDER.compare(BASE.toBuilder().arch("cnn").stack(Stack.DL4J).build(), BASE) < 0,
                "the model before the stack");
        assertTrue(ResultStore.ORDER.compare(BASE.toBuilder().data("digits").build(),
                BASE.toBuilder().arch("cnn").build()) < 0, "the data set before the model");
        assertTrue(ResultStore.ORDER.compare(BASE.toBuilder().study(Study.SHARING).build(),
                BASE.toBuilder().data("digits").build()) > 0, "the study before the data set, by its rank");
        assertTrue(ResultStore.ORDER.compare(BASE.toBuilder().study(Origin.SWEEP).build(),
                BASE.toBuilder().study(Study.SHARING).build()) > 0, "a sweep after every study");
    }

    @Test
    void numbersSortAsNumbersAndUnsetFirst() {
        List<RunSpec> specs = new ArrayList<>();
        for (Integer size : new Integer[] {400, null, 50}) {
            for (long seed : new long[] {10, 8}) {
                specs.add(BASE.toBuilder().trainSize(size).seed(seed).build());
            }
        }
        specs.sort(ResultStore.ORDER);
        assertEquals("null/8 null/10 50/8 50/10 400/8 400/10", String.join(" ", specs.stream()
                .map(s -> s.trainSize() + "/" + s.seed()).toList()));
    }
}
