package lab.compare.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import lab.compare.run.DType;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.Origin;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A sweep's grid: every combination once per seed, labelled as a sweep, in a folder the same grid always gets. */
class GridTest {

    private static Grid grid(List<String> data, List<String> archs, List<Double> lrs, List<String> pixels, int seeds) {
        return new Grid(data, archs, List.of(Stack.REFERENCE, Stack.DL4J), List.of(OptimizerKind.ADAM, OptimizerKind.SGD),
                lrs, List.of(32), List.of(), List.of(100, 300), pixels, seeds, Loops.FAST, DType.DOUBLE);
    }

    @Test
    void thePlanIsEveryCombinationOncePerSeedEachASweepRun() {
        Grid g = grid(List.of("digits8", "mnist10k"), List.of("mlp", "cnn"), List.of(0.001, 0.01),
                List.of("standard", "full", "blocks:4"), 3);
        List<RunSpec> plan = g.plan();
        int cells = 2 * 2 * 2 * 3 * 2 * 2 * 2; // data, arch, stack, pixels, optimizer, lr, train size
        assertEquals(cells, g.cells());
        assertEquals(cells * 3, plan.size());
        assertEquals(plan.size(), Set.copyOf(plan).size(), "no run twice");
        assertTrue(plan.stream().allMatch(s -> s.study() == Origin.SWEEP));
        assertEquals(List.of(0L, 1L, 2L), plan.stream().map(RunSpec::seed).distinct().toList(), "seed by seed");
        for (RunSpec s : plan) {
            assertEquals(s.data().equals("digits8") ? 10 : 1, s.epochs(), "the data set's usual epochs");
            if (s.permuted()) {
                assertEquals(s.seed(), s.permuteSeed(), "each seed its own permutation");
            } else {
                assertNull(s.scramble());
            }
        }
        assertEquals(Set.of("standard", "permuted", "permuted blocks:4"),
                Set.copyOf(plan.stream().map(Axis.PIXELS::value).toList()), "--pixels permuted reads permuted, not full");
        assertEquals(List.of("standard", "permuted", "permuted blocks:4"), g.values(Axis.PIXELS), "the same words");
    }

    @Test
    void theAxesAreTheSettingsGivenMoreThanOneValueInTheGridsOrder() {
        Grid g = new Grid(List.of("digits8"), List.of("mlp", "cnn"), List.of(Stack.REFERENCE), List.of(OptimizerKind.ADAM),
                List.of(0.01, 0.001), List.of(32), List.of(), List.of(), List.of("standard"), 2, Loops.FAST,
                DType.DOUBLE);
        assertEquals(List.of(Axis.ARCH, Axis.LR), g.axes());
        assertEquals(List.of("0.01", "0.001"), g.values(Axis.LR));
        assertEquals(List.of("usual"), g.values(Axis.EPOCHS));
        assertEquals(List.of(Axis.DATA), new Grid(List.of("digits8", "mnist10k"), List.of("mlp"), List.of(Stack.REFERENCE),
                List.of(OptimizerKind.ADAM), List.of(0.01), List.of(32), List.of(), List.of(), List.of("standard"), 1,
                Loops.FAST, DType.DOUBLE).axes(), "epochs by data set follow the data: not an axis of their own");
    }

    @Test
    void theSameGridGetsTheSameFolderWhateverItsSeedsAndAnotherGridAnother() {
        List<String> data = List.of("digits8");
        List<String> archs = List.of("mlp", "cnn");
        String three = grid(data, archs, List.of(0.01), List.of("standard"), 3).folderName();
        assertTrue(three.matches("sweep-[0-9a-f]{8}"), three);
        assertEquals(three, grid(data, archs, List.of(0.01), List.of("standard"), 5).folderName(), "more seeds resume");
        assertEquals(three, grid(data, archs, List.of(0.01, 0.01), List.of("standard"), 3).folderName(), "a repeat is one value");
        assertNotEquals(three, grid(data, archs, List.of(0.01, 0.1), List.of("standard"), 3).folderName());
        assertEquals(three, grid(data, List.of("cnn", "mlp"), List.of(0.01), List.of("standard"), 3).folderName(),
                "the values are a set: another order is the same grid");
        assertEquals(grid(data, archs, List.of(0.01, 0.1), List.of("standard", "full"), 3).folderName(),
                grid(data, archs, List.of(0.1, 0.01), List.of("full", "standard"), 3).folderName());
        assertNotEquals(three, grid(data, archs, List.of(0.01), List.of("full"), 3).folderName());
    }

    @Test
    void aFolderAnEarlierVersionNamedAfterTheSameGridIsReusedUntilTheNewNameExists(@TempDir Path parent)
            throws IOException {
        Grid g = grid(List.of("digits8"), List.of("cnn", "mlp"), List.of(0.01), List.of("standard", "full"), 3);
        assertNotEquals(g.folderName(), g.legacyFolderName(), "the names differ: the fallback is needed");
        assertEquals(parent.resolve(g.folderName()), g.folder(parent), "nothing yet: the new name");
        Files.createDirectories(parent.resolve(g.legacyFolderName()));
        assertEquals(parent.resolve(g.legacyFolderName()), g.folder(parent), "an old folder resumes");
        Files.createDirectories(parent.resolve(g.folderName()));
        assertEquals(parent.resolve(g.folderName()), g.folder(parent), "once the new one exists, it");
    }

    @Test
    void aFloatGridRunsEveryCellInFloatInAFolderOfItsOwnThatNeverResumesADoubleOne(@TempDir Path parent)
            throws IOException {
        Grid twice = grid(List.of("digits8"), List.of("cnn", "mlp"), List.of(0.01), List.of("standard", "full"), 2);
        Grid g = new Grid(twice.data(), twice.archs(), twice.stacks(), twice.optimizers(), twice.lrs(), twice.batches(),
                twice.epochs(), twice.trainSizes(), twice.pixels(), 2, Loops.FAST, DType.FLOAT);
        assertEquals(twice.plan().stream().map(s -> s.toBuilder().dtype(DType.FLOAT).build()).toList(), g.plan(),
                "the double grid's plan, every run in float");
        assertEquals(twice.axes(), g.axes(), "the precision is the grid's, not an axis");
        assertNotEquals(twice.folderName(), g.folderName());
        Files.createDirectories(parent.resolve(g.legacyFolderName()));
        assertEquals(parent.resolve(g.folderName()), g.folder(parent), "no earlier version ran a float grid");
        assertEquals(parent.resolve(twice.legacyFolderName()), twice.folder(parent), "a double grid still resumes");
    }

    @Test
    void aBadGridIsAOneLineError() {
        assertEquals("--arch needs at least one value", assertThrows(IllegalArgumentException.class,
                () -> grid(List.of("digits8"), List.of(), List.of(0.01), List.of("standard"), 1)).getMessage());
        assertEquals("--seeds must be at least 1, got 0", assertThrows(IllegalArgumentException.class,
                () -> grid(List.of("digits8"), List.of("mlp"), List.of(0.01), List.of("standard"), 0)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> grid(List.of("digits8"), List.of("mlp"),
                List.of(-1.0), List.of("standard"), 1).plan()).getMessage().startsWith("learning rate must be a positive"));
    }
}
