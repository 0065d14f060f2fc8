package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.compare.report.Stats;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code lab sweep} as a user meets it: every combination of the lists given, over seeds; its table holds,
 * cell by cell, what results.jsonl holds (recomputed here from the file's JSON, not through the report's
 * code), with diverged and failed runs counted; a rerun resumes; --dry-run times the plan and stores nothing.
 */
class SweepCommandTest {

    @TempDir
    Path dir;

    /**
     * mlp trains at lr 0.01 and diverges at 50; the conv net's runs are then marked failed in results.jsonl (a
     * spec that cannot run is refused before the sweep starts, so a failure is one at run time: planted here).
     */
    private static final String[] GRID = {"sweep", "--arch", "mlp,conv(4,k3)-dense(10)", "--lr", "0.01,50",
        "--seeds", "2", "--epochs", "2"};

    @Test
    void theTableHoldsWhatResultsJsonlHoldsCellByCellWithDivergedAndFailedRunsCounted() throws IOException {
        Path out = dir.resolve("s");
        LabTest.Outcome o = LabTest.lab(with(GRID, "--out", out.toString()));
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("lab sweep: 8 runs (4 cell(s) x 2 seed(s))"), o.err());
        Path file = out.resolve("results.jsonl");
        List<String> planted = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            RunResult r = ResultsFile.fromJson(line, RunResult.class);
            planted.add(!r.spec().arch().startsWith("conv") ? line : ResultsFile.toJson(RunResult.failed(r.spec(),
                    new IllegalStateException("planted: out of memory"), 0.1)));
        }
        Files.write(file, planted);
        LabTest.Outcome report = LabTest.lab("report", out.toString());
        assertEquals(0, report.code(), report.err());

        // The cells, from the file alone: (arch, lr) -> accuracies of ok runs, diverged and failed counts.
        Map<List<String>, List<Double>> ok = new LinkedHashMap<>();
        Map<List<String>, int[]> bad = new LinkedHashMap<>();
        ObjectMapper json = new ObjectMapper();
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(8, lines.size());
        for (String line : lines) {
            JsonNode r = json.readTree(line);
            assertEquals("sweep", r.get("spec").get("study").asText());
            List<String> cell = List.of(r.get("spec").get("arch").asText(),
                    new java.math.BigDecimal(r.get("spec").get("lr").asText()).stripTrailingZeros().toPlainString());
            ok.computeIfAbsent(cell, k -> new ArrayList<>());
            bad.computeIfAbsent(cell, k -> new int[2]);
            switch (r.get("status").asText()) {
                case "ok" -> ok.get(cell).add(100 * r.get("testAccuracy").asDouble());
                case "diverged" -> bad.get(cell)[0]++;
                case "failed" -> bad.get(cell)[1]++;
                default -> throw new AssertionError(line);
            }
        }
        assertEquals(2, bad.get(List.of("mlp", "50"))[0], "both seeds of mlp at lr 50 diverged");
        assertEquals(2, bad.get(List.of("conv(4,k3)-dense(10)", "0.01"))[1], "conv(4,k3) failed on both seeds");

        String md = Files.readString(out.resolve("report.md"));
        List<String> rows = md.lines().filter(l -> l.startsWith("| mlp |") || l.startsWith("| conv(4,k3)")).toList();
        assertEquals(4, rows.size(), md);
        for (String row : rows) {
            String[] c = row.substring(2, row.length() - 2).split(" \\| ");
            List<String> cell = List.of(c[0], c[1]);
            List<Double> acc = ok.get(cell);
            String expected = acc.isEmpty() ? "-" : acc.size() == 1 ? String.format("%.2f (one seed)", acc.get(0))
                    : String.format("%.2f [%.2f, %.2f]", Stats.mean(acc), Stats.mean(acc) - Stats.ci95(acc),
                    Stats.mean(acc) + Stats.ci95(acc));
            assertEquals(expected, c[2], row);
            assertEquals(acc.size() == 2 ? "2" : acc.size() + " of 2", c[3], row);
            assertEquals(Integer.toString(bad.get(cell)[0]), c[4], row);
            assertEquals(Integer.toString(bad.get(cell)[1]), c[5], row);
        }
        assertTrue(md.contains("2 finished, 2 diverged, 4 failed, 0 not run yet"), md);
        assertTrue(md.contains("## Runs that did not finish"), "the failed runs are listed with their error");
        assertTrue(md.contains("planted: out of memory"), md);
        assertTrue(md.contains("](sweep.png)") && Files.size(out.resolve("sweep.png")) > 1000, "the plot along lr");
        assertEquals(9, Files.readAllLines(out.resolve("results.csv")).size(), "a header and a row per run");
        assertTrue(Files.readString(out.resolve("report.html")).contains("<table>"));

        LabTest.Outcome again = LabTest.lab(with(GRID, "--out", out.toString()));
        assertTrue(again.err().contains("resuming: 4 of 8 runs already in"), again.err());
        assertTrue(again.err().contains("4 run(s) that failed before run again"), again.err());
    }

    @Test
    void withNoNumericAxisThePlotIsABarPerCell() throws IOException {
        Path out = dir.resolve("bars");
        LabTest.Outcome o = LabTest.lab("sweep", "--arch", "mlp,book-cnn", "--seeds", "1", "--epochs", "1",
                "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("| arch | test accuracy % | seeds | diverged | failed |"), md);
        assertTrue(md.contains("so the plot is a bar per cell"), md);
        assertTrue(Files.size(out.resolve("sweep.png")) > 1000);
    }

    @Test
    void aDryRunSaysHowManyRunsAndHowLongAndStoresNothing() {
        Path out = dir.resolve("dry");
        LabTest.Outcome o = LabTest.lab("sweep", "--arch", "mlp,book-cnn", "--lr", "0.001,0.01", "--seeds", "2",
                "--epochs", "1", "--dry-run", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("lab sweep: 8 runs (4 cell(s) x 2 seed(s))"), o.err());
        assertTrue(o.err().contains("timing 2 kind(s) of run"), o.err());
        assertTrue(o.err().matches("(?s).*8 run\\(s\\) to go; expect about \\d+ s with \\d at once.*"), o.err());
        assertTrue(o.err().contains("dry run: nothing run, nothing stored"), o.err());
        assertFalse(Files.exists(out.resolve("results.jsonl")));
        assertTrue(o.out().isEmpty(), "no report");
    }

    @Test
    void commaListsParseAsAUserMeansThem() {
        SweepCommand c = new SweepCommand();
        new CommandLine(c).parseArgs("--arch", "mlp,conv(4,k3,p1)-relu-dense(10)", "--lr", "0.001,0.01",
                "--pixels", "standard,permuted", "--scramble", "full,blocks:4");
        assertEquals(List.of("mlp", "conv(4,k3,p1)-relu-dense(10)"), c.archs, "commas inside brackets stay");
        assertEquals(List.of(0.001, 0.01), c.lrs, "the default is replaced, not added to");
        assertEquals(List.of("standard", "permuted"), c.pixels);
    }

    @Test
    void badListsAreOneLineErrors() {
        LabTest.Outcome scramble = LabTest.lab("sweep", "--pixels", "standard", "--scramble", "blocks:4",
                "--out", dir.resolve("x").toString());
        assertEquals(2, scramble.code());
        assertTrue(scramble.err().contains("--scramble is for permuted pixels: add permuted to --pixels"), scramble.err());
        LabTest.Outcome rule = LabTest.lab("sweep", "--scramble", "blocks:x", "--out", dir.resolve("y").toString());
        assertEquals(2, rule.code());
        assertTrue(rule.err().contains("scramble 'blocks:x': 'x' is not a number"), rule.err());
        LabTest.Outcome master = LabTest.lab("sweep", "--engine", "local", "--master", "local[2]");
        assertEquals(2, master.code());
        assertTrue(master.err().contains("--master is for --engine spark"), master.err());
        LabTest.Outcome spark = LabTest.lab("sweep", "--engine", "spark");
        assertEquals(2, spark.code());
        assertTrue(spark.err().contains("unknown engine 'spark'; known here: local (the spark engine is a module of "
                + "its own"), spark.err());
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
