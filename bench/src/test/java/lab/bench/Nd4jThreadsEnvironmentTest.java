package lab.bench;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import lab.dl4j.Nd4jThreads;
import org.junit.jupiter.api.Test;

/** The check that keeps a DL4J benchmark fork from measuring a pool sized for another thread count. */
class Nd4jThreadsEnvironmentTest {

    @Test
    void environmentMatchingTheThreadCountHasNoProblem() {
        assertNull(Nd4jThreads.environmentProblem(1, Map.of("OMP_NUM_THREADS", "1", "OPENBLAS_NUM_THREADS", "1")));
    }

    @Test
    void unsetOrDifferentVariablesAreNamedWithTheirValues() {
        String problem = Nd4jThreads.environmentProblem(1, Map.of("OMP_NUM_THREADS", "2"));
        assertTrue(problem.contains("OMP_NUM_THREADS is 2") && problem.contains("OPENBLAS_NUM_THREADS is unset"), problem);
        assertTrue(Nd4jThreads.environmentProblem(2, Map.of("OMP_NUM_THREADS", "2", "OPENBLAS_NUM_THREADS", "1"))
                .contains("OPENBLAS_NUM_THREADS is 1"));
    }
}
