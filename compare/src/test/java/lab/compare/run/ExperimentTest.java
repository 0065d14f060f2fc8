package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import lab.reference.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver on the local engine: a job that throws is stored as failed with its error and stack trace and
 * the plan goes on; a resume runs the failed job again and nothing else; a driver that cannot store a
 * result stops handing out jobs and says why; the time left is priced before the first job ends.
 */
class ExperimentTest {

    @TempDir
    Path dir;

    private final Said quiet = new Said();
    private final List<String> said = quiet.lines;
    private final List<Experiment.Tally> tallies = quiet.tallies;


    private static RunSpec job(long seed) {
        return RunSpec.builder().arch("mlp").optimizer(OptimizerKind.ADAM).lr(0.005).epochs(1).seed(seed).build();
    }

    @Test
    void aJobThatThrowsIsStoredAsFailedAndThePlanGoesOnThenItAloneRunsAgain() throws IOException {
        RunSpec missing = job(1).toBuilder().permutationFile(dir.resolve("no-such-permutation.txt").toString()).build();
        Experiment.Plan plan = new Experiment.Plan("planted", List.of(job(0), missing, job(2)));
        Path file = dir.resolve("results.jsonl");

        Experiment.Outcome outcome = Experiment.run(plan, ResultStore.open(file, said::add), new LocalEngine(2), quiet);
        assertEquals(new Experiment.Outcome(3, 1), outcome);
        List<RunResult> stored = ResultStore.open(file, said::add).results(plan.jobs());
        assertEquals(3, Files.readAllLines(file).size());
        assertEquals(RunResult.Status.OK, stored.get(0).status());
        assertEquals(RunResult.Status.OK, stored.get(2).status(), "the job after the failed one ran");
        RunResult failed = stored.get(1);
        assertEquals(RunResult.Status.FAILED, failed.status());
        assertTrue(failed.error().startsWith("lab.data.DataException: ") && failed.error().contains("no-such-permutation"),
                failed.error());
        assertTrue(failed.trace().contains("at lab.compare.run.Runner.permutation"), failed.trace());
        Experiment.Tally last = tallies.get(tallies.size() - 1);
        assertEquals(2, last.done());
        assertEquals(1, last.failed());

        said.clear();
        Experiment.Outcome again = Experiment.run(plan, ResultStore.open(file, said::add), new LocalEngine(2), quiet);
        assertEquals(new Experiment.Outcome(1, 1), again, "only the failed job runs again, once");
        assertTrue(said.contains("resuming: 2 of 3 runs already in " + file), said.toString());
        assertTrue(said.contains("1 run(s) that failed before run again"), said.toString());
        assertEquals(4, Files.readAllLines(file).size(), "its second failure is recorded too");
    }

    @Test
    void theTimeLeftIsPricedBeforeTheFirstJobEndsAndCountsDown() {
        Experiment.Plan plan = new Experiment.Plan("planted", List.of(job(0), job(1), job(2)));
        Experiment.run(plan, ResultStore.open(dir.resolve("results.jsonl"), said::add), new LocalEngine(1), quiet);
        assertTrue(said.stream().anyMatch(l -> l.startsWith("timing 1 kind(s) of run")), said.toString());
        assertTrue(said.stream().anyMatch(l -> l.matches("3 run\\(s\\) to go; expect (about \\d+ s|under a second) with 1 at once")),
                said.toString());
        Experiment.Tally first = tallies.get(0);
        assertTrue(first.secondsLeft() > 0 && !Double.isNaN(first.secondsLeft()), "priced from the calibration");
        assertEquals(0.0, tallies.get(tallies.size() - 1).secondsLeft(), "nothing left at the end");
        assertEquals(1, tallies.stream().mapToInt(Experiment.Tally::running).max().orElseThrow(), "one worker");
    }

    @Test
    void aDriverThatCannotStoreAResultStopsHandingOutJobsAndSaysWhy() {
        Experiment.Plan plan = new Experiment.Plan("planted", List.of(job(0), job(1), job(2), job(3)));
        AtomicInteger started = new AtomicInteger();
        Engine.Listener broken = new Engine.Listener() {
            @Override
            public Trainer.Listener started(RunSpec spec) {
                started.incrementAndGet();
                return new Trainer.Listener() { };
            }

            @Override
            public void finished(RunResult result) {
                throw new java.io.UncheckedIOException(new IOException("planted: no space left on device"));
            }
        };
        RuntimeException e = assertThrows(RuntimeException.class,
                () -> new LocalEngine(1).run(plan.jobs(), new Splits(), broken));
        assertTrue(e.getMessage().contains("no space left"), e.getMessage());
        assertEquals(1, started.get(), "no job starts after the driver broke");
    }
}
