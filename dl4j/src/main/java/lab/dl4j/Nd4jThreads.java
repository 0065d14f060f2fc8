package lab.dl4j;

import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's thread counts, set on purpose: libnd4j's OpenMP pool and OpenBLAS's. On a 2-core machine a
 * second thread made DL4J slower (see BENCHMARKS), so callers pass 1 unless they measured otherwise.
 * The launcher also exports OMP_NUM_THREADS / OPENBLAS_NUM_THREADS, which ND4J reads when it loads.
 */
public final class Nd4jThreads {

    private Nd4jThreads() {
    }

    public static void set(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
    }
}
