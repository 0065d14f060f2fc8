package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * ND4J's and DL4J's INFO lines stay out of a user's own test output by default (the kit's
 * simplelogger.properties; the kit's tests have no logging file of their own, so they run as a user's do),
 * and come back with the documented system properties. Each run is a fresh JVM, the only place where
 * ND4J's loading lines can show: a user's first check.
 */
class KitLoggingTest {

    @Test
    void aFirstCheckPrintsOnlyItsOwnLinesAndTheDocumentedPropertiesBringNd4jsBack() throws Exception {
        // The kit's own file is the one in force, as on a user's class path: none of the tests' shadows it.
        java.net.URL config = KitLoggingTest.class.getClassLoader().getResource("simplelogger.properties");
        assertTrue(config != null && config.getPath().endsWith("/kit/target/classes/simplelogger.properties"),
                "the logging file in force: " + config);
        String quiet = firstCheck(List.of());
        assertEquals("verdict: agree\n", quiet, "nothing but the check's own line: " + quiet);

        String loud = firstCheck(List.of("-Dorg.slf4j.simpleLogger.log.org.nd4j=info",
                "-Dorg.slf4j.simpleLogger.log.org.deeplearning4j=info"));
        assertTrue(loud.contains("INFO org.nd4j.linalg.factory.Nd4jBackend - Loaded [CpuBackend] backend"), loud);
        assertTrue(loud.contains("INFO org.deeplearning4j.nn.multilayer.MultiLayerNetwork - Starting"), loud);
        assertTrue(loud.endsWith("verdict: agree\n"), loud);
    }

    /** {@link FirstKitCheck}'s output and error streams together, in a JVM started with {@code flags}. */
    private static String firstCheck(List<String> flags) throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(flags);
        command.addAll(List.of("-cp", cp, FirstKitCheck.class.getName()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process child = pb.start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, child.waitFor(), out);
        return out;
    }
}
