package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lab.compare.run.ResultStore;
import lab.compare.run.RunResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A result is a function of its spec alone: the same plan, on both stacks, with 1 worker and with 2 (DL4J
 * jobs training side by side in one JVM, the locally connected net's SameDiff layers included), gives the
 * same numbers to the last digit, and the same report to the byte; every result line stays a few KB.
 */
class WorkersTest {

    @TempDir
    Path dir;

    @Test
    void aPlanGivesTheSameNumbersAndReportWithOneWorkerAsWithTwo() throws IOException {
        LabTest.Outcome one = LabTest.lab("sharing", "--quick", "--workers", "1", "--out", dir.resolve("1").toString());
        assertEquals(0, one.code(), one.err());
        LabTest.Outcome two = LabTest.lab("sharing", "--quick", "--workers", "2", "--out", dir.resolve("2").toString());
        assertEquals(0, two.code(), two.err());
        assertTrue(two.err().contains("| 1 running,"), "two jobs did run at once: " + two.err());
        assertTrue(!one.err().contains("| 1 running,"), "one worker runs one job at a time: " + one.err());

        List<RunResult> a = ResultStore.open(dir.resolve("1/results.jsonl"), w -> { throw new AssertionError(w); })
                .results(List.of());
        List<RunResult> b = ResultStore.open(dir.resolve("2/results.jsonl"), w -> { throw new AssertionError(w); })
                .results(List.of());
        assertEquals(12, a.size(), "mlp, cnn, lcn x standard, permuted x reference, dl4j");
        assertEquals(a.stream().map(RunResult::spec).toList(), b.stream().map(RunResult::spec).toList());
        for (int i = 0; i < a.size(); i++) {
            RunResult x = a.get(i);
            RunResult y = b.get(i);
            String what = x.spec().arch() + " " + x.spec().stack() + (x.spec().permuted() ? " permuted" : " standard");
            assertEquals(RunResult.Status.OK, x.status(), what);
            assertEquals(x.testAccuracy(), y.testAccuracy(), what); // exactly: no tolerance
            assertEquals(x.finalTrainLoss(), y.finalTrainLoss(), what);
            assertEquals(x.history().size(), y.history().size(), what);
            for (int e = 0; e < x.history().size(); e++) {
                assertEquals(x.history().get(e).loss(), y.history().get(e).loss(), what + " epoch " + (e + 1));
                assertEquals(x.history().get(e).trainAccuracy(), y.history().get(e).trainAccuracy(), what);
            }
            assertArrayEquals(x.confusion(), y.confusion(), what);
            assertArrayEquals(x.firstLayerWeights(), y.firstLayerWeights(), what);
            assertArrayEquals(x.lossCurve(), y.lossCurve(), what);
        }
        assertEquals(LabTest.withoutTime(Files.readString(dir.resolve("1/report.md"))),
                LabTest.withoutTime(Files.readString(dir.resolve("2/report.md"))), "the same report but for its time");

        for (String line : Files.readAllLines(dir.resolve("2/results.jsonl"))) {
            assertTrue(line.length() < 4096, "a result line is a few KB, not " + line.length() + " bytes");
        }
    }
}
