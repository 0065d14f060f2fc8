package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import lab.compare.run.ResultStore;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.spark.StandaloneCluster;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark engine from the command line, as a user meets it: {@code lab sweep --engine spark --master
 * local[2]} (Spark embedded in the driver's JVM), its driver killed mid-sweep and the command run again,
 * gives the local engine's numbers and report to the byte with every run stored once, and the
 * jar for spark-submit, submitted through Spark's own SparkSubmit with nothing but Spark on its class path,
 * runs a sweep to the same numbers.
 */
class SparkCommandLineIT {

    private static final String[] GRID = {"sweep", "--arch", "mlp,cnn", "--stacks", "reference,dl4j", "--pixels",
        "standard,permuted", "--seeds", "1", "--epochs", "2"};

    @TempDir
    Path dir;

    @Test
    void aSweepOnEmbeddedSparkKilledAndResumedGivesTheLocalEnginesNumbersAndReportWithSparksLogKeptQuiet()
            throws Exception {
        Outcome local = lab(GRID, "--workers", "2", "--out", dir.resolve("local").toString());
        assertEquals(0, local.code(), local.err());
        // As ./lab starts it: this module's jar, the application's libraries and Spark's on the class path.
        List<String> java = List.of("-cp", String.join(":", System.getProperty("lab.spark.jar"),
                System.getProperty("lab.spark.lib") + "/*", System.getProperty("lab.spark.sparkJars") + "/*"),
                Lab.class.getName());
        String[] spark = {"--engine", "spark", "--master", "local[2]", "--out", dir.resolve("spark").toString()};
        Path results = dir.resolve("spark/results.jsonl");

        // The driver killed (SIGKILL) once its first result is stored, then the same command again.
        Child first = start(java, GRID, spark);
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(results) && Files.size(results) > 0) && first.process().isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(first.process().isAlive(), "killed mid-sweep: " + Files.readString(first.log()));
        } finally {
            first.kill();
        }
        int stored = (int) Files.readAllLines(results).stream().filter(l -> l.endsWith("}")).count();
        assertTrue(stored >= 1 && stored < 8, stored + " of 8 stored when killed");
        String log = java(java, GRID, spark);
        assertTrue(log.contains("resuming: " + stored + " of 8 runs already in"), log);
        assertTrue(log.contains("engine spark, 2 at once"), log);
        assertFalse(log.matches("(?s).*\\] (INFO|WARN|ERROR) .*"), "no log line from Spark: " + log);

        List<RunResult> a = results(dir.resolve("local"));
        assertEquals(8, a.size(), "mlp, cnn x reference, dl4j x standard, permuted");
        assertEquals(8, Files.readAllLines(results).size(), "every run stored once");
        assertSame(byspec(a), results(dir.resolve("spark")));
        assertEquals(withoutTime(Files.readString(dir.resolve("local/report.md"))),
                withoutTime(Files.readString(dir.resolve("spark/report.md"))), "the same report but for its time");
    }

    /** A report without its summary's "**Time.**" line, the one part that differs between two runs of a plan. */
    private static String withoutTime(String md) {
        String out = md.replaceFirst("\\*\\*Time\\.\\*\\* [^\n]*\n\n", "");
        assertFalse(out.equals(md), "the report has no **Time.** line:\n" + md);
        return out;
    }

    @Test
    void theJarForSparkSubmitRunsASweepUnderSparkSubmitWithTheSameNumbers() throws Exception {
        Path jar = Path.of(System.getProperty("lab.spark.submitJar"));
        try (JarFile j = new JarFile(jar.toFile())) {
            assertTrue(j.stream().noneMatch(e -> e.getName().startsWith("org/slf4j/")), "no SLF4J in the jar: the "
                    + "cluster's serves");
            assertTrue(j.stream().noneMatch(e -> e.getName().startsWith("org/apache/spark/")), "no Spark in the jar");
            String services = new String(j.getInputStream(j.getEntry("META-INF/services/lab.compare.run.Engine$Provider"))
                    .readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(services.contains("lab.compare.run.LocalEngine$Provider")
                    && services.contains("lab.spark.SparkEngine$Provider"), services);
        }
        // What bin/spark-submit runs: Spark's SparkSubmit, on Spark's jars alone, the application jar given to it.
        String spark = StandaloneCluster.sparkJars().stream().map(Path::toString).collect(Collectors.joining(":"));
        String log = java(List.of("-cp", spark,
                "org.apache.spark.deploy.SparkSubmit", "--master", "local[2]", "--class", "lab.compare.cli.Lab",
                "--conf", "spark.driver.host=127.0.0.1", jar.toString()), new String[] {"sweep", "--engine", "spark",
                    "--arch", "mlp", "--stacks", "reference,dl4j", "--seeds", "1", "--epochs", "2"},
                "--out", dir.resolve("submitted").toString());
        assertTrue(log.contains("engine spark, 2 at once"), log);
        List<RunResult> submitted = results(dir.resolve("submitted"));
        assertEquals(2, submitted.size(), log);
        Outcome local = lab(new String[] {"sweep", "--arch", "mlp", "--stacks", "reference,dl4j", "--seeds", "1",
            "--epochs", "2"}, "--out", dir.resolve("submitted-local").toString());
        assertEquals(0, local.code(), local.err());
        assertSame(byspec(results(dir.resolve("submitted-local"))), submitted);
    }

    /** A JVM started by the test, and where its output goes; {@link #kill} ends it and its children. */
    private record Child(Process process, Path log) {
        void kill() throws InterruptedException {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Starts a JVM with Spark's flags: {@code java} then {@code args} then {@code more}. */
    private Child start(List<String> java, String[] args, String... more) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("lab.spark.jvmFlags").trim().split("\\s+")));
        command.addAll(java);
        command.addAll(List.of(args));
        command.addAll(List.of(more));
        Path log = Files.createTempFile(dir, "java", ".log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return new Child(pb.start(), log);
    }

    /** {@link #start}, then what it printed; fails unless it exits 0 within 3 minutes. It is killed in any case. */
    private String java(List<String> java, String[] args, String... more) throws Exception {
        Child c = start(java, args, more);
        try {
            assertTrue(c.process().waitFor(180, TimeUnit.SECONDS), "ends within 3 minutes: " + Files.readString(c.log()));
        } finally {
            c.kill();
        }
        String printed = Files.readString(c.log());
        assertEquals(0, c.process().exitValue(), printed);
        return printed;
    }

    private static List<RunResult> results(Path folder) {
        return ResultStore.open(folder.resolve("results.jsonl"), w -> { throw new AssertionError(w); })
                .results(List.of());
    }

    private static Map<RunSpec, RunResult> byspec(List<RunResult> rs) {
        return rs.stream().collect(Collectors.toMap(RunResult::spec, Function.identity()));
    }

    /** Each of {@code actual} has the accuracy, losses and confusion of the same spec's run in {@code expected}. */
    private static void assertSame(Map<RunSpec, RunResult> expected, List<RunResult> actual) {
        assertEquals(expected.keySet(), actual.stream().map(RunResult::spec).collect(Collectors.toSet()));
        for (RunResult y : actual) {
            RunResult x = expected.get(y.spec());
            String what = y.spec().arch() + " " + y.spec().stack() + (y.spec().permuted() ? " permuted" : " standard");
            assertEquals(RunResult.Status.OK, y.status(), what + ": " + y.error());
            assertEquals(x.testAccuracy(), y.testAccuracy(), what); // exactly
            assertEquals(x.history().stream().map(RunResult.Epoch::loss).toList(),
                    y.history().stream().map(RunResult.Epoch::loss).toList(), what);
            assertEquals(Arrays.deepToString(x.confusion()), Arrays.deepToString(y.confusion()), what);
        }
    }

    record Outcome(int code, String out, String err) {
    }

    private static Outcome lab(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.execute(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
