package lab.dl4j;

import java.util.Map;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread counts, set on purpose: libnd4j's OpenMP pool and OpenBLAS's. On a 2-core machine a
 * second thread made DL4J slower (BENCHMARKS.md), so callers pass 1 unless they measured otherwise.
 *
 * <p>{@link #set} is only half of it. The OpenMP runtime sizes its pool from {@code OMP_NUM_THREADS} when
 * libnd4j loads, and telling ND4J "1 thread" afterwards does not give the same speed as starting with 1:
 * measured in BENCHMARKS.md, an {@code mlp} training step in float ran about 5x faster, and the double
 * steps about 1.3x, when the JVM started with {@code OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1} than when
 * only this method said 1. So the launcher exports both, and {@link #environmentProblem} tells an entry
 * point whether it did. This class reads no environment itself.
 *
 * <p>The count is one per JVM, so trainings that run at once on several threads must agree on it: each
 * holds a {@link #lease} while it runs. Leases of one count are held side by side (with 1, the launcher's
 * setting, every DL4J job computes on its own calling thread); a lease of another count waits until
 * every other lease is returned, so no training ever sees the count change under it.
 */
public final class Nd4jThreads {

    /** The variables that size the native pools when ND4J loads. */
    public static final String[] VARIABLES = {"OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"};

    private static int leasedThreads; // the count every held lease runs on
    private static int leases; // how many are held

    private Nd4jThreads() {
    }

    /** A held thread count, returned by {@link #close}. */
    public static final class Lease implements AutoCloseable {
        private boolean open = true;

        private Lease() {
        }

        @Override
        public void close() {
            synchronized (Nd4jThreads.class) {
                if (open) {
                    open = false;
                    leases--;
                    Nd4jThreads.class.notifyAll();
                }
            }
        }
    }

    /**
     * Holds ND4J at {@code threads} threads until the lease is closed; waits while leases of another count
     * are held. Sets the count (see {@link #set}) only when no lease is held.
     */
    public static Lease lease(int threads) {
        synchronized (Nd4jThreads.class) {
            while (leases > 0 && leasedThreads != threads) {
                try {
                    Nd4jThreads.class.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for ND4J's threads", e);
                }
            }
            if (leases == 0) {
                set(threads);
                leasedThreads = threads;
            }
            leases++;
            return new Lease();
        }
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }

    /**
     * Why {@code env} (the process environment, passed in by the entry point) will not run ND4J at its
     * best on {@code threads} threads, or null if it will: each of {@link #VARIABLES} must be set to
     * {@code threads} before the JVM starts.
     */
    public static String environmentProblem(int threads, Map<String, String> env) {
        StringBuilder wrong = new StringBuilder();
        for (String name : VARIABLES) {
            String value = env.get(name);
            if (!Integer.toString(threads).equals(value)) {
                wrong.append(wrong.length() == 0 ? "" : ", ").append(name).append(value == null ? " is unset" : " is " + value);
            }
        }
        if (wrong.length() == 0) {
            return null;
        }
        return "ND4J runs on " + threads + " thread(s) but " + wrong + "; its native pools are sized when it loads,"
                + " so start the JVM with OMP_NUM_THREADS=" + threads + " OPENBLAS_NUM_THREADS=" + threads
                + " (up to 5x faster in float, see BENCHMARKS.md)";
    }
}
