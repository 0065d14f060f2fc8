package lab.fast;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Splits a range of n into contiguous chunks, one per thread, runs them, and waits for them all. The
 * layers split work whose every value is computed the same way whoever computes it (an example's output,
 * a row of a product), and add per-example gradients in example order afterwards, so nothing depends on
 * the split or on scheduling. Not a general task framework: one fork, one join, many times a batch.
 *
 * <p>Why not an ExecutorService: a layer's share of a batch takes 10 to 500 microseconds, and handing a
 * task to a parked pool thread costs tens of microseconds each way. The workers here spin for a while
 * (0.2 ms) after each job before they park, so back-to-back layers reach them in well under a
 * microsecond. Chunks are claimed from a counter: a worker busy elsewhere (two networks training at
 * once) or slow to wake just leaves its chunk to the caller. Every wait spins only briefly and then
 * yields its core: on a machine with more runnable threads than cores, a spinning waiter would otherwise
 * keep the very thread it waits for off the CPU for a whole time slice.
 */
final class Parallel {

    /** The work on chunk number {@code chunk}: the range [from, to). */
    interface Chunk {
        void run(int chunk, int from, int to);
    }

    /** Below this many multiply-adds (or element operations) a split costs more than it saves: one thread. */
    static final long MIN_WORK = 1L << 15;
    private static final long SPIN_NANOS = 200_000; // how long an idle worker spins before it parks
    private static final long WAIT_SPIN_NANOS = 20_000; // how long a caller spins for its workers, then yields

    private static final List<Worker> WORKERS = new ArrayList<>(); // grows to the largest team asked for

    private Parallel() {
    }

    /** How many chunks {@link #forEachChunk} makes: one per thread, but none empty. */
    static int chunks(int threads, int n) {
        return Math.max(1, Math.min(threads, n));
    }

    /** {@code threads}, or 1 where the work is too small to be worth a split. */
    static int threadsFor(int threads, long work) {
        return work < MIN_WORK ? 1 : threads;
    }

    /** First index of chunk {@code i} of {@code t}; chunk i is [start(i), start(i + 1)). */
    static int start(int i, int t, int n) {
        return (int) ((long) n * i / t);
    }

    /**
     * Runs {@code chunk} on {@link #chunks} contiguous ranges of [0, n) and returns when all are done; the
     * caller runs some (at least the ones no worker took). An exception of a chunk is rethrown once every
     * chunk has finished, the same way on one chunk as on many: RuntimeExceptions as they are, anything
     * else (an Error) wrapped in an IllegalStateException.
     */
    static void forEachChunk(int threads, int n, Chunk chunk) {
        int t = chunks(threads, n);
        if (t == 1) { // no team, no Job: one call on this thread
            try {
                chunk.run(0, 0, n);
            } catch (Throwable e) {
                throw rethrown(e);
            }
            return;
        }
        Job job = new Job(chunk, t, n);
        List<Worker> team = workers(t - 1);
        for (Worker w : team) {
            w.offer(job);
        }
        job.work();
        job.awaitAll();
        Throwable e = job.failure.get();
        if (e != null) {
            throw rethrown(e);
        }
    }

    /** What forEachChunk throws for a chunk's {@code e}: a RuntimeException itself, anything else wrapped. */
    private static RuntimeException rethrown(Throwable e) {
        return e instanceof RuntimeException r ? r : new IllegalStateException(e);
    }

    private static synchronized List<Worker> workers(int count) {
        while (WORKERS.size() < count) {
            Worker w = new Worker("fast-worker-" + (WORKERS.size() + 1));
            w.start();
            WORKERS.add(w);
        }
        return new ArrayList<>(WORKERS.subList(0, count));
    }

    /** One call's chunks: claimed one at a time by whoever gets there, counted when done. */
    private static final class Job {
        final Chunk chunk;
        final int t, n;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger done = new AtomicInteger();
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(Chunk chunk, int t, int n) {
            this.chunk = chunk;
            this.t = t;
            this.n = n;
        }

        void work() {
            for (int c = next.getAndIncrement(); c < t; c = next.getAndIncrement()) {
                try {
                    chunk.run(c, start(c, t, n), start(c + 1, t, n));
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.incrementAndGet();
                }
            }
        }

        /** Every chunk claimed is being run by someone: wait for them, spinning briefly, then yielding. */
        void awaitAll() {
            long spinUntil = System.nanoTime() + WAIT_SPIN_NANOS;
            while (done.get() < t) {
                if (System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                } else {
                    Thread.yield(); // a worker may be waiting for a core: ours, perhaps
                }
            }
        }
    }

    /** A daemon thread that runs the jobs offered to it; spins for a while when idle, then parks. */
    private static final class Worker extends Thread {
        private final AtomicReference<Job> mailbox = new AtomicReference<>();

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        /**
         * Hands it the job. A job still waiting in its mailbox is replaced: that job's caller runs whatever no
         * one claimed, so nothing is lost, while turning the new job away was a loss. A worker slow to wake (or
         * busy with another caller's job) left its offer waiting after its caller had run every chunk; the
         * next offer found the mailbox full, and the worker woke to a finished job and went idle, leaving the
         * new call one thread short.
         */
        void offer(Job job) {
            mailbox.set(job);
            LockSupport.unpark(this);
        }

        @Override
        public void run() {
            while (true) {
                take().work();
            }
        }

        private Job take() {
            long spinUntil = System.nanoTime() + SPIN_NANOS;
            while (true) {
                if (mailbox.get() != null) {
                    return mailbox.getAndSet(null);
                }
                long now = System.nanoTime();
                if (now < spinUntil) {
                    Thread.onSpinWait();
                    if (now > spinUntil - SPIN_NANOS / 2) {
                        Thread.yield(); // past half the spin: leave the core to anyone else who wants it
                    }
                } else {
                    Thread.interrupted(); // a chunk that interrupted its thread must not keep park() from parking
                    LockSupport.park(this); // offer() unparks; a spurious return just loops
                }
            }
        }
    }
}
