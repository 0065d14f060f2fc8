package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.compare.run.Loops;
import lab.compare.run.ResultStore;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.study.Block;
import lab.compare.study.Control;
import lab.compare.study.FolderReport;
import lab.compare.study.Studies;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A results folder with one diverged run and one missing run: the report lists the run that did not
 * finish, counts seeds per cell and flags the short cells, and compares the stacks only over the seeds
 * both finished. A complete folder raises no flag.
 */
class IncompleteCellsReportTest {

    private static final Block BLOCK = Block.adam("digits8", List.of("mlp", "cnn"), 1);
    private static final List<Stack> STACKS = List.of(Stack.REFERENCE, Stack.DL4J);

    @TempDir
    Path dir;

    @Test
    void aDivergedAndAMissingRunAreListedCountedAndNeverComparedAcrossStacks() throws IOException {
        List<RunSpec> plan = Studies.CONTROL.plan(new Control.Settings(List.of(BLOCK), STACKS, 2, Loops.FAST));
        Path jsonl = dir.resolve("results.jsonl");
        for (RunSpec spec : plan) {
            boolean missing = spec.stack() == Stack.DL4J && spec.arch().equals("cnn") && spec.permuted()
                    && spec.seed() == 1; // a failed job, or a torn write
            boolean diverged = spec.stack() == Stack.REFERENCE && spec.arch().equals("mlp") && !spec.permuted()
                    && spec.seed() == 1;
            if (!missing) {
                ResultsFile.append(jsonl, diverged ? divergedResult(spec) : result(spec, accuracy(spec)));
            }
        }
        List<RunResult> read = ResultStore.open(jsonl, System.err::println).results(List.of());
        assertEquals(15, read.size());
        String md = FolderReport.write(dir, read, plan, "planted");

        assertTrue(md.contains("## Runs that did not finish\n\n1 run(s) stopped before the end; they are left out "
                + "of every mean and counted per cell below."), md);
        assertTrue(md.contains("| run | status | epoch | step | loss | rule |\n"), md);
        assertTrue(md.contains("| digits8 mlp reference standard seed 1 | diverged | 1 | 2 | 2.524e+17 | loss above 10 ln K |\n"), md);

        // The main table: seeds per row, standard / permuted where they differ, flagged.
        assertTrue(md.contains("| reference | mlp | 1 / 2 (!) | 90.00 (one seed) |"), md);
        assertTrue(md.contains("| dl4j | cnn | 2 / 1 (!) |"), md);
        assertTrue(md.contains("| reference | cnn | 2 (!) |"), md); // complete, but not what dl4j holds

        assertTrue(md.contains("(!) Incomplete cells: the plan has 2 seed(s) (seeds 0, 1) per cell;"), md);
        assertTrue(md.contains("| reference | mlp | standard | 1 (seed 0) | 1 (seed 1: diverged) | 0 | dl4j: 2 |\n"), md);
        assertTrue(md.contains("| dl4j | mlp | standard | 2 (seeds 0, 1) | 0 | 0 | reference: 1 |\n"), md);
        assertTrue(md.contains("| dl4j | cnn | permuted | 1 (seed 0) | 0 | 1 (seed 1) | reference: 2 |\n"), md);
        assertTrue(md.contains("| reference | cnn | permuted | 2 (seeds 0, 1) | 0 | 0 | dl4j: 1 |\n"), md);
        assertFalse(md.contains("| reference | cnn | standard |"), "a complete cell is not listed: " + md);

        // Side by side: only seed 0 is in both stacks' cnn-permuted cell, so the difference is 0, not
        // 80 - mean(80, 70) = 5 that unpaired means would show.
        assertTrue(md.contains("Both stacks side by side (mean accuracy %, paired by seed: over the seeds every "
                + "stack finished):\n\n| model | pixels | seeds | reference | dl4j | difference |"), md);
        assertTrue(md.contains("| cnn | permuted | 1 (!) | 80.00 | 80.00 | 0.00 |\n"), md);
        assertTrue(md.contains("| mlp | standard | 1 (!) | 90.00 | 90.00 | 0.00 |\n"), md);
        assertTrue(md.contains("| cnn | standard | 2 | 90.50 | 90.50 | 0.00 |\n"), md);
    }

    @Test
    void aCompleteFolderFlagsNothing() {
        List<RunSpec> plan = Studies.CONTROL.plan(new Control.Settings(List.of(BLOCK), STACKS, 2, Loops.FAST));
        List<RunResult> results = new ArrayList<>();
        plan.forEach(spec -> results.add(result(spec, accuracy(spec))));
        String md = FolderReport.write(dir, results, plan, "complete");
        assertFalse(md.contains("(!)"), md);
        assertFalse(md.contains("did not finish"), md);
        assertTrue(md.contains("| cnn | permuted | 2 | 75.00 | 75.00 | 0.00 |\n"), md);
    }

    @Test
    void aResultsLineWrittenBeforeTheStopFieldReadsAsAFinishedRun() throws IOException {
        RunSpec spec = Studies.CONTROL.plan(new Control.Settings(List.of(BLOCK), STACKS, 1, Loops.FAST)).get(0);
        ObjectNode old = (ObjectNode) new ObjectMapper().readTree(ResultsFile.toJson(result(spec, 0.9)));
        old.remove("stop");
        Files.writeString(dir.resolve("old.jsonl"), old + "\n");
        RunResult r = ResultStore.open(dir.resolve("old.jsonl"), System.err::println).results(List.of()).get(0);
        assertNull(r.stop());
        assertTrue(r.completed());
    }

    /** cnn permuted: 80 at seed 0, 70 at seed 1; cnn standard 90 / 91; mlp 90 / 92 either way. */
    private static double accuracy(RunSpec s) {
        if (s.arch().equals("cnn")) {
            return s.permuted() ? (s.seed() == 0 ? 0.80 : 0.70) : (s.seed() == 0 ? 0.90 : 0.91);
        }
        return s.seed() == 0 ? 0.90 : 0.92;
    }

    private static RunResult result(RunSpec spec, double accuracy) {
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(100).testSize(50)
                .parameters(1000).testAccuracy(accuracy).finalTrainLoss(0.3).finalTrainAccuracy(0.9).seconds(1.0)
                .imagesPerSecond(100.0).history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0)))
                .confusion(new int[10][10]).finished("now").locality(1.0).build();
    }

    private static RunResult divergedResult(RunSpec spec) {
        return RunResult.builder(spec, RunResult.Status.DIVERGED)
                .error("loss became 2.524e+17 at epoch 1, step 2 of 43 (rule: ...)").init("he").split("planted")
                .trainSize(100).testSize(50).parameters(1000).seconds(0.1).imagesPerSecond(100.0)
                .confusion(new int[10][10]).finished("now").locality(1.0)
                .stop(new RunResult.Stop(1, 2, 2.524e17, "loss above 10 ln K")).build();
    }
}
