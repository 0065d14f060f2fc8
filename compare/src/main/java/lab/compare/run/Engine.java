package lab.compare.run;

import java.util.List;

import lab.reference.Trainer;

/**
 * Where a plan's jobs run. A job is its {@link RunSpec} alone (a spec round-trips through JSON, so it can
 * travel to another machine) and ends as one {@link RunResult}, which the engine hands back to the driver
 * the moment it ends: the driver stores it at once, so progress, the time left and resuming work the same
 * on every engine. An engine runs each job once, in any order, as many at once as it has workers; a job
 * that throws ends as a failed result ({@link Runner#attempt}) and the others go on.
 *
 * <p>Engines are found by name ({@link Engines}): {@code local} ({@link LocalEngine}) is this module's; one
 * that runs jobs elsewhere (a cluster's) comes in a module of its own with its own {@link Provider},
 * registered in its {@code META-INF/services/lab.compare.run.Engine$Provider}. There a job travels as
 * {@code ResultsFile.toJson(spec)}, runs as {@link Runner#attempt} (with a {@link Splits} of that JVM's
 * own), and comes back as its result's JSON ({@link ResultsFile#fromJson}). Not a scheduler: what to
 * run, and what is already done, is the driver's business ({@link Experiment}).
 */
public interface Engine extends AutoCloseable {

    /** How many jobs run at once: the time left shares the work out among them. */
    int workers();

    /**
     * Runs every job once and returns when all have ended. {@code data} holds the data sets the driver
     * loaded: an engine in this JVM gives them to its jobs; one that runs jobs elsewhere loads them there
     * ({@link Runner#load}). The listener may be called from any of the engine's threads, several at once.
     * If it throws (the store cannot write), no further job starts, and the exception comes out of this
     * method once the jobs already running have ended.
     */
    void run(List<RunSpec> jobs, Splits data, Listener listener);

    /** Gives back what the engine holds (threads, a cluster's connection). */
    @Override
    default void close() {
    }

    /** What an engine tells its driver about each job. */
    interface Listener {

        /**
         * The job starts now (once, before {@link #finished}); the listener returned hears its steps and
         * epochs (an engine that runs jobs elsewhere may never call that one).
         */
        Trainer.Listener started(RunSpec spec);

        /** The job ended: ok, diverged or failed. */
        void finished(RunResult result);
    }

    /**
     * What every engine is made from: the command line's settings. A setting an engine does not have is
     * ignored by it; null is the engine's own default.
     *
     * @param workers        jobs at once (on a cluster: at most this many)
     * @param master         for an engine that runs jobs elsewhere: where (spark: {@code local[N]} in this
     *                       JVM, or a cluster's {@code spark://host:7077})
     * @param executorMemory for such an engine: the memory of each JVM it runs jobs in ({@code 2g})
     * @param verbose        the engine's own log in full, not warnings only
     */
    record Settings(Integer workers, String master, String executorMemory, boolean verbose) {

        public Settings {
            if (workers != null && workers < 1) {
                throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
            }
        }

        /** Only the number of jobs at once, everything else the engine's default. */
        public Settings(Integer workers) {
            this(workers, null, null, false);
        }
    }

    /** Makes one kind of engine; found by {@link java.util.ServiceLoader}. */
    interface Provider {

        /** The name {@code --engine} takes. */
        String name();

        Engine create(Settings settings);
    }
}
