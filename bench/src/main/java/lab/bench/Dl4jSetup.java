package lab.bench;

import lab.dl4j.Nd4jThreads;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every DL4J benchmark does first, in its own JMH fork: ND4J's threads and default data type, before
 * anything else touches ND4J. The network itself comes from {@link lab.compare.speed.Ways#dl4j}, which
 * the lesson's table builds from too.
 */
final class Dl4jSetup {

    private Dl4jSetup() {
    }

    /**
     * ND4J's OpenMP and BLAS threads and default data types, for this fork. A fork whose environment
     * does not match its {@code threads} parameter would measure something else (see
     * {@link Nd4jThreads}): it stops instead.
     */
    static void init(int threads, DataType dtype) {
        String problem = Nd4jThreads.environmentProblem(threads, System.getenv());
        if (problem != null) {
            throw new IllegalStateException(problem + "; pass -p threads=" + threads + " to JMH too (scripts/bench does)");
        }
        Nd4jThreads.set(threads);
        Nd4j.setDefaultDataTypes(dtype, dtype);
    }
}
