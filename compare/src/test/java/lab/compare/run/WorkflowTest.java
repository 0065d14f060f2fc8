package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The workflow without the command line: a plan's jobs stored, then the report written from every result
 * the folder holds (the plan's first, in its order) and handed back with what ran; a second run resumes and
 * runs nothing; the folder is the workflow's until it closes; a dry run's estimate writes nothing.
 */
class WorkflowTest {

    @TempDir
    Path dir;

    private final Said quiet = new Said();
    private final List<String> said = quiet.lines;


    private static RunSpec job(long seed) {
        return RunSpec.builder().arch("mlp").optimizer(OptimizerKind.ADAM).lr(0.005).epochs(1).seed(seed).build();
    }

    @Test
    void aPlanRunsThenItsReportIsWrittenFromEveryStoredResultAndHandedBack() throws IOException {
        Path folder = dir.resolve("folder");
        Experiment.Plan plan = new Experiment.Plan("planted", List.of(job(1), job(0)));
        List<List<RunSpec>> reported = new ArrayList<>();
        Workflow.Report report = results -> {
            reported.add(results.stream().map(RunResult::spec).toList());
            String md = "# planted: " + results.size() + " result(s)\n";
            try {
                Files.writeString(folder.resolve("report.md"), md);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return md;
        };
        Workflow.Done done;
        try (Workflow flow = Workflow.take(folder, "WorkflowTest"); Engine engine = new LocalEngine(2)) {
            done = flow.run(plan, engine, quiet, report);
        }
        assertEquals(new Experiment.Outcome(2, 0), done.outcome());
        assertEquals("# planted: 2 result(s)\n", done.markdown());
        assertEquals(done.markdown(), Files.readString(folder.resolve("report.md")), "what it wrote");
        assertEquals(folder.resolve("results.jsonl"), done.results());
        assertEquals(2, Files.readAllLines(done.results()).size());
        assertEquals(List.of(folder.resolve("report.md"), folder.resolve("report.html"), folder.resolve("results.csv")),
                done.reports());
        assertTrue(done.seconds() > 0, "it took some time: " + done.seconds());
        assertEquals(List.of(List.of(job(1), job(0))), reported, "the report read the plan's results, in its order");

        // Again, with one more job: the two stored are not run again, and the report reads all three.
        said.clear();
        Experiment.Plan more = new Experiment.Plan("planted", List.of(job(2), job(1), job(0)));
        try (Workflow flow = Workflow.take(folder, "WorkflowTest"); Engine engine = new LocalEngine(1)) {
            done = flow.run(more, engine, quiet, report);
        }
        assertEquals(new Experiment.Outcome(1, 0), done.outcome(), "only the new job ran");
        assertTrue(said.contains("resuming: 2 of 3 runs already in " + folder.resolve("results.jsonl")), said.toString());
        assertEquals(List.of(job(2), job(1), job(0)), reported.get(1));
        assertEquals("# planted: 3 result(s)\n", done.markdown());
    }

    @Test
    @SuppressWarnings("try") // the folder's lock is held, not used
    void theFolderIsTheWorkflowsUntilItCloses() {
        Path folder = dir.resolve("held");
        try (Workflow flow = Workflow.take(folder, "./lab run --quick")) {
            IllegalArgumentException second = assertThrows(IllegalArgumentException.class,
                    () -> Workflow.take(folder, "./lab sweep"));
            assertTrue(second.getMessage().startsWith(folder + " is in use by another lab command: pid "
                    + ProcessHandle.current().pid() + ", './lab run --quick'"), second.getMessage());
        }
        try (Workflow again = Workflow.take(folder, "./lab sweep")) {
            assertTrue(Files.isDirectory(folder), "free once the first closed");
        }
    }

    @Test
    void aDryRunsEstimateTimesThePlanAndWritesNothing() {
        Path folder = dir.resolve("never");
        Experiment.Plan plan = new Experiment.Plan("planted", List.of(job(0), job(1)));
        double seconds;
        try (Engine engine = new LocalEngine(1)) {
            seconds = Workflow.estimate(plan, engine, folder, quiet);
        }
        assertTrue(seconds > 0 && !Double.isNaN(seconds), "priced from the calibration: " + seconds);
        assertTrue(said.stream().anyMatch(l -> l.startsWith("timing 1 kind(s) of run")), said.toString());
        assertFalse(Files.exists(folder), "no folder made, no lock taken, nothing stored");
    }
}
