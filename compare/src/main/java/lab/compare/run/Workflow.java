package lab.compare.run;

import java.nio.file.Path;
import java.util.List;

/**
 * A plan taken to its results and its report in one results folder: what {@code lab run}, every study and
 * {@code lab sweep} do, and what a study's test does without the command line. It holds the folder's
 * {@link FolderLock} from {@link #take} to {@link #close}, so that a command can print and write its plan.json
 * under the lock before it runs; {@link #run} opens the store, runs the plan through {@link Experiment#run}
 * and writes the report. It prints nothing: what it has to say goes to the plan's listener, and what it did
 * comes back as a {@link Done}. Not the report itself: that is the caller's {@link Report}, a function of the
 * results alone, so that it can be rebuilt from the folder at any time.
 */
public final class Workflow implements AutoCloseable {

    /** The report a plan's folder gets: written into the folder from its results; returns its Markdown. */
    @FunctionalInterface
    public interface Report {

        /** Writes the report of {@code results} (every one the folder holds, the plan's first). */
        String write(List<RunResult> results);
    }

    /**
     * What a plan's run did.
     *
     * @param outcome  the jobs run in this session, and of them failed
     * @param markdown the report as written to report.md
     * @param results  the folder's results.jsonl, where each failed run's error and stack trace are
     * @param reports  the report's files: report.md, report.html, results.csv
     * @param seconds  from opening the store to the report written
     */
    public record Done(Experiment.Outcome outcome, String markdown, Path results, List<Path> reports,
                       double seconds) {
    }

    private final Path dir;
    private final FolderLock lock;

    private Workflow(Path dir, FolderLock lock) {
        this.dir = dir;
        this.lock = lock;
    }

    /**
     * Takes {@code dir} (creating it) for {@code command}, the command line the user typed: a folder another
     * command holds is a one-line {@link IllegalArgumentException} naming that command, before anything is
     * written.
     */
    public static Workflow take(Path dir, String command) {
        return new Workflow(dir, FolderLock.take(dir, command));
    }

    /**
     * Runs every job of {@code plan} that the folder's results.jsonl does not hold yet on {@code engine}
     * (resuming; a torn tail is repaired first, said to {@code listener}), then writes {@code report} from
     * every result there, the plan's in its order.
     */
    public Done run(Experiment.Plan plan, Engine engine, Experiment.Listener listener, Report report) {
        long start = System.nanoTime();
        ResultStore store = ResultStore.open(dir.resolve("results.jsonl"), listener::say);
        Experiment.Outcome outcome = Experiment.run(plan, store, engine, listener);
        String md = report.write(store.results(plan.jobs()));
        return new Done(outcome, md, store.file(), reports(dir), (System.nanoTime() - start) / 1e9);
    }

    /**
     * What --dry-run does: loads the plan's data and times its kinds of job on {@code engine}, as {@link #run}
     * would, and returns the seconds its jobs should then take (0 if the folder holds every result, NaN if a
     * kind could not be timed). It needs no lock and writes nothing into {@code dir}, not even a torn tail's
     * repair: another command may be writing there.
     */
    public static double estimate(Experiment.Plan plan, Engine engine, Path dir, Experiment.Listener listener) {
        return Experiment.estimate(plan, ResultStore.read(dir.resolve("results.jsonl"), listener::say), engine,
                listener);
    }

    /** The files every report of a results folder is written to (by {@code ReportFiles}), in the order said. */
    public static List<Path> reports(Path dir) {
        return List.of(dir.resolve("report.md"), dir.resolve("report.html"), dir.resolve("results.csv"));
    }

    /** Lets the folder go. */
    @Override
    public void close() {
        lock.close();
    }
}
