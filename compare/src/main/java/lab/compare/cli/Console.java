package lab.compare.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import lab.compare.run.Engine;
import lab.compare.run.Experiment;
import lab.compare.run.ResultStore;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.study.FolderReport;
import lab.reference.Trainer;

/**
 * The terminal as the commands use it: results on stdout, progress and notes on stderr. A plan prints one
 * line per run as it ends (what it got, then done / running / failed, images per second and the time
 * left); on a terminal a status line under them is redrawn in place with each running run's progress, so
 * logs get only the lines. What the library below reports through {@link Experiment.Listener} arrives here.
 */
final class Console implements Experiment.Listener {

    private static final int WIDTH = 110; // the status line is cut here, so that "\r" can redraw it

    final PrintStream out;
    final PrintStream err;
    private final boolean interactive;
    private final Map<RunSpec, double[]> running = new LinkedHashMap<>(); // -> share of its steps done
    private Experiment.Tally tally;
    private String drawn = "";
    private long lastDraw;

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
    public synchronized void say(String line) {
        clear();
        err.println(line);
        draw();
    }

    @Override
    public synchronized Trainer.Listener started(RunSpec spec, Experiment.Tally now) {
        tally = now;
        double[] share = new double[1];
        running.put(spec, share);
        draw();
        return new Trainer.Listener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss) {
                share[0] = ((epoch - 1) + (double) step / steps) / spec.epochs();
                if (interactive) {
                    redraw(false);
                }
            }
        };
    }

    @Override
    public synchronized void finished(RunResult r, Experiment.Tally now) {
        tally = now;
        running.remove(r.spec());
        clear();
        RunSpec s = r.spec();
        String what = switch (r.status()) {
            case OK -> String.format("test accuracy %.2f%% (%.1f s)", 100 * r.testAccuracy(), r.seconds());
            case DIVERGED -> "diverged: " + r.error();
            case FAILED -> "FAILED: " + r.error();
        };
        err.printf("[%d/%d] %s: %s | %s%n", now.done() + now.failed(), now.total(), label(s), what, counts(now));
        draw();
    }

    /**
     * One run of a plan in words: its data set, model, stack, pixels and seed, and its study if not the
     * control; a sweep's also its scramble, optimizer, rate, batch, epochs and training-set size, any of which
     * it may vary.
     */
    static String label(RunSpec s) {
        String sweep = s.study() != lab.compare.run.Study.SWEEP ? "" : String.format(" %s%s lr %s batch %d %d ep%s",
                s.permuted() ? s.scrambleRule() + " " : "", s.optimizer(), s.lr(), s.batch(), s.epochs(),
                s.trainSize() == null ? "" : " " + s.trainSize() + " images");
        return String.format("%s%s %s %s %s%s seed %d", s.study() == lab.compare.run.Study.CONTROL ? "" : s.study() + ": ",
                s.data(), s.arch(), s.stack(), s.permuted() ? "permuted" : "standard", sweep, s.seed());
    }

    /** "2 running, 0 failed, 3,100 img/s, about 4.2 min left". */
    private static String counts(Experiment.Tally t) {
        return String.format("%d running, %d failed, %,.0f img/s, about %s left", t.running(), t.failed(),
                t.imagesPerSecond(), Double.isNaN(t.secondsLeft()) ? "? (not every kind measured yet)"
                        : Experiment.minutes(t.secondsLeftAt(System.nanoTime())));
    }

    /** Redraws the status line at most five times a second (or now, if {@code force}). */
    private synchronized void redraw(boolean force) {
        long now = System.nanoTime();
        if (force || now - lastDraw > 200_000_000L) {
            draw();
        }
    }

    /** The status line, on a terminal only: the counts, then each running run's share done. */
    private void draw() {
        if (!interactive || tally == null || running.isEmpty()) {
            return;
        }
        List<String> jobs = new ArrayList<>();
        running.forEach((spec, share) -> jobs.add(String.format("%s %s %s %s s%d %.0f%%", spec.data(), spec.arch(),
                spec.stack(), spec.permuted() ? "permuted" : "standard", spec.seed(), 100 * share[0])));
        String line = String.format("[%d/%d] %s | %s", tally.done() + tally.failed(), tally.total(), counts(tally),
                String.join(" · ", jobs));
        line = line.length() > WIDTH ? line.substring(0, WIDTH - 3) + "..." : line;
        err.print("\r" + line + " ".repeat(Math.max(0, drawn.length() - line.length())));
        err.flush();
        drawn = line;
        lastDraw = System.nanoTime();
    }

    /** Rubs out the status line, so a line can be printed in its place. */
    private void clear() {
        if (!drawn.isEmpty()) {
            err.print("\r" + " ".repeat(drawn.length()) + "\r");
            drawn = "";
        }
    }

    /**
     * What {@code lab run} and each study do: run the plan on {@code engine} into {@code dir}/results.jsonl
     * (resuming), write the report from every result there, print it without its pictures, and say where
     * the files are. Returns how many runs failed in this session.
     */
    int runAndReport(Experiment.Plan plan, Engine engine, Path dir, String title) {
        return runAndReport(plan, engine, dir, results -> FolderReport.write(dir, results, plan.jobs(), title));
    }

    /** The same, with the report written (into {@code dir}) and returned as Markdown by {@code report}. */
    int runAndReport(Experiment.Plan plan, Engine engine, Path dir, Function<List<RunResult>, String> report) {
        long start = System.nanoTime();
        ResultStore store = ResultStore.open(dir.resolve("results.jsonl"), this::say);
        Experiment.Outcome outcome = Experiment.run(plan, store, engine, this);
        String md = report.apply(store.results(plan.jobs()));
        out.print(md.replaceAll("(?m)^!\\[.*$\\n?", "").replaceAll("\n{3,}", "\n\n"));
        err.printf("report: %s, %s, %s (%.1f min)%n", dir.resolve("report.md"), dir.resolve("report.html"),
                dir.resolve("results.csv"), (System.nanoTime() - start) / 60e9);
        if (outcome.failed() > 0) {
            err.printf("lab: %d of %d run(s) failed (listed in report.md; each one's error and stack trace are in "
                    + "%s); rerun the same command to run them again%n", outcome.failed(), outcome.ran(),
                    store.file());
        }
        return outcome.failed();
    }

    /** What --dry-run does: times the plan's kinds of run on {@code engine} and says what it would take; runs nothing. */
    void estimate(Experiment.Plan plan, Engine engine, Path dir) {
        ResultStore store = ResultStore.open(dir.resolve("results.jsonl"), this::say);
        double seconds = Experiment.estimate(plan, store, engine, this);
        err.printf("dry run: nothing run, nothing stored; the same command without --dry-run runs it (about %s)%n",
                Experiment.minutes(seconds));
    }
}
