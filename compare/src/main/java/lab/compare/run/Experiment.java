package lab.compare.run;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import lab.reference.Trainer;

/**
 * The experiment as a plan of independent jobs, and its driver, which can stop and resume: it hands the
 * jobs not yet in the {@link ResultStore} to an {@link Engine}, stores each result the moment it ends,
 * and tells a listener what is done, running and failed, and how long the rest should take ({@link Pace}).
 */
public final class Experiment {

    /** What to run: a name and independent jobs, in the order they run. */
    public record Plan(String name, List<RunSpec> jobs) {

        public Plan {
            // A job planned twice in one plan runs once. (Studies do not share jobs: each spec carries its study.)
            jobs = List.copyOf(new java.util.LinkedHashSet<>(jobs));
        }
    }

    /**
     * How far a plan has got, as its driver tells its listener after every event.
     *
     * @param total           the plan's jobs
     * @param done            of them, those with their result (ok or diverged), stored before or now
     * @param running         started and not yet ended
     * @param failed          ended failed in this session (they run again on the next)
     * @param imagesPerSecond training images per second over this session's finished jobs, all workers together
     * @param secondsLeft     until the last job ends, as measured so far (NaN: not every kind measured yet)
     * @param nanoTime        when this was counted ({@link System#nanoTime})
     */
    public record Tally(int total, int done, int running, int failed, double imagesPerSecond, double secondsLeft,
                        long nanoTime) {

        /** The time left at {@code now} (a {@link System#nanoTime}): what was left, less the time since. */
        public double secondsLeftAt(long now) {
            return Math.max(0, secondsLeft - (now - nanoTime) / 1e9);
        }
    }

    /** Where a plan's driver reports; the command line gives one that prints, a test a quiet one. */
    public interface Listener {

        /** A line to show: resuming, timing, a warning. */
        void say(String line);

        /** A job started; the listener returned hears its steps (never called for a job run elsewhere). */
        Trainer.Listener started(RunSpec spec, Tally tally);

        /** A job ended and its result is stored. */
        void finished(RunResult result, Tally tally);

        /**
         * The plan is priced and its jobs start now: {@code spent} seconds went on loading its data sets and
         * timing each kind of job, and {@code tally} holds what the jobs should take. A listener that knows
         * more of the cost around the plan (its process starting, a report written after it) says so here.
         */
        default void priced(Tally tally, double spent, int workers) {
            say(String.format("%d run(s) to go; expect %s with %d at once", tally.total() - tally.done(),
                    about(spent + tally.secondsLeft()), workers));
        }
    }

    /** What a plan's run did in this session: jobs run, and of them failed. */
    public record Outcome(int ran, int failed) {
    }

    private Experiment() {
    }

    /**
     * Runs every job of the plan that {@code store} has no result for (or only a failed one) on
     * {@code engine}, storing each result the moment it ends. First every data set loads (a bad one fails
     * now, before anything runs) and each kind of job is timed on a short calibration run, so the time left
     * is priced from the start.
     */
    public static Outcome run(Plan plan, ResultStore store, Engine engine, Listener listener) {
        Driver driver = prepare(plan, store, engine, listener);
        if (driver == null) {
            return new Outcome(0, 0);
        }
        engine.run(driver.todo, driver.data, driver);
        return new Outcome(driver.todo.size(), driver.failed);
    }

    /**
     * What {@link #run} would take, without running the plan: its data sets load and each kind of job is
     * timed on the engine, as {@link #run} does before it starts; returns the seconds its jobs should take
     * from there (0 if the store has every result, NaN if a kind could not be timed). The loading and timing
     * that {@link #run} repeats are the caller's to add: it can see how long they took.
     */
    public static double estimate(Plan plan, ResultStore store, Engine engine, Listener listener) {
        Driver driver = prepare(plan, store, engine, listener);
        return driver == null ? 0 : driver.tally().secondsLeft();
    }

    /** What comes before the jobs: says what is stored, loads, calibrates, says what to expect; null if nothing to do. */
    private static Driver prepare(Plan plan, ResultStore store, Engine engine, Listener listener) {
        long start = System.nanoTime();
        List<RunSpec> todo = plan.jobs().stream().filter(s -> !store.settled(s)).toList();
        int total = plan.jobs().size();
        if (todo.size() < total) {
            listener.say(String.format("resuming: %d of %d runs already in %s", total - todo.size(), total,
                    store.file()));
        }
        long retried = todo.stream().filter(store::failedBefore).count();
        if (retried > 0) {
            listener.say(String.format("%d run(s) that failed before run again", retried));
        }
        if (todo.isEmpty()) {
            return null;
        }
        Splits data = new Splits();
        todo.forEach(data::of); // every data set loads before the first run: a bad one fails now, not later
        Pace pace = Calibration.pace(todo, data, engine, listener);
        Driver driver = new Driver(total, total - todo.size(), todo, data, store, pace, engine.workers(), listener);
        listener.priced(driver.tally(), (System.nanoTime() - start) / 1e9, engine.workers());
        return driver;
    }

    /** The driver's side of the engine: stores each result, prices what is left, tells the listener. */
    private static final class Driver implements Engine.Listener {
        private final int total;
        private final List<RunSpec> todo;
        private final Splits data;
        private final ResultStore store;
        private final Pace pace;
        private final int workers;
        private final Listener listener;
        private final Map<RunSpec, Long> running = new LinkedHashMap<>(); // -> started, nanoTime
        private final Set<RunSpec> started = new HashSet<>();
        private final long start = System.nanoTime();
        private int done;
        private int failed;
        private double images;

        Driver(int total, int done, List<RunSpec> todo, Splits data, ResultStore store, Pace pace, int workers,
               Listener listener) {
            this.total = total;
            this.done = done;
            this.todo = todo;
            this.data = data;
            this.store = store;
            this.pace = pace;
            this.workers = workers;
            this.listener = listener;
        }

        @Override
        public synchronized Trainer.Listener started(RunSpec spec) {
            running.put(spec, System.nanoTime());
            started.add(spec);
            return listener.started(spec, tally());
        }

        @Override
        public synchronized void finished(RunResult r) {
            double wall = (System.nanoTime() - running.remove(r.spec())) / 1e9;
            store.append(r);
            if (r.settled()) {
                done++;
            } else {
                failed++;
            }
            if (r.completed()) {
                images += (double) r.trainSize() * r.history().size();
            }
            synchronized (pace) {
                pace.finished(r, wall);
            }
            listener.finished(r, tally());
        }

        /** The counts now, and the time left: the running jobs' remaining time, then the waiting ones'. */
        synchronized Tally tally() {
            long now = System.nanoTime();
            List<Double> busy = new ArrayList<>();
            List<Double> waiting = new ArrayList<>();
            synchronized (pace) {
                running.forEach((spec, since) -> busy.add(pace.seconds(spec, data.trainImages(spec))
                        - (now - since) / 1e9));
                for (RunSpec spec : todo) {
                    if (!started.contains(spec)) {
                        waiting.add(pace.seconds(spec, data.trainImages(spec)));
                    }
                }
            }
            double seconds = (now - start) / 1e9;
            return new Tally(total, done, running.size(), failed, seconds > 0 ? images / seconds : 0,
                    Pace.left(busy, waiting, workers), now);
        }
    }

    /**
     * A time to come in words: "about 11 s", "about 4.2 min", and what would round to "about 0 s" "under a
     * second" (it is not nothing: a reader should not take it for done).
     */
    public static String about(double seconds) {
        if (Double.isNaN(seconds)) {
            return "an unknown time (not every kind of run is measured yet)";
        }
        if (seconds < 0.5) {
            return "under a second";
        }
        return seconds < 90 ? String.format("about %.0f s", seconds) : String.format("about %.1f min", seconds / 60);
    }
}
