package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Study;
import org.junit.jupiter.api.Test;

/**
 * The small pieces every report section is made of, with answers worked by hand: the cell formats, a
 * plotted point, the by-seed grouping (finished runs only), and the table of runs that did not finish.
 */
class TablesTest {

    @Test
    void cellsFormatMeanSdAndIntervalsAndSayDashWhenEmpty() {
        assertEquals("-", Tables.pm(List.of()));
        assertEquals("-", Tables.withCi(List.of()));
        assertEquals("-", Tables.withCi(List.of(), 3), "an empty cell says nothing about seeds");
        assertEquals("2.00 ± 1.00", Tables.pm(List.of(1.0, 2.0, 3.0)));
        assertEquals("5.00 (one seed)", Tables.pm(List.of(5.0)), "one value has no spread to give, not ± 0.00");
        assertEquals("5.00 (one seed)", Tables.withCi(List.of(5.0)));
        // mean 2, sd 1, t(0.975, 2) = 4.303: half-width 4.303 / sqrt(3) = 2.484
        assertEquals("2.00 [-0.48, 4.48]", Tables.withCi(List.of(1.0, 2.0, 3.0)));
        assertEquals("2.00 [-0.48, 4.48] (3 of 4 seeds)", Tables.withCi(List.of(1.0, 2.0, 3.0), 4));
        assertEquals("2.00 [-0.48, 4.48]", Tables.withCi(List.of(1.0, 2.0, 3.0), 3));
        assertEquals("1 epoch", Tables.epochs(1));
        assertEquals("3 epochs", Tables.epochs(3));
        assertEquals("seed 4", Tables.seedList(List.of(4L)));
        assertEquals("seeds 0, 2", Tables.seedList(List.of(0L, 2L)));
    }

    @Test
    void aPlottedPointIsTheMeanAndItsHalfWidthNaNUnderTwoSeedsAndNaNForNone() {
        Plots.Points xy = Plots.Points.withErrors(4);
        Tables.point(xy, 0, 7, List.of(1.0, 2.0, 3.0));
        Tables.point(xy, 1, 8, List.of(4.0));
        Tables.point(xy, 2, 9, List.of());
        Tables.point(xy, 3, 10, List.of(1.0, 3.0)); // mean 2, sd sqrt(2), t(0.975, 1) = 12.7062047361747
        assertArrayEquals(new double[] {7, 8, 9, 10}, xy.x());
        assertEquals(12.7062047361747, xy.err()[3], 1e-8, "two seeds have an interval");
        assertEquals(2.0, xy.y()[0]);
        assertEquals(4.30265272974946 / Math.sqrt(3), xy.err()[0], 1e-8); // sd 1, t(0.975, 2)
        assertEquals(4.0, xy.y()[1]);
        assertTrue(Double.isNaN(xy.err()[1]), "one seed has no interval (no error bar, not one of length 0)");
        assertTrue(Double.isNaN(xy.y()[2]));
        assertTrue(Double.isNaN(xy.err()[2]));
    }

    @Test
    void theScrambleOfARunIsItsRuleOrNone() {
        RunSpec standard = RunSpec.builder().arch("mlp").build();
        assertEquals("none", Tables.scramble(standard));
        assertEquals("full", Tables.scramble(standard.toBuilder().permuteSeed(3L).build()));
        assertEquals("blocks:4", Tables.scramble(standard.toBuilder().permuteSeed(3L).scramble("blocks:4").build()));
    }

    @Test
    void bySeedKeepsFinishedRunsThatMatchInPercent() {
        RunSpec s = RunSpec.builder().arch("mlp").build();
        List<RunResult> rs = List.of(ok(s.toBuilder().seed(0).build(), 0.5), ok(s.toBuilder().seed(1).build(), 0.25),
                diverged(s.toBuilder().seed(2).build(), null), ok(s.toBuilder().seed(3).arch("cnn").build(), 0.75));
        assertEquals(Map.of(0L, 50.0, 1L, 25.0), Tables.bySeed(rs, r -> r.spec().arch().equals("mlp")));
    }

    @Test
    void theUnfinishedRunsTableNamesEachRunWhereItStoppedAndWhy() {
        RunSpec s = RunSpec.builder().arch("mlp").seed(1).build();
        assertEquals("", Tables.unfinishedRuns(List.of(ok(s, 0.9))), "all finished: no table");
        String md = Tables.unfinishedRuns(List.of(ok(s, 0.9),
                diverged(s.toBuilder().seed(2).permuteSeed(2L).build(), new RunResult.Stop(3, 7, 2.5e17, "loss above 10 ln K")),
                diverged(s.toBuilder().seed(4).study(Study.LOCALITY).permuteSeed(4L).build(), null),
                RunResult.builder(s.toBuilder().seed(6).build(), RunResult.Status.DIVERGED).init("he")
                        .split("planted").trainSize(100).testSize(50).parameters(1000).seconds(0.1)
                        .imagesPerSecond(100.0).confusion(new int[10][10]).finished("now").locality(1.0).build()));
        assertTrue(md.contains("| digits8 mlp reference standard seed 6 | diverged | - | - | - | - |\n"), md);
        assertTrue(md.startsWith("## Runs that did not finish\n\n3 run(s) stopped before the end;"), md);
        assertTrue(md.contains("| digits8 mlp reference permuted seed 2 | diverged | 3 | 7 | 2.500e+17 | loss above 10 ln K |\n"), md);
        // A run without a recorded stop (an older line): its error, with any '|' made harmless, or '-'.
        assertTrue(md.contains("| locality: digits8 mlp reference permuted seed 4 | diverged | - | - | - | loss became NaN / at step 2 |\n"), md);
    }

    private static RunResult ok(RunSpec spec, double accuracy) {
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(100).testSize(50)
                .parameters(1000).testAccuracy(accuracy).finalTrainLoss(0.3).finalTrainAccuracy(0.9).seconds(1.0)
                .imagesPerSecond(100.0).history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0)))
                .confusion(new int[10][10]).finished("now").locality(1.0).build();
    }

    private static RunResult diverged(RunSpec spec, RunResult.Stop stop) {
        return RunResult.builder(spec, RunResult.Status.DIVERGED).error("loss became NaN | at step 2").init("he")
                .split("planted").trainSize(100).testSize(50).parameters(1000).seconds(0.1).imagesPerSecond(100.0)
                .confusion(new int[10][10]).finished("now").locality(1.0).stop(stop).build();
    }
}
