package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lab.compare.report.Tables;
import lab.compare.run.Loops;
import lab.compare.run.Origin;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.sweep.Axis;
import lab.compare.sweep.SweepReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What one seed can and cannot show: a report of every study from one seed states its differences as
 * observed and says there is no interval (and how to get one), never a 95% CI, a "± 0.00", or a verdict
 * on seed noise; the same report from three seeds still gives its intervals and verdicts. Planted results,
 * nothing trained.
 */
class OneSeedReportTest {

    @TempDir
    Path dir;

    /** The claims a report may make only with an interval. */
    private static final List<String> INTERVAL_CLAIMS = List.of("95% CI", "beyond seed noise", "within noise",
            "seed-to-seed noise", "± 0.00", "with 95% intervals", "the interval includes", "the interval excludes",
            "the 95% interval", "beyond the seeds' 95% interval", "[95% interval] as the text above says",
            "mean [95% interval] over the seeds that finished", "mean [95% interval] over seeds");

    /**
     * Every study's plan at {@code seeds} seeds on digits8, reference stack, each run planted: mlp 94%, the
     * others 90%, less a drop on permuted or scrambled pixels (cnn 3 points, the others 0.4) and a point or so
     * from the seed, so paired drops differ from seed to seed; shifted tests at half and a fifth.
     */
    private static List<RunResult> planted(int seeds) {
        List<RunSpec> plan = new ArrayList<>(Studies.CONTROL.plan(new Control.Settings(
                List.of(Block.adam("digits8", List.of("mlp", "cnn"), 1)), List.of(Stack.REFERENCE), seeds,
                Loops.FAST)));
        Scale scale = new Scale(List.of(Stack.REFERENCE), Loops.FAST, seeds, true, Map.of("digits8", 1));
        for (Study study : Studies.NAMES) {
            plan.addAll(Studies.of(study).plan(scale));
        }
        List<RunResult> out = new ArrayList<>();
        for (RunSpec s : plan) {
            boolean cnn = s.arch().contains("conv") || s.arch().equals("cnn");
            double percent = (s.arch().equals("mlp") ? 94 : 90) + s.seed() * (s.permuted() ? 0.7 : 0.3)
                    - (s.permuted() ? (cnn ? 3 : 0.4) : 0);
            double acc = percent / 100;
            double[] shifts = s.maxShift() > 0 ? new double[] {acc, acc / 2, acc / 5} : null;
            long parameters = s.study() == Study.PARAMS ? Ladder.Rung.of(s.arch()).parameters(8) : 1000;
            out.add(RunResult.builder(s, RunResult.Status.OK).init("he").split("planted").trainSize(1348)
                    .testSize(449).parameters(parameters).testAccuracy(acc).finalTrainLoss(0.3)
                    .finalTrainAccuracy(0.9).seconds(1.0).imagesPerSecond(100.0)
                    .history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0))).confusion(new int[10][10])
                    .finished("now").locality(s.permuted() ? 0.3 : 1.0).shiftAccuracy(shifts).build());
        }
        return out;
    }

    @Test
    void aOneSeedReportSaysThereIsNoIntervalAndClaimsNone() {
        String md = FolderReport.write(dir, planted(1), List.of(), "planted");
        for (String claim : INTERVAL_CLAIMS) {
            assertFalse(md.contains(claim), "one seed, yet the report says '" + claim + "':\n" + md);
        }
        // the control: its intro, its headline's reading, and the measurement's reading, plainly
        assertTrue(md.contains("Accuracies are test accuracy in percent, of one seed (no sd);"), md);
        assertTrue(md.contains("Drops are paired by seed; " + Tables.NO_INTERVAL + "."), md);
        assertTrue(md.contains("so cnn lost 2.60 (one seed) more (" + Tables.NO_INTERVAL + ")."), md);
        assertTrue(md.contains("Reading (reference stack): cnn lost 2.60 points more than mlp on the one seed; "
                + Tables.NO_INTERVAL + "."), md);
        assertTrue(md.contains("| reference | cnn | 1 | 90.00 (one seed) | 87.00 (one seed) | 3.00 (one seed) |"), md);
        // the locality ladder: what the one seed shows, no verdict on noise, and the reason
        assertTrue(md.contains("the first scramble (by falling locality) to cost it more than half a point on its one "
                + "seed is blocks:2"), md);
        assertTrue(md.contains("no scramble cost it more than half a point on its one seed."), md);
        // every study's reading in the summary says it once
        String summary = md.substring(0, md.indexOf("**Stacks.**"));
        assertEquals(4, count(summary, Tables.noIntervalSentence()), "locality, sharing, translation, samples:\n"
                + summary);
        assertTrue(summary.contains("the drop from standard pixels (one seed: no interval)"), "params:\n" + summary);
        assertTrue(md.contains("(interpolated on the mlp's curve; one seed: no interval)"), md);
    }

    @Test
    void aReportOfThreeSeedsStillGivesItsIntervalsAndVerdicts() {
        String md = FolderReport.write(dir, planted(3), List.of(), "planted");
        assertFalse(md.contains(Tables.NO_INTERVAL), md);
        assertFalse(md.contains("one seed"), md);
        assertTrue(md.contains("mean ± sd over seeds"), md);
        assertTrue(md.contains("intervals are 95% Student-t intervals of the mean"), md);
        assertTrue(md.contains("drop (points) [95% CI] |"), md);
        assertTrue(md.contains("with 95% intervals](headline.png)"), md);
        // cnn's drops 3.0, 2.6, 2.2 less mlp's 0.4, 0.0, -0.4: 2.6 each seed, an interval of width 0 above 0
        assertTrue(md.contains("cnn lost 2.60 points more than mlp; the 95% interval excludes 0"), md);
        assertTrue(md.contains("half a point beyond seed noise is blocks:2"), md);
        assertTrue(md.contains("the drop from standard pixels (paired by seed) is beyond the seeds' 95% interval"), md);
        assertTrue(md.contains("[95% interval] as the text above says"), md);
    }

    @Test
    void aOneSeedSweepSaysItsCellsHaveNoInterval() {
        List<RunSpec> plan = new ArrayList<>();
        for (String arch : List.of("mlp", "cnn")) {
            plan.add(RunSpec.builder().study(Origin.SWEEP).arch(arch).seed(0).build());
        }
        List<RunResult> results = plan.stream().map(s -> RunResult.builder(s, RunResult.Status.OK).init("he")
                .split("planted").trainSize(1348).testSize(449).parameters(1000)
                .testAccuracy(s.arch().equals("mlp") ? 0.94 : 0.9).finalTrainLoss(0.3).finalTrainAccuracy(0.9)
                .seconds(1.0).imagesPerSecond(100.0).history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0)))
                .confusion(new int[10][10]).finished("now").locality(1.0).build()).toList();
        String md = SweepReport.write(dir, "planted", List.of(Axis.ARCH), plan, results);
        for (String claim : INTERVAL_CLAIMS) {
            assertFalse(md.contains(claim), "one seed, yet the sweep says '" + claim + "':\n" + md);
        }
        assertTrue(md.contains("Test accuracy in percent of the one seed that finished (" + Tables.NO_INTERVAL
                + ")."), md);
        assertTrue(md.contains(" Best: arch mlp, 94.00 (one seed)."), md);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
