package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static lab.compare.cli.TrainReproducesRunTest.runPlan;
import static lab.compare.cli.TrainReproducesRunTest.trainSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lab.compare.run.DType;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * --dtype float through the commands: lab train on the reference stack, lab run's plan in float on both stacks
 * (the double plan's runs but for their precision), the naive loops refused in one line by every command that
 * plans, and a float run's report saying the stacks are close, never identical.
 */
class FloatCommandsTest {

    @TempDir
    Path dir;

    @Test
    void trainTakesFloatOnTheReferenceStack() {
        RunSpec spec = trainSpec("train", "--arch", "cnn", "--stack", "reference", "--dtype", "float");
        assertEquals(Stack.REFERENCE, spec.stack());
        assertEquals(DType.FLOAT, spec.dtype());
        assertEquals(trainSpec("train", "--arch", "cnn").toBuilder().dtype(DType.FLOAT).build(), spec);
    }

    @Test
    void runsFloatPlanIsTheDoublePlanInFloatOnBothStacks() {
        List<RunSpec> doubles = runPlan("run", "--quick");
        List<RunSpec> floats = runPlan("run", "--quick", "--dtype", "float");
        assertEquals(doubles.stream().map(s -> s.toBuilder().dtype(DType.FLOAT).build()).toList(), floats);
        assertEquals(List.of(Stack.REFERENCE, Stack.DL4J), floats.stream().map(RunSpec::stack).distinct().toList());
        assertTrue(doubles.stream().allMatch(s -> s.dtype() == DType.DOUBLE), "double stays the default");
    }

    @Test
    void naiveLoopsInFloatAreOneLineFromEveryCommandThatPlans() {
        String refusal = "--kernels naive runs the spec's loops, which are double; float runs the fast path: give "
                + "--kernels fast or --dtype double";
        assertOneLineError(lab("train", "--kernels", "naive", "--dtype", "float"), refusal);
        for (String study : List.of("run", "locality", "sharing", "translation", "samples", "params")) {
            assertOneLineError(lab(study, "--quick", "--kernels", "naive", "--dtype", "float", "--out",
                    dir.resolve(study).toString()), refusal);
        }
        assertOneLineError(lab("sweep", "--kernels", "naive", "--dtype", "float", "--dry-run"), refusal);
    }

    /**
     * A double grid keeps the folder it had before float existed (sweep-22dce59a, printed by this dry run at
     * ac571e2, the commit before issue 26's float path), so its sweeps resume; the same grid in float has its own.
     */
    @Test
    void aDoubleGridKeepsItsFolderAndItsFloatTwinHasItsOwn() {
        LabTest.Outcome dbl = lab("sweep", "--arch", "mlp,cnn", "--lr", "0.001,0.005", "--dry-run");
        assertEquals(0, dbl.code(), dbl.err());
        assertTrue(dbl.err().contains(" into results/sweep-22dce59a;"), dbl.err());
        LabTest.Outcome flt = lab("sweep", "--arch", "mlp,cnn", "--lr", "0.001,0.005", "--dtype", "float", "--dry-run");
        assertEquals(0, flt.code(), flt.err());
        assertTrue(flt.err().contains(" into results/sweep-") && !flt.err().contains("sweep-22dce59a"), flt.err());
    }

    @Test
    void aFloatRunOnBothStacksReportsThemCloseNotIdentical() throws IOException {
        Path out = dir.resolve("float");
        LabTest.Outcome o = lab("run", "--quick", "--dtype", "float", "--seeds", "1", "--epochs", "2", "--out",
                out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("stacks [reference, dl4j] in float"), o.err());
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(8, lines.size(), "2 models x 2 stacks x 2 pixel orders");
        assertTrue(lines.stream().allMatch(l -> l.contains("\"dtype\":\"float\"") && l.contains("\"status\":\"ok\"")),
                String.join("\n", lines));
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("**Stacks.** reference and dl4j, both in float, close in all 4 cells compared (4 seed "
                + "pairs): "), md);
        assertTrue(md.contains(" Recorded loss curves: at most "), md);
        assertTrue(!md.contains("identical"), md);
        System.out.println(md.lines().filter(l -> l.startsWith("**Stacks.**")).findFirst().orElseThrow());
    }
}
