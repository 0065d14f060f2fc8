package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import lab.compare.run.Loops;
import lab.compare.run.ResultStore;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A report depends on which results a folder holds, never on the order their lines arrived in (with N
 * workers, or on another engine, they arrive in any order): real result lines of two studies, shuffled,
 * give the same report.md and results.csv to the byte, with the plan and without it.
 */
class ReportOrderTest {

    @TempDir
    Path dir;

    @Test
    void shuffledResultLinesGiveTheSameReportToTheByte() throws IOException {
        List<String> lines = new ArrayList<>(resource("control/results.jsonl").lines().toList());
        lines.addAll(resource("translation/results.jsonl").lines().toList());
        List<RunSpec> plan = Studies.CONTROL.plan(new Control.Settings(
                List.of(Block.adam("digits8", List.of("mlp", "cnn"), 5)),
                List.of(Stack.REFERENCE, Stack.DL4J), 2, Loops.FAST));
        String[] first = null;
        List<String> orders = new ArrayList<>();
        for (int shuffle = 0; shuffle < 4; shuffle++) {
            if (shuffle > 0) {
                Collections.shuffle(lines, new Random(shuffle));
            }
            orders.add(String.join("\n", lines));
            Path folder = dir.resolve("shuffle-" + shuffle);
            Files.createDirectories(folder);
            Files.write(folder.resolve("results.jsonl"), lines);
            ResultStore store = ResultStore.open(folder.resolve("results.jsonl"), w -> { throw new AssertionError(w); });
            Path planned = Files.createDirectories(folder.resolve("planned"));
            Path unplanned = Files.createDirectories(folder.resolve("unplanned"));
            FolderReport.write(planned, store.results(plan), plan, "planted");
            FolderReport.write(unplanned, store.results(List.of()), List.of(), "planted");
            String[] files = {Files.readString(planned.resolve("report.md")), Files.readString(planned.resolve("results.csv")),
                Files.readString(unplanned.resolve("report.md")), Files.readString(unplanned.resolve("results.csv"))};
            if (first == null) {
                first = files;
            }
            for (int f = 0; f < files.length; f++) {
                assertEquals(first[f], files[f], "shuffle " + shuffle + ", file " + f);
            }
        }
        assertNotEquals(orders.get(0), orders.get(1), "the lines really were shuffled");
    }

    @Test
    void sweepResultsInAFolderLeaveItsReportAsItWasButForSayingSo() throws IOException {
        List<String> control = resource("control/results.jsonl").lines().toList();
        List<String> both = new ArrayList<>(control);
        control.forEach(line -> both.add(line.replace("\"study\":\"control\"", "\"study\":\"sweep\"")));
        String[] reports = new String[2];
        int i = 0;
        for (List<String> lines : List.of(control, both)) {
            Path folder = Files.createDirectories(dir.resolve("folder-" + i));
            Files.write(folder.resolve("results.jsonl"), lines);
            ResultStore store = ResultStore.open(folder.resolve("results.jsonl"), w -> { throw new AssertionError(w); });
            assertEquals(lines.size(), store.results(List.of()).size(), "the sweep's copies are runs of their own");
            reports[i++] = FolderReport.write(folder, store.results(List.of()), List.of(), "planted");
        }
        String said = String.format("**Left out.** results.jsonl holds %d run(s) of lab sweep, which this report does "
                + "not read: a sweep's runs have a report of their own (lab sweep with the same settings, or lab report "
                + "on a folder of its own).%n%n", control.size());
        assertTrue(reports[1].contains(said), "the sweep's runs are said to be left out:\n" + reports[1]);
        assertEquals(reports[0], reports[1].replace(said, ""), "and nothing else of the report changes");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ReportOrderTest.class.getResourceAsStream("/old-results/" + name)) {
            if (in == null) {
                throw new IOException("no test resource old-results/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
