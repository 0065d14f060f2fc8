package lab.compare.cli;

import java.io.PrintStream;
import java.nio.file.Path;

import lab.compare.run.Experiment;
import lab.compare.run.ResultsFile;
import lab.compare.study.FolderReport;
import lab.reference.Trainer;

/**
 * The terminal as the commands use it: results on stdout, progress and notes on stderr, progress bars
 * redrawn only on a terminal. What the library below reports through {@link Experiment.Listener}
 * arrives here and is printed.
 */
final class Console implements Experiment.Listener {

    final PrintStream out;
    final PrintStream err;
    private final boolean interactive;

    private Console(PrintStream out, PrintStream err, boolean interactive) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
    }

    /** The streams of this execution of the command line. */
    static Console current() {
        return new Console(Lab.out(), Lab.err(), Lab.interactive());
    }

    @Override
    public void say(String line) {
        err.println(line);
    }

    @Override
    public Trainer.Listener progress(String label, int epochs) {
        return new Progress(err, interactive, false, epochs, label);
    }

    /** One run's progress: the bar, and with {@code epochLines} a line per epoch. */
    Trainer.Listener progress(String label, int epochs, boolean epochLines) {
        return new Progress(err, interactive, epochLines, epochs, label);
    }

    /**
     * What {@code lab run} and each study do: run the plan into {@code dir}/results.jsonl (resuming), write
     * the report from every result there, print it without its pictures, and say where the files are.
     */
    void runAndReport(Experiment.Plan plan, Path dir, String title) {
        long start = System.nanoTime();
        Path results = dir.resolve("results.jsonl");
        Experiment.run(plan, results, this);
        String md = FolderReport.write(dir, ResultsFile.read(results, this::say), plan.jobs(), title);
        out.print(md.replaceAll("(?m)^!\\[.*$\\n?", "").replaceAll("\n{3,}", "\n\n"));
        err.printf("report: %s, %s, %s (%.1f min)%n", dir.resolve("report.md"), dir.resolve("report.html"),
                dir.resolve("results.csv"), (System.nanoTime() - start) / 60e9);
    }
}
