package lab.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Splits a batch of n examples into contiguous chunks, one per thread, and waits for them all. The
 * chunks depend only on (n, threads), never on scheduling, so a caller that sums per-chunk results in
 * chunk order gets the same bits on every run. Not a general task framework: one fork, one join.
 */
final class Parallel {

    /** The work on chunk number {@code chunk}: examples [from, to). */
    interface Chunk {
        void run(int chunk, int from, int to);
    }

    // Idle worker threads are reused and die after a minute; daemons, so they never keep the JVM alive.
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fast-worker");
        t.setDaemon(true);
        return t;
    });

    private Parallel() {
    }

    /** How many chunks {@link #forEachChunk} makes: one per thread, but none empty. */
    static int chunks(int threads, int n) {
        return Math.max(1, Math.min(threads, n));
    }

    /** First example of chunk {@code i} of {@code t}; chunk i is [start(i), start(i + 1)). */
    static int start(int i, int t, int n) {
        return (int) ((long) n * i / t);
    }

    /** Runs {@code chunk} on {@link #chunks} contiguous ranges of [0, n); the caller runs the first. */
    static void forEachChunk(int threads, int n, Chunk chunk) {
        int t = chunks(threads, n);
        List<Future<?>> others = new ArrayList<>(t - 1);
        for (int i = 1; i < t; i++) {
            int c = i;
            others.add(WORKERS.submit(() -> chunk.run(c, start(c, t, n), start(c + 1, t, n))));
        }
        RuntimeException first = null;
        try {
            chunk.run(0, 0, start(1, t, n));
        } catch (RuntimeException e) {
            first = e;
        }
        // Wait for every worker even after a failure: none may still be writing when the caller goes on.
        boolean interrupted = false;
        for (Future<?> f : others) {
            while (true) {
                try {
                    f.get();
                    break;
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting; restore the flag below
                } catch (ExecutionException e) {
                    if (first == null) {
                        first = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                    }
                    break;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (first != null) {
            throw first;
        }
    }
}
