package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.compare.report.Stats;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The lab's own question asked of a grid, answered by {@code lab sweep} alone: with both pixels and a dense
 * and a convolutional model, the report opens with the contrast (each model's drop and the difference,
 * paired by seed, per combination of the other settings), and every number in its table is what
 * results.jsonl gives when the contrast is recomputed here from the file's JSON, not through the report's
 * code.
 */
class SweepQuestionTest {

    @TempDir
    static Path dir;

    private static Path sweep;
    private static String md;

    @BeforeAll
    static void runTheGrid() throws IOException {
        sweep = dir.resolve("question");
        LabTest.Outcome o = LabTest.lab("sweep", "--arch", "mlp,cnn", "--pixels", "standard,permuted", "--lr",
                "0.005,0.02", "--train-size", "100,300", "--seeds", "3", "--epochs", "1", "--out", sweep.toString());
        assertEquals(0, o.code(), o.err());
        md = Files.readString(sweep.resolve("report.md"));
    }

    @Test
    void theContrastTableHoldsWhatResultsJsonlGivesPairedBySeed() throws IOException {
        // (lr, size) -> model -> pixels -> seed -> accuracy %, from the file alone
        Map<String, Map<String, Map<String, Map<Long, Double>>>> acc = new TreeMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : Files.readAllLines(sweep.resolve("results.jsonl"))) {
            JsonNode r = json.readTree(line);
            JsonNode s = r.get("spec");
            String cell = new BigDecimal(s.get("lr").asText()).stripTrailingZeros().toPlainString() + " | "
                    + s.get("trainSize").asInt();
            String pixels = s.get("permuteSeed").isNull() ? "standard" : "permuted";
            acc.computeIfAbsent(cell, k -> new TreeMap<>()).computeIfAbsent(s.get("arch").asText(), k -> new TreeMap<>())
                    .computeIfAbsent(pixels, k -> new TreeMap<>())
                    .put(s.get("seed").asLong(), 100 * r.get("testAccuracy").asDouble());
        }
        assertEquals(4, acc.size());
        for (Map.Entry<String, Map<String, Map<String, Map<Long, Double>>>> e : acc.entrySet()) {
            List<Double> mlp = new ArrayList<>();
            List<Double> cnn = new ArrayList<>();
            List<Double> gap = new ArrayList<>();
            for (long seed = 0; seed < 3; seed++) {
                double m = e.getValue().get("mlp").get("standard").get(seed) - e.getValue().get("mlp").get("permuted").get(seed);
                double c = e.getValue().get("cnn").get("standard").get(seed) - e.getValue().get("cnn").get("permuted").get(seed);
                mlp.add(m);
                cnn.add(c);
                gap.add(c - m);
            }
            String row = "| " + e.getKey() + " | " + ci(mlp) + " | " + ci(cnn) + " | " + ci(gap) + " | 3 |";
            assertTrue(md.contains(row), "expected the row\n" + row + "\nin\n" + md);
        }
        assertTrue(md.contains("| lr | train size | mlp drop | cnn drop | gap (cnn - mlp) | seeds |"), md);
    }

    @Test
    void theReportOpensWithTheQuestionItsFigureAndItsReading() throws IOException {
        int question = md.indexOf("**The lab's question.** How much more does cnn lose than mlp when the pixels are "
                + "permuted, and how does that change with lr and train size?");
        assertTrue(question > 0, md);
        assertTrue(question < md.indexOf("](sweep.png)") && question < md.indexOf("**Stacks.**"),
                "before the accuracy plot and the closing lines: on the first screen");
        assertTrue(md.contains("![The difference of the drops (points)](contrast.png)"), md);
        assertTrue(Files.size(sweep.resolve("contrast.png")) > 1000);
        assertTrue(md.matches("(?s).*\\*\\*Reading\\.\\*\\* The gap is largest at lr [0-9.]+, train size \\d+: "
                + "-?[0-9.]+ \\[-?[0-9.]+, -?[0-9.]+\\] points, and smallest at lr [0-9.]+, train size \\d+: .*; their "
                + "95% intervals (overlap|do not overlap).*"), md);
        assertTrue(md.contains("Along lr, a panel per train size"), "the second numeric setting as panels");
        assertFalse(md.contains("standard,full") || md.contains("| full |"), "permuted pixels read permuted");
    }

    @Test
    void aCombinationWhoseRunsDivergedIsSaidToHaveNoGapAndMarkedInThePlot() throws IOException {
        Path diverged = dir.resolve("diverged");
        LabTest.Outcome o = LabTest.lab("sweep", "--arch", "mlp,cnn", "--pixels", "standard,permuted", "--lr", "0.01,50",
                "--seeds", "2", "--epochs", "1", "--train-size", "100", "--out", diverged.toString());
        assertEquals(0, o.code(), o.err());
        String report = Files.readString(diverged.resolve("report.md"));
        assertTrue(report.contains("No gap at lr 50 (no seed finished all four cells: runs diverged or failed, listed "
                + "below)."), report);
        assertTrue(report.contains("| arch mlp, pixels standard, lr 50, seed 0 | diverged |"),
                "a run that did not finish is named by every setting that varies: " + report);
        assertTrue(report.contains("A black cross marks a point where a seed diverged or failed"), "the plots mark the diverged cells: " + report);
    }

    @Test
    void aGridWithoutBothPixelsOrBothKindsOfModelAsksNoQuestion() throws IOException {
        Path one = dir.resolve("no-question");
        LabTest.Outcome o = LabTest.lab("sweep", "--arch", "mlp,book-mlp", "--pixels", "standard,permuted",
                "--seeds", "1", "--epochs", "1", "--train-size", "100", "--out", one.toString());
        assertEquals(0, o.code(), o.err());
        String report = Files.readString(one.resolve("report.md"));
        assertFalse(report.contains("The lab's question"), "two dense models: no contrast");
        assertFalse(Files.exists(one.resolve("contrast.png")));
    }

    private static String ci(List<Double> xs) {
        double m = Stats.mean(xs);
        double h = Stats.ci95(xs);
        return String.format("%.2f [%.2f, %.2f]", m, m - h, m + h);
    }
}
