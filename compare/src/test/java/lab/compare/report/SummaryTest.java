package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import lab.compare.run.DType;
import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
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
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(1348).testSize(449)
                .parameters(1000).testAccuracy(percent / 100).finalTrainLoss(0.5).finalTrainAccuracy(0.9)
                .seconds(seconds).imagesPerSecond(100.0).finished(finished).locality(1.0).build();
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
        return RunResult.builder(r.spec(), diverged ? RunResult.Status.DIVERGED : r.status()).init(r.init())
                .split(r.split()).trainSize(r.trainSize()).testSize(r.testSize()).parameters(r.parameters())
                .testAccuracy(diverged ? Double.NaN : r.testAccuracy()).finalTrainLoss(r.finalTrainLoss())
                .finalTrainAccuracy(r.finalTrainAccuracy()).seconds(r.seconds()).imagesPerSecond(r.imagesPerSecond())
                .history(r.history()).confusion(r.confusion()).finished(r.finished()).locality(r.locality())
                .stop(diverged ? new RunResult.Stop(1, 3, 40.0, "planted") : null).lossCurve(curve).build();
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
            rs.add(r.spec().stack() == Stack.REFERENCE ? r
                    : RunResult.builder(r.spec().toBuilder().lr(0.001).build(), r.status()).init("he")
                            .split("planted").trainSize(1348).testSize(449).parameters(1000).testAccuracy(0.5)
                            .finalTrainLoss(0.5).finalTrainAccuracy(0.9).seconds(1).imagesPerSecond(100.0)
                            .finished(r.finished()).locality(1.0).build());
        }
        assertTrue(Summary.stacks(rs).startsWith("**Stacks.** reference and dl4j ran, but no cell has a seed finished "
                + "on two of them"), Summary.stacks(rs));
    }

    @Test
    void aStacksOwnSettingsStayInItsCellWhileAnyOtherSettingMakesAnother() {
        // dl4j on 2 threads (the reference on its naive loops): still the same 4 cells, one differing.
        List<RunResult> rs = new ArrayList<>();
        for (RunResult r : bothStacks(92.3)) {
            RunSpec own = r.spec().stack() == Stack.DL4J ? r.spec().toBuilder().threads(2).build()
                    : r.spec().toBuilder().kernels(Loops.NAIVE).build();
            rs.add(r.toBuilder().spec(own).build());
        }
        assertEquals(Summary.stacks(bothStacks(92.3)), Summary.stacks(rs));
        // A shift test, another split, DL4J's own initial weights or float on dl4j makes other cells: nothing pairs.
        // (The precision was a stack's own setting while only dl4j had float; both stacks compute in either now.)
        for (UnaryOperator<RunSpec.Builder> other : List.<UnaryOperator<RunSpec.Builder>>of(b -> b.maxShift(1),
                b -> b.splitSeed(4), b -> b.sharedInit(false), b -> b.dtype(DType.FLOAT))) {
            rs = new ArrayList<>();
            for (RunResult r : bothStacks(92)) {
                rs.add(r.spec().stack() == Stack.REFERENCE ? r
                        : r.toBuilder().spec(other.apply(r.spec().toBuilder()).build()).build());
            }
            assertTrue(Summary.stacks(rs).startsWith("**Stacks.** reference and dl4j ran, but no cell has a seed "
                    + "finished on two of them"), Summary.stacks(rs));
        }
        // A permutation is part of the cell by its offset from the seed: dl4j's drawn from seed + 1 pairs with none.
        rs = new ArrayList<>();
        for (RunResult r : bothStacks(92)) {
            rs.add(r.spec().stack() == Stack.REFERENCE || !r.spec().permuted() ? r : r.toBuilder()
                    .spec(r.spec().toBuilder().permuteSeed(r.spec().seed() + 1).build()).build());
        }
        assertEquals("**Stacks.** reference and dl4j identical in all 2 cells compared (6 seed pairs, every test "
                + "accuracy equal to the last digit). 4 cell(s) have no seed finished on two stacks, so are not "
                + "compared.", Summary.stacks(rs));
    }

    /** {@code rs}, every run in float. */
    private static List<RunResult> inFloat(List<RunResult> rs) {
        return rs.stream().map(r -> r.toBuilder().spec(r.spec().toBuilder().dtype(DType.FLOAT).build()).build())
                .toList();
    }

    @Test
    void floatStacksAreCloseWithTheirLargestDifferenceNeverIdentical() {
        // dl4j's cnn permuted seed 2 has 92.3 where the reference has 92: 0.30 points, the largest pair.
        assertEquals("**Stacks.** reference and dl4j, both in float, close in all 4 cells compared (12 seed pairs): "
                + "test accuracies differ in 1 of them, by at most 0.30 points (digits8 cnn float permuted lr 0.005, "
                + "seed 2), as float runs may: each stack rounds in its own order.",
                Summary.stacks(inFloat(bothStacks(92.3))));
        // Equal by chance is still close, and said to be chance.
        assertEquals("**Stacks.** reference and dl4j, both in float, close in all 4 cells compared (12 seed pairs): "
                + "the largest test-accuracy difference is 0.00 points (every accuracy equal to the last digit, which "
                + "float runs need not be).",
                Summary.stacks(inFloat(bothStacks(92))));
    }

    @Test
    void floatStacksGiveTheirLossCurvesLargestDifference() {
        List<RunResult> rs = inFloat(bothStacks(92.3)).stream().map(r -> withCurve(r, false, 2.3,
                r.spec().stack() == Stack.DL4J && r.spec().arch().equals("mlp") ? 1.0004 : 1.0)).toList();
        assertTrue(Summary.stacks(rs).endsWith(" Recorded loss curves: at most 0.00040 apart over 12 run pairs "
                + "(largest at digits8 mlp float standard lr 0.005, seed 0)."), Summary.stacks(rs));
    }

    /** A precision none of whose runs finished (every float run failed) adds nothing, not a dangling "In float,". */
    @Test
    void aPrecisionWithNoFinishedRunIsLeftOut() {
        List<RunResult> rs = new ArrayList<>(bothStacks(92));
        for (RunResult r : inFloat(bothStacks(92))) {
            rs.add(RunResult.failed(r.spec(), new IllegalStateException("planted"), 1));
        }
        assertEquals("**Stacks.** reference and dl4j identical in all 4 cells compared (12 seed pairs, every test "
                + "accuracy equal to the last digit).", Summary.stacks(rs));
    }

    @Test
    void aFolderOfBothPrecisionsComparesEachOverItsOwnCells() {
        List<RunResult> rs = new ArrayList<>(bothStacks(92));
        rs.addAll(inFloat(bothStacks(92.3)));
        assertEquals("**Stacks.** In double, reference and dl4j identical in all 4 cells compared (12 seed pairs, "
                + "every test accuracy equal to the last digit). reference and dl4j, both in float, close in all 4 "
                + "cells compared (12 seed pairs): test accuracies differ in 1 of them, by at most 0.30 points "
                + "(digits8 cnn float permuted lr 0.005, seed 2), as float runs may: each stack rounds in its own "
                + "order.", Summary.stacks(rs));
    }

    @Test
    void theDataLineGivesTheRangeOfTrainingSizes() {
        List<RunResult> rs = new ArrayList<>();
        for (int size : new int[] {50, 400}) {
            RunSpec spec = RunSpec.builder().arch("mlp").trainSize(size).build();
            rs.add(RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(size)
                    .testSize(449).parameters(1000).testAccuracy(0.9).finalTrainLoss(0.5).finalTrainAccuracy(0.9)
                    .seconds(1).imagesPerSecond(100.0).finished("planted").locality(1.0).build());
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
