package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;

import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import org.junit.jupiter.api.Test;

/**
 * Which seeds a control cell should hold, and the row that flags a cell short of them: the plan's seeds
 * for that data set (other studies' and other data sets' jobs do not count), plus any seed a result names.
 */
class CompletenessTest {

    private static final RunSpec MLP = RunSpec.builder().arch("mlp").build();

    @Test
    void expectedSeedsAreThePlansForThisDataSetAndStudyAndThoseTheResultsName() {
        List<RunSpec> plan = List.of(MLP.toBuilder().seed(2).build(), MLP.toBuilder().seed(0).build(),
                MLP.toBuilder().seed(9).study(Study.LOCALITY).build(), MLP.toBuilder().seed(8).data("mnist10k").build());
        List<RunResult> results = List.of(result(MLP.toBuilder().seed(5).build(), RunResult.Status.OK),
                result(MLP.toBuilder().seed(7).data("mnist10k").build(), RunResult.Status.OK));
        assertEquals(List.of(0L, 2L, 5L), Completeness.expectedSeeds(results, plan, "digits8"));
        assertEquals(List.of(7L, 8L), Completeness.expectedSeeds(results, plan, "mnist10k"));
    }

    @Test
    void aCellShortOfAPlannedSeedOrUnlikeTheOtherStackGetsARowAndAFullOneNone() {
        List<RunResult> results = List.of(result(MLP.toBuilder().seed(0).build(), RunResult.Status.OK),
                result(MLP.toBuilder().seed(1).build(), RunResult.Status.DIVERGED),
                result(MLP.toBuilder().seed(0).stack(Stack.DL4J).build(), RunResult.Status.OK),
                result(MLP.toBuilder().seed(1).stack(Stack.DL4J).build(), RunResult.Status.OK),
                result(MLP.toBuilder().seed(2).stack(Stack.DL4J).build(), RunResult.Status.OK));
        List<Stack> stacks = List.of(Stack.REFERENCE, Stack.DL4J);
        List<Long> expected = List.of(0L, 1L, 2L);
        assertEquals("| reference | mlp | standard | 1 (seed 0) | 1 (seed 1: diverged) | 1 (seed 2) | dl4j: 3 |\n",
                Completeness.incompleteRow(results, stacks, Stack.REFERENCE, "mlp", false, expected).replace("\r", ""));
        assertNull(Completeness.incompleteRow(results, List.of(Stack.DL4J), Stack.DL4J, "mlp", false, expected),
                "every planned seed finished, and no other stack to differ from");
        // Complete itself, but the other stack finished fewer: flagged, so the side-by-side gap is not read as real.
        assertEquals("| dl4j | mlp | standard | 3 (seeds 0, 1, 2) | 0 | 0 | reference: 1 |\n",
                Completeness.incompleteRow(results, stacks, Stack.DL4J, "mlp", false, expected).replace("\r", ""));
    }

    @Test
    void aCellWithNothingFinishedOnOneStackSaysNoneAndNoOtherStack() {
        List<RunResult> results = List.of(result(MLP, RunResult.Status.DIVERGED));
        assertEquals("| reference | mlp | standard | 0 (none) | 1 (seed 0: diverged) | 0 | - |\n",
                Completeness.incompleteRow(results, List.of(Stack.REFERENCE), Stack.REFERENCE, "mlp", false,
                        List.of(0L)).replace("\r", ""));
    }

    private static RunResult result(RunSpec spec, RunResult.Status status) {
        return RunResult.builder(spec, status).init("he").split("planted").trainSize(100).testSize(50)
                .parameters(1000).testAccuracy(0.9).finalTrainLoss(0.3).finalTrainAccuracy(0.9).seconds(1.0)
                .imagesPerSecond(100.0).confusion(new int[10][10]).finished("now").locality(1.0).build();
    }
}
