package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lab.compare.report.Tables;
import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.ResultStore;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Result folders written before the settings were typed (src/test/resources/old-results: lines written
 * by the code of commit 295ef11, `lab run --quick`, `lab translation --quick --stacks reference` and a
 * diverged `lab train`, with the dense models' first-layer weights stripped to keep the files small) still
 * read, write the same JSON back, resume as done (nothing reruns) and give the same report to the byte.
 */
class OldResultsFolderTest {

    @TempDir
    Path dir;

    @Test
    void oldLinesReadAndWriteBackTheSameJsonPlusTheNewKernelsSetting() throws IOException {
        for (String line : lines("control/results.jsonl")) {
            RunResult r = ResultStore.open(file(line), fail -> { throw new AssertionError(fail); }).results(List.of())
                    .get(0);
            assertEquals(Loops.FAST, r.spec().kernels(), "old runs ran on the fast path");
            assertEquals(line, ResultsFile.toJson(r).replace(",\"kernels\":\"fast\"", ""),
                    "the same field names and string values, in the same order");
        }
    }

    @Test
    void aDivergedLineWithAliasNamesReadsAsTheSpecItMeant() throws IOException {
        RunResult r = ResultStore.open(file(lines("diverged.jsonl").get(0)), fail -> { throw new AssertionError(fail); })
                .results(List.of()).get(0);
        assertEquals(RunResult.Status.DIVERGED, r.status());
        assertFalse(r.completed());
        RunSpec meant = RunSpec.builder().arch("mlp").optimizer(OptimizerKind.NESTEROVS).lr(1e300).epochs(1)
                .init(InitChoice.HE).build();
        assertEquals(meant, r.spec(), "'nesterov' and 'relu' are the aliases they always were");
        assertEquals(Stack.REFERENCE, r.spec().stack());
        assertEquals(Study.CONTROL, r.spec().study());
    }

    @Test
    void anOldRunFolderResumesWithNothingToRunAndReportsTheSame() throws IOException {
        Path out = copy("control", "run");
        LabTest.Outcome o = LabTest.lab("run", "--quick", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("resuming: 16 of 16 runs already in"), o.err());
        assertFalse(o.err().contains("test accuracy"), "no run was repeated: " + o.err());
        assertEquals(16, Files.readAllLines(out.resolve("results.jsonl")).size());
        assertEquals(resource("control/report.md"), LabTest.withoutSummary(Files.readString(out.resolve("report.md"))),
                "the old report, after the summary added since");
    }

    @Test
    void anOldStudyFolderResumesWithNothingToRunAndReportsTheSame() throws IOException {
        Path out = copy("translation", "translation");
        LabTest.Outcome o = LabTest.lab("translation", "--quick", "--stacks", "reference", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("resuming: 3 of 3 runs already in"), o.err());
        assertEquals(3, Files.readAllLines(out.resolve("results.jsonl")).size());
        // The same report as the old code wrote, but for the one sentence changed since: one seed has no
        // interval, and the section says so instead of promising one.
        assertEquals(resource("translation/report.md").replace("1 seed(s); accuracies are test accuracy in percent, "
                + "mean [95% interval] over seeds.", "1 seed; accuracies are test accuracy in percent on that seed. "
                + Tables.noIntervalSentence()),
                LabTest.withoutSummary(Files.readString(out.resolve("report.md"))));
    }

    private Path copy(String folder, String to) throws IOException {
        Path out = dir.resolve(to);
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.jsonl"), resource(folder + "/results.jsonl"));
        return out;
    }

    private Path file(String line) throws IOException {
        Path f = Files.createTempFile(dir, "line", ".jsonl");
        Files.writeString(f, line + "\n");
        return f;
    }

    private static List<String> lines(String name) throws IOException {
        return resource(name).lines().toList();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = OldResultsFolderTest.class.getResourceAsStream("/old-results/" + name)) {
            if (in == null) {
                throw new IOException("no test resource old-results/" + name);
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }
}
