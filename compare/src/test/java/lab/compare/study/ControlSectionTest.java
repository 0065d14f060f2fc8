package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lab.compare.run.Loops;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The control's section decides from the results, not from their order or their names: which model is the
 * dense one (from its layers), and which data set has the larger images (from the images) for the
 * expected picture.
 */
class ControlSectionTest {

    @TempDir
    Path dir;

    /** Planted: mlp drops 1 point on every set; cnn drops {@code cnnDrop[i]} + seed/10 on set i. */
    private static List<RunResult> planted(List<String> sets, List<String> models, double[] cnnDrop) {
        List<Block> blocks = sets.stream().map(s -> Block.adam(s, models, 1)).toList();
        List<RunResult> out = new ArrayList<>();
        for (RunSpec spec : Studies.CONTROL.plan(new Control.Settings(blocks, List.of(Stack.REFERENCE), 3, Loops.FAST))) {
            double drop = spec.arch().equals("cnn") ? cnnDrop[sets.indexOf(spec.data())] + spec.seed() / 10.0 : 1;
            double percent = spec.permuted() ? 95 - drop : 95;
            out.add(RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(100)
                    .testSize(50).parameters(1000).testAccuracy(percent / 100).finalTrainLoss(0.3)
                    .finalTrainAccuracy(0.9).seconds(1.0).imagesPerSecond(100.0)
                    .history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0))).finished("now").locality(1.0).build());
        }
        return out;
    }

    private static String expectedPicture(String md) {
        return md.substring(md.indexOf("## The expected picture"));
    }

    @Test
    void theExpectedPictureOrdersDataSetsByImageSizeNotByFileOrder() {
        // mnist10k first in the file; its gap (6.1 - 1) is the larger: as expected, smaller images named first.
        String md = FolderReport.write(dir, planted(List.of("mnist10k", "digits8"), List.of("mlp", "cnn"),
                new double[] {6, 3}), List.of(), "planted");
        assertEquals("## The expected picture\n\nExpected: a modest gap on pre-pooled 8x8 digits, a large one on "
                + "raw 28x28 pixels. Observed: 2.10 points on digits8, 5.10 on mnist10k: as expected.\n",
                expectedPicture(md));
    }

    @Test
    void aLargerGapOnTheSmallerImagesIsReportedAsNotExpected() {
        String md = FolderReport.write(dir, planted(List.of("digits8", "mnist10k"), List.of("mlp", "cnn"),
                new double[] {6, 3}), List.of(), "planted");
        assertTrue(expectedPicture(md).endsWith("Observed: 5.10 points on digits8, 2.10 on mnist10k: NOT as expected "
                + "(the 28x28 gap is not the larger).\n"), md);
    }

    @Test
    void oneImageSizeHasNoExpectedPicture() {
        String md = FolderReport.write(dir, planted(List.of("digits8"), List.of("mlp", "cnn"), new double[] {6}),
                List.of(), "planted");
        assertFalse(md.contains("The expected picture"), md);
    }

    @Test
    void theDenseModelIsTheOneWithoutConvolutionWhateverItsNameOrPlace() {
        // cnn planned (and written) before mlp: the measurement still takes mlp as the dense side.
        String md = FolderReport.write(dir, planted(List.of("digits8"), List.of("cnn", "mlp"), new double[] {6}),
                List.of(), "planted");
        assertTrue(md.contains("The measurement: how much more cnn loses than mlp"), md);
        assertTrue(md.contains("Reading (reference stack): cnn lost 5.10 points more than mlp"), md);
    }

    @Test
    void aFolderWhoseRunsAllFailedStillGetsAReportThatSaysSo() {
        List<RunResult> failed = planted(List.of("digits8"), List.of("mlp", "cnn"), new double[] {3}).stream()
                .map(r -> RunResult.failed(r.spec(), new IllegalStateException("planted: no data"), 0.1)).toList();
        String md = FolderReport.write(dir, failed, List.of(), "planted");
        assertTrue(md.contains("## Runs that did not finish"), md);
        assertTrue(md.contains("12 runs: 0 finished, 0 diverged, 12 failed."), md);
        assertFalse(md.contains("headline.png"), "no finding to draw: " + md);
    }
}
