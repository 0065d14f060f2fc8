package lab.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import lab.compare.run.Engine;
import lab.compare.run.LocalEngine;
import org.junit.jupiter.api.Test;

/** What the spark engine tells Spark, from the command line's settings; no Spark is started here. */
class SparkSettingsTest {

    /** The settings as ./lab makes them: on a cluster, spark.jars names the application's jars. */
    private static SparkSettings of(Integer workers, String master) {
        return SparkSettings.of(new Engine.Settings(workers, master, null, false), JARS);
    }

    private static final Map<String, String> JARS = Map.of("spark.jars", "/opt/lab/spark.jar,/opt/lab/lib/dl4j.jar");

    @Test
    void withoutAMasterSparkRunsEmbeddedWithTheWorkersAsked() {
        assertEquals("local[3]", of(3, null).master());
        assertEquals(3, of(3, null).localThreads());
        assertEquals("local[" + LocalEngine.defaultWorkers() + "]", of(null, null).master());
        assertEquals(4, of(null, "local[4]").localThreads());
        assertEquals(1, of(null, "local").localThreads());
        assertEquals(Runtime.getRuntime().availableProcessors(), of(null, "local[*]").localThreads());
        assertTrue(of(null, "local[2]").local());
        assertFalse(of(null, "spark://10.1.2.3:7077").local());
    }

    @Test
    void everyJobTrainsOnOneThreadAsOnTheLocalEngine() {
        SparkSettings s = of(null, "spark://head:7077");
        assertEquals("1", s.conf().get("spark.task.cpus"));
        assertEquals("1", s.conf().get("spark.executorEnv.OMP_NUM_THREADS"));
        assertEquals("1", s.conf().get("spark.executorEnv.OPENBLAS_NUM_THREADS"));
        assertEquals("4", s.conf().get("spark.task.maxFailures"));
        assertEquals("--add-modules=jdk.incubator.vector", s.conf().get("spark.executor.extraJavaOptions"),
                "the executors' fast path on the Vector API, as ./lab runs it");
        assertFalse(s.conf().contains("spark.driver.host"), "a remote cluster must reach the driver at its own address");
        assertEquals("127.0.0.1", of(null, "spark://127.0.0.1:7077").conf().get("spark.driver.host"));
        assertEquals("127.0.0.1", of(null, "local[2]").conf().get("spark.driver.host"));
    }

    @Test
    void onAClusterWorkersCapTheCoresAndExecutorMemoryIsPassedOn() {
        SparkSettings s = SparkSettings.of(new Engine.Settings(6, "spark://head:7077", "3g", false), JARS);
        assertEquals("6", s.conf().get("spark.cores.max"));
        assertEquals("3g", s.conf().get("spark.executor.memory"));
        assertFalse(of(null, "spark://head:7077").conf().contains("spark.cores.max"));
    }

    @Test
    void sparkConfigurationGivenBeforeWinsOverTheEnginesDefaults() {
        SparkSettings s = SparkSettings.of(new Engine.Settings(null, "local[2]", null, false),
                Map.of("spark.task.maxFailures", "8", "spark.ui.enabled", "true"));
        assertEquals("8", s.conf().get("spark.task.maxFailures"));
        assertEquals("true", s.conf().get("spark.ui.enabled"));
    }

    @Test
    void aClusterWithoutTheApplicationsJarsIsAOneLineError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SparkSettings.of(
                new Engine.Settings(null, "spark://head:7077", null, false), Map.of()));
        assertTrue(e.getMessage().startsWith("a cluster's executors need the application's jars (spark.jars)"),
                e.getMessage());
        assertTrue(SparkSettings.of(new Engine.Settings(null, "local[2]", null, false), Map.of()).local(),
                "embedded, the executors are the driver's JVM");
    }

    @Test
    void aBadMasterOrOneThatDisagreesWithWorkersIsAOneLineError() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> of(null, "yarn"));
        assertEquals("--master takes local[N] (Spark in this JVM, N runs at once) or spark://HOST:PORT (a standalone "
                + "cluster's master, port 7077 unless changed); got 'yarn'", bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> of(null, "local[0]"));
        IllegalArgumentException disagree = assertThrows(IllegalArgumentException.class, () -> of(3, "local[2]"));
        assertTrue(disagree.getMessage().startsWith("--workers 3 and --master local[2] disagree"), disagree.getMessage());
    }
}
