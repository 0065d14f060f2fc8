package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import lab.compare.run.InitChoice;
import lab.compare.run.OptimizerKind;
import lab.compare.run.ResultStore;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.study.FolderReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's numbers from a planted results.jsonl whose answers are worked by hand: lines in shuffled
 * order, conditions listed in different seed orders, and one permuted run (seed 7) without its standard
 * twin, so that pairing by position, or pairing across seeds, gives other numbers than pairing by seed.
 */
class ReportNumbersTest {

    @TempDir
    Path dir;

    /** {model, permuted?, seed, accuracy %}, in the order written. */
    private static final Object[][] PLANTED = {
        {"cnn", true, 11, 90}, {"mlp", false, 5, 96}, {"cnn", false, 3, 97}, {"mlp", true, 7, 50},
        {"mlp", true, 3, 94}, {"cnn", true, 5, 95}, {"mlp", false, 11, 94}, {"cnn", false, 5, 98},
        {"mlp", true, 11, 92}, {"cnn", true, 3, 92}, {"mlp", false, 3, 95}, {"cnn", false, 11, 96},
        {"mlp", true, 5, 96},
    };

    private static RunResult result(String model, boolean permuted, long seed, double percent) {
        RunSpec spec = RunSpec.builder().arch(model).optimizer(OptimizerKind.ADAM).lr(0.005).epochs(1)
                .init(InitChoice.HE).seed(seed).permuteSeed(permuted ? seed : null).build();
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(1348).testSize(449)
                .parameters(1000).testAccuracy(percent / 100).finalTrainLoss(0.5).finalTrainAccuracy(0.9).seconds(1.0)
                .imagesPerSecond(100.0).history(List.of(new RunResult.Epoch(1, 0.5, 0.9, 1.0))).finished("planted")
                .locality(1.0).build();
    }

    /** The report of {@link #PLANTED}, written into {@link #dir}. */
    private String plantedReport() throws IOException {
        Path results = dir.resolve("results.jsonl");
        for (Object[] r : PLANTED) {
            ResultsFile.append(results, result((String) r[0], (Boolean) r[1], (Integer) r[2], (Integer) r[3]));
        }
        return FolderReport.write(dir, ResultStore.open(results, System.err::println).results(List.of()), List.of(),
                "planted");
    }

    @Test
    void dropsAndTheDifferenceOfDropsArePairedBySeedWithStudentTIntervals() throws IOException {
        String md = plantedReport();

        // mlp, by seed 3 / 5 / 11: standard 95 96 94, permuted 94 96 92 (and seed 7's 50, which has no pair).
        // Drops 1 0 2: mean 1, sd 1, half-width t(0.975, 2) 1 / sqrt 3 = 4.303 / 1.732 = 2.484.
        // Standard 95 +- 1; permuted {94, 96, 92, 50}: mean 83, sd sqrt((121 + 169 + 81 + 1089) / 3) = 22.06.
        // The seeds column counts standard / permuted runs; (!) marks cells short of the four seeds the file
        // holds (seed 7 has only its permuted mlp run), as the incomplete-cells table below them says.
        assertRow(md, "| reference | mlp | 3 / 4 (!) | 95.00 ± 1.00 | 83.00 ± 22.06 | 1.00 [-1.48, 3.48] |");
        // cnn: standard 97 98 96, permuted 92 95 90: drops 5 3 6, mean 4.667, sd sqrt((1/9 + 25/9 + 16/9) / 2)
        // = 1.528, half-width 4.303 x 1.528 / 1.732 = 3.795. Permuted: mean 92.33, sd sqrt(19/3 / ... ) = 2.52.
        assertRow(md, "| reference | cnn | 3 (!) | 97.00 ± 1.00 | 92.33 ± 2.52 | 4.67 [0.87, 8.46] |");
        // cnn drop minus mlp drop, per seed: 4 3 4; mean 3.667, sd sqrt((1/9 + 4/9 + 1/9) / 2) = 0.5774,
        // half-width 4.303 x 0.5774 / 1.732 = 1.434.
        assertRow(md, "| reference | 3.67 [2.23, 5.10] |");
        assertTrue(md.contains("Reading (reference stack): cnn lost 3.67 points more than mlp; the 95% interval "
                + "excludes 0"), md);
    }

    @Test
    void theSummaryAtTheTopCarriesTheTablesNumbers() throws IOException {
        String md = plantedReport();
        int summary = md.indexOf("## Summary");
        int tables = md.indexOf("## digits8");
        assertTrue(summary >= 0 && summary < tables, "the summary comes before the tables:\n" + md);
        String top = md.substring(summary, tables);
        // The same drops and difference of drops as the rows checked above, worked by hand there.
        assertTrue(top.contains("on digits8, cnn lost 4.67 [0.87, 8.46] points and mlp 1.00 [-1.48, 3.48], so cnn "
                + "lost 3.67 [2.23, 5.10] more (the interval excludes 0)"), top);
        assertTrue(top.contains("![") && top.contains("](headline.png)"), top);
        assertTrue(dir.resolve("headline.png").toFile().length() > 0, "the headline figure is drawn");
        assertTrue(top.contains("**Stacks.** Only reference ran"), top);
        assertTrue(top.contains("Models: cnn (1,000 parameters), mlp (1,000 parameters). 4 seed(s)."), top);
        assertTrue(top.contains("13 runs: 13 finished, 0 diverged, 0 failed."), top);
    }

    private static void assertRow(String md, String row) {
        assertEquals(1, md.lines().filter(l -> l.equals(row)).count(), "expected the row\n" + row + "\nin\n" + md);
    }
}
