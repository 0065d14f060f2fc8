package lab.reference;

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
        Thread t = new Thread(r, "reference-worker");
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
        chunk.run(0, 0, start(1, t, n));
        for (Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a worker", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) {
                    throw r;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
    }
}
