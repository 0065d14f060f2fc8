package lab.compare.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine in this JVM: {@code workers} threads, each taking the next job in plan order until none is
 * left. Every job trains on one thread of its own (the spec's threads stay 1, since the spec is the
 * result's key), so the workers are the parallelism; the data sets are the driver's, shared read-only;
 * DL4J jobs share ND4J's one thread count ({@link lab.dl4j.Nd4jThreads#lease}). A result is the same
 * whichever worker ran it and whatever ran beside it (tested, workers 1 against 2).
 */
public final class LocalEngine implements Engine {

    /**
     * Jobs at once unless told: one per core, at most two. Measured on 2 cores (BENCHMARKS.md): the
     * default {@code lab run} took 0.55 and 0.60 of 1 worker's wall time with 2 workers, in two sessions.
     * More cores were not measured (and each worker holds its own scrambled copy of the data), so more
     * workers are for the user to ask for.
     */
    public static int defaultWorkers() {
        return Math.max(1, Math.min(2, Runtime.getRuntime().availableProcessors()));
    }

    /** {@code --engine local}. */
    public static final class Provider implements Engine.Provider {

        @Override
        public String name() {
            return "local";
        }

        @Override
        public Engine create(Settings settings) {
            return new LocalEngine(settings.workers() == null ? defaultWorkers() : settings.workers());
        }
    }

    private final int workers;

    public LocalEngine(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be at least 1, got " + workers);
        }
        this.workers = workers;
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public void run(List<RunSpec> jobs, Splits data, Listener listener) {
        Queue<RunSpec> queue = new ConcurrentLinkedQueue<>(jobs);
        AtomicReference<RuntimeException> broken = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < Math.min(workers, jobs.size()); w++) {
            Thread t = new Thread(() -> {
                RunSpec spec;
                while (broken.get() == null && (spec = queue.poll()) != null) {
                    try {
                        listener.finished(Runner.attempt(spec, data, listener.started(spec)));
                    } catch (RuntimeException | Error e) { // the driver's own fault: stop handing out jobs
                        broken.compareAndSet(null, e instanceof RuntimeException r ? r : new IllegalStateException(e));
                    }
                }
            }, "lab-worker-" + (w + 1));
            threads.add(t);
            t.start();
        }
        boolean interrupted = false;
        for (Thread t : threads) {
            while (t.isAlive()) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: a job may be writing its result
                    queue.clear();
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (broken.get() != null) {
            throw broken.get();
        }
    }
}
