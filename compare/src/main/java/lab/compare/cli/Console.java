package lab.compare.cli;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.run.Experiment;
import lab.compare.run.Label;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Workflow;
import lab.reference.Trainer;

/**
 * The terminal as the commands use it: results on stdout, progress and notes on stderr. A plan prints one
 * line per run as it ends (what it got, then done / running / failed, images per second and the time
 * left); on a terminal a status line under them is redrawn in place with each running run's progress, so
 * logs get only the lines. What the library below reports through {@link Experiment.Listener} arrives here,
 * and what a plan's {@link Workflow} did is printed here. It only prints: the plan's run and report are the
 * workflow's.
 */
final class Console implements Experiment.Listener {

    private static final int WIDTH = 110; // the status line is cut here, so that "\r" can redraw it

    final PrintStream out;
    final PrintStream err;
    private final boolean interactive;
    private final long commandStart; // a System.nanoTime: when this command's JVM started, if it is the command's own
    private final Map<RunSpec, double[]> running = new LinkedHashMap<>(); // -> share of its steps done
    private Experiment.Tally tally;
    private String drawn = "";
    private long lastDraw;

    private Console(PrintStream out, PrintStream err, boolean interactive, long commandStart) {
        this.out = out;
        this.err = err;
        this.interactive = interactive;
        this.commandStart = commandStart;
    }

    /** The streams of this execution of the command line. */
    static Console current() {
        return new Console(Lab.out(), Lab.err(), Lab.interactive(), commandStart());
    }

    /**
     * When this command started, as a {@link System#nanoTime}: the JVM's own start when the JVM runs this one
     * command (the launcher's, writing to the real stderr), so that the estimate counts the JVM starting,
     * the classes loading and the engine starting; else (a test's JVM runs many commands) now. The
     * launcher's own second before the JVM (the staleness check, git) is not seen from here.
     */
    private static long commandStart() {
        long now = System.nanoTime();
        if (Lab.err() != System.err) {
            return now;
        }
        long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        return now - Math.max(0, sinceJvm) * 1_000_000L;
    }

    /**
     * What a command spends after the last run, in seconds: writing the report of {@code results} runs and
     * the JVM's exit. Measured on 2 cores (the launcher's JVM, lab sweep on digits8 and mnist10k): 0.5 to
     * 0.65 s after 8 results, 0.8 s after 72, most of it the plots' first drawing in a JVM that has not
     * drawn yet. Not timed per machine: it is small beside any plan that takes long enough to estimate.
     */
    static double reportSeconds(int results) {
        return 0.5 + 0.004 * results;
    }

    /**
     * Says what the plan should take from the command's start to its end: the time spent so far (the JVM,
     * loading, timing each kind), the runs as priced, and the report after them.
     */
    @Override
    public synchronized void priced(Experiment.Tally tally, double spent, int workers) {
        double sofar = (System.nanoTime() - commandStart) / 1e9;
        double rest = tally.secondsLeft() + reportSeconds(tally.total());
        say(String.format("%d run(s) to go; expect %s with %d at once%s", tally.total() - tally.done(),
                Experiment.about(sofar + rest), workers, Double.isNaN(rest) ? "" : String.format(
                        ": %.1f s spent starting and timing, %s for the runs and the report", sofar,
                        Experiment.about(rest))));
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
        err.printf("[%d/%d] %s: %s | %s%n", now.done() + now.failed(), now.total(), Label.RUN.of(s), what, counts(now));
        draw();
    }

    /**
     * "2 running, 0 failed, 3,100 img/s, about 4.2 min left": the time left is the runs' and the report's
     * after them, so that the last lines do not promise the end before the report is written.
     */
    static String counts(Experiment.Tally t) {
        return counts(t, System.nanoTime());
    }

    /** The same at {@code now} (a {@link System#nanoTime}). */
    static String counts(Experiment.Tally t, long now) {
        return String.format("%d running, %d failed, %,.0f img/s, %s", t.running(), t.failed(), t.imagesPerSecond(),
                Double.isNaN(t.secondsLeft()) ? "time left not known yet (not every kind measured)"
                        : Experiment.about(t.secondsLeftAt(now) + reportSeconds(t.total())) + " left");
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
                spec.stack(), spec.pixels(), spec.seed(), 100 * share[0])));
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
     * Prints what a plan's run did: its report without the pictures, where the report's files are and how
     * long the runs and the report took, and how many runs failed, if any, with where their errors are.
     */
    void print(Workflow.Done done) {
        out.print(withoutPictures(done.markdown()));
        err.printf("report: %s (%.1f min)%n", String.join(", ", done.reports().stream().map(Path::toString).toList()),
                done.seconds() / 60);
        if (done.outcome().failed() > 0) {
            err.printf("lab: %d of %d run(s) failed (listed in report.md; each one's error and stack trace are in "
                    + "%s); rerun the same command to run them again%n", done.outcome().failed(), done.outcome().ran(),
                    done.results());
        }
    }

    /**
     * What --dry-run says after {@link Workflow#estimate} timed the plan's kinds of run: what the same command
     * without it would take from its start to its end, {@code seconds} for the plan's runs among it. That
     * command starts, loads and times as this one did, so the time this one took counts once, then the runs
     * and the report.
     */
    void estimated(Experiment.Plan plan, double seconds) {
        double sofar = (System.nanoTime() - commandStart) / 1e9;
        err.printf("dry run: nothing run, nothing stored; the same command without --dry-run runs it (%s: %.1f s "
                + "starting and timing as here, then the runs and the report)%n",
                Experiment.about(sofar + seconds + reportSeconds(plan.jobs().size())), sofar);
    }

    /** A report's Markdown as the terminal shows it: without its picture lines, or the blank lines they leave. */
    static String withoutPictures(String md) {
        return md.replaceAll("(?m)^!\\[.*$\\n?", "").replaceAll("\n{3,}", "\n\n");
    }
}
