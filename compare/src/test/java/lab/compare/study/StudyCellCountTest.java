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
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A study's cells say how many seeds went in when fewer than planned did (a run missing or diverged),
 * so a short cell never reads like a finding; with every run there, no cell says so.
 */
class StudyCellCountTest {

    @TempDir
    Path dir;

    private static final Scale SCALE = new Scale(List.of(Stack.REFERENCE), Loops.FAST, 2, true,
            Map.of("digits8", 1));

    @Test
    void aSharingCellMissingASeedSaysOneOfTwo() {
        List<RunSpec> plan = Studies.of(Study.SHARING).plan(SCALE);
        List<RunResult> results = new ArrayList<>();
        for (RunSpec spec : plan) {
            boolean missing = spec.arch().equals("lcn") && spec.permuted() && spec.seed() == 1;
            if (!missing) {
                results.add(result(spec, spec.seed() == 0 ? 0.90 : 0.80));
            }
        }
        String md = Studies.of(Study.SHARING).write(dir, results, plan).section();
        // lcn permuted has only seed 0's 90: one seed, out of the two planned.
        String lcn = md.lines().filter(l -> l.startsWith("| reference | lcn |")).findFirst().orElseThrow();
        assertTrue(lcn.contains("| 90.00 (one seed) (1 of 2 seeds) |"), lcn);
        // mlp has both seeds (90 and 80): its cells say nothing more than their interval.
        String mlp = md.lines().filter(l -> l.startsWith("| reference | mlp |")).findFirst().orElseThrow();
        assertFalse(mlp.contains("seeds)"), mlp);
        assertTrue(md.contains(" 11 runs, 2 seeds; accuracies are test accuracy in percent, mean [95% interval] "
                + "over seeds; a cell over fewer seeds says how many went in."), md);
    }

    @Test
    void aSeedMissingFromTheWholeStudyIsSaidInTheHeading() {
        List<RunSpec> plan = Studies.of(Study.SHARING).plan(SCALE);
        List<RunResult> results = plan.stream().filter(s -> s.seed() == 0).map(s -> result(s, 0.9)).toList();
        String md = Studies.of(Study.SHARING).write(dir, results, plan).section();
        assertTrue(md.contains(" 6 runs, 1 seed (2 planned); accuracies are test accuracy in percent on that seed. "
                + Tables.noIntervalSentence()), md);
        assertTrue(md.contains("| 90.00 (one seed) (1 of 2 seeds) |"), md);
    }

    @Test
    void aCompleteStudyMarksNoCell() {
        List<RunSpec> plan = Studies.of(Study.SHARING).plan(SCALE);
        List<RunResult> results = plan.stream().map(s -> result(s, 0.9)).toList();
        String md = Studies.of(Study.SHARING).write(dir, results, plan).section();
        assertEquals(0, md.lines().filter(l -> l.contains("seeds)")).count(), md);
    }

    private static RunResult result(RunSpec spec, double accuracy) {
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(100).testSize(50)
                .parameters(1000).testAccuracy(accuracy).finalTrainLoss(0.3).finalTrainAccuracy(0.9).seconds(1.0)
                .imagesPerSecond(100.0).history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0)))
                .confusion(new int[10][10]).finished("now").locality(1.0).build();
    }
}
