package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import lab.compare.run.InitChoice;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import org.junit.jupiter.api.Test;

/** The summary's line on the stacks: identical cells counted, a differing one named with its difference. */
class SummaryTest {

    private static RunResult result(Stack stack, String model, boolean permuted, long seed, double percent,
                                    String finished, double seconds) {
        RunSpec spec = RunSpec.builder().stack(stack).arch(model).optimizer(OptimizerKind.ADAM).lr(0.005).epochs(1)
                .init(InitChoice.HE).seed(seed).permuteSeed(permuted ? seed : null).build();
        return new RunResult(spec, RunResult.Status.OK, null, "he", "planted", 1348, 449, 1000, percent / 100, 0.5,
                0.9, seconds, 100.0, List.of(), null, null, null, finished, 1.0, null);
    }

    /** Two models x two pixel orders x three seeds on both stacks: 4 cells, 12 pairs; accuracy 90 + seed. */
    private static List<RunResult> bothStacks(double dl4jCnnPermutedSeed2) {
        List<RunResult> rs = new ArrayList<>();
        for (Stack stack : List.of(Stack.REFERENCE, Stack.DL4J)) {
            for (String model : List.of("mlp", "cnn")) {
                for (boolean permuted : new boolean[] {false, true}) {
                    for (long seed = 0; seed < 3; seed++) {
                        double acc = stack == Stack.DL4J && model.equals("cnn") && permuted && seed == 2
                                ? dl4jCnnPermutedSeed2 : 90 + seed;
                        rs.add(result(stack, model, permuted, seed, acc, "2026-12-02T10:00:00Z", 1));
                    }
                }
            }
        }
        return rs;
    }

    @Test
    void identicalStacksAreCountedCellByCell() {
        assertEquals("**Stacks.** reference and dl4j identical in all 4 cells compared (12 seed pairs, every test "
                + "accuracy equal to the last digit).", Summary.stacks(bothStacks(92)));
    }

    @Test
    void aCellThatDiffersIsNamedWithItsMeanDifference() {
        // dl4j's cnn permuted seed 2 has 92.3 where the reference has 92: a mean difference of 0.3 / 3 seeds.
        assertEquals("**Stacks.** reference and dl4j differ in 1 of 4 cells compared (12 seed pairs); the largest "
                + "mean difference is 0.10 points (digits8 cnn permuted lr 0.005).", Summary.stacks(bothStacks(92.3)));
    }

    /** {@code r} with a recorded loss curve (and, if {@code diverged}, stopped early). */
    private static RunResult withCurve(RunResult r, boolean diverged, double... curve) {
        return new RunResult(r.spec(), diverged ? RunResult.Status.DIVERGED : r.status(), null, r.init(), r.split(),
                r.trainSize(), r.testSize(), r.parameters(), diverged ? Double.NaN : r.testAccuracy(),
                r.finalTrainLoss(), r.finalTrainAccuracy(), r.seconds(), r.imagesPerSecond(), r.history(),
                r.confusion(), null, null, r.finished(), r.locality(), null,
                diverged ? new RunResult.Stop(1, 3, 40.0, "planted") : null, null, curve);
    }

    @Test
    void theLargestLossCurveDifferenceOverTwinRunsIsGivenWithItsCellAndSeed() {
        // Every run's curve is (2.3, 1.0, NaN); dl4j's mlp standard seed 1 reads 1.25 at its second point.
        List<RunResult> rs = bothStacks(92).stream().map(r -> withCurve(r, false, 2.3,
                r.spec().stack() == Stack.DL4J && r.spec().arch().equals("mlp") && !r.spec().permuted()
                        && r.spec().seed() == 1 ? 1.25 : 1.0, Double.NaN)).toList();
        assertEquals("**Stacks.** reference and dl4j identical in all 4 cells compared (12 seed pairs, every test "
                + "accuracy equal to the last digit). Recorded loss curves: at most 0.25 apart over 12 run pairs "
                + "(largest at digits8 mlp standard lr 0.005, seed 1).", Summary.stacks(rs));
        Summary.LossAgreement same = Summary.lossAgreement(bothStacks(92).stream()
                .map(r -> withCurve(r, false, 2.3, 1.0, Double.NaN)).toList());
        assertEquals(new Summary.LossAgreement(0, 12, 0, null), same);
    }

    @Test
    void twinsThatBothDivergedAreComparedUpToTheStopAndCounted() {
        // cnn permuted diverged on both stacks after one point; dl4j's NaN after it is no difference.
        List<RunResult> rs = bothStacks(92).stream().map(r -> {
            boolean stopped = r.spec().arch().equals("cnn") && r.spec().permuted();
            double later = stopped && r.spec().stack() == Stack.DL4J ? Double.NaN : 1.0;
            return withCurve(r, stopped, 2.3, later);
        }).toList();
        Summary.LossAgreement losses = Summary.lossAgreement(rs);
        assertEquals(new Summary.LossAgreement(0, 12, 3, null), losses);
        assertTrue(Summary.stacks(rs).contains(" Recorded loss curves: at most 0 apart over 12 run pairs (3 diverged "
                + "on both stacks, compared up to the stop)."), Summary.stacks(rs));
    }

    @Test
    void aCellOnlyOneStackFinishedIsCountedNotCompared() {
        List<RunResult> rs = bothStacks(92).stream().filter(r -> !(r.spec().stack() == Stack.DL4J
                && r.spec().arch().equals("cnn") && r.spec().permuted())).toList();
        assertEquals("**Stacks.** reference and dl4j identical in all 3 cells compared (9 seed pairs, every test "
                + "accuracy equal to the last digit). 1 cell(s) have no seed finished on two stacks, so are not "
                + "compared.", Summary.stacks(rs));
    }

    @Test
    void aStackThatRanButFinishedNothingIsNamed() {
        List<RunResult> rs = bothStacks(92).stream().map(r -> r.spec().stack() == Stack.DL4J
                ? RunResult.failed(r.spec(), new IllegalStateException("planted"), 0.1) : r).toList();
        assertEquals("**Stacks.** dl4j ran but finished no run: nothing to compare with reference.", Summary.stacks(rs));
    }

    @Test
    void runsWithSettingsBeyondTheStackAreNotPairedAcrossThem() {
        // The same seeds at another learning rate on dl4j: other cells, not a difference between the stacks.
        List<RunResult> rs = new ArrayList<>();
        for (RunResult r : bothStacks(92)) {
            rs.add(r.spec().stack() == Stack.REFERENCE ? r : new RunResult(r.spec().toBuilder().lr(0.001).build(),
                    r.status(), null, "he", "planted", 1348, 449, 1000, 0.5, 0.5, 0.9, 1, 100.0, List.of(), null, null,
                    null, r.finished(), 1.0, null));
        }
        assertTrue(Summary.stacks(rs).startsWith("**Stacks.** reference and dl4j ran, but no cell has a seed finished "
                + "on two of them"), Summary.stacks(rs));
    }

    @Test
    void theDataLineGivesTheRangeOfTrainingSizes() {
        List<RunResult> rs = new ArrayList<>();
        for (int size : new int[] {50, 400}) {
            RunSpec spec = RunSpec.builder().arch("mlp").trainSize(size).build();
            rs.add(new RunResult(spec, RunResult.Status.OK, null, "he", "planted", size, 449, 1000, 0.9, 0.5, 0.9, 1,
                    100.0, List.of(), null, null, null, "planted", 1.0, null));
        }
        assertTrue(Summary.whatRan(rs).startsWith("**What ran.** Data: digits8 (50 to 400 train / 449 test images)."),
                Summary.whatRan(rs));
    }

    @Test
    void oneStackHasNothingToAgreeWith() {
        List<RunResult> one = bothStacks(92).stream().filter(r -> r.spec().stack() == Stack.REFERENCE).toList();
        assertTrue(Summary.stacks(one).startsWith("**Stacks.** Only reference ran"), Summary.stacks(one));
    }

    @Test
    void theTimeRunsFromTheFirstStartToTheLastEnd() {
        List<RunResult> rs = List.of(
                result(Stack.REFERENCE, "mlp", false, 0, 90, "2026-12-02T10:00:30Z", 30), // 10:00:00 to 10:00:30
                result(Stack.REFERENCE, "mlp", false, 1, 90, "2026-12-02T10:02:05Z", 65)); // 10:01:00 to 10:02:05
        assertEquals("2 min 05 s from the first run's start to the last one's end (including any pause before a "
                + "resume); 1 min 35 s of training summed over runs.", Summary.time(rs));
    }
}
