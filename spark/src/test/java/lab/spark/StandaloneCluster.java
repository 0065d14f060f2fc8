package lab.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Spark standalone cluster for the tests: a master and a worker, each a JVM of its own on 127.0.0.1,
 * started from the jars the build put in target/ (no Spark distribution needed) and stopped by
 * {@link #close}, by a JVM shutdown hook if the test JVM ends first, and never left behind: the worker's
 * executors are killed with it.
 *
 * <p>The worker is set up as a Spark distribution would be: a SPARK_HOME whose jars/ holds Spark and the
 * libraries Spark's own build brings (among them Jackson, SLF4J, commons-io and gson, which the project
 * shares), and nothing of the application's: the lab's classes, DL4J and ND4J reach the executors only
 * through spark.jars ({@link #applicationJars}), as on a user's cluster.
 */
public final class StandaloneCluster implements AutoCloseable {

    /** The application's libraries that Spark's build brings too (a distribution's jars/ has its own copies). */
    private static final Pattern SHARED_WITH_SPARK = Pattern.compile(
            "(jackson-(core|databind|annotations)|slf4j-(api|simple)|commons-io|gson|error_prone_annotations)-[0-9].*\\.jar");

    private final Path dir;
    private final List<Process> processes = new ArrayList<>();
    private final Thread hook = new Thread(this::stop, "stop-spark-cluster");
    private Process worker;
    private String master;

    private StandaloneCluster(Path dir) {
        this.dir = dir;
    }

    /** Starts a master and a worker of {@code cores} cores in {@code dir}; returns when the worker has registered. */
    static StandaloneCluster start(Path dir, int cores) throws IOException, InterruptedException {
        StandaloneCluster c = new StandaloneCluster(dir);
        Runtime.getRuntime().addShutdownHook(c.hook);
        try {
            c.startAll(cores);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            c.close();
            throw e;
        }
        return c;
    }

    private void startAll(int cores) throws IOException, InterruptedException {
        Path home = sparkHome();
        Process m = launch("master", home, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "0",
                "--webui-port", "0");
        Matcher at = await(dir.resolve("master.log"), Pattern.compile("Starting Spark master at (spark://\\S+)"), m);
        master = at.group(1);
        worker = launch("worker", home, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores",
                Integer.toString(cores), "--memory", "3g", "--webui-port", "0", "--work-dir",
                dir.resolve("work").toString(), master);
        await(dir.resolve("worker.log"), Pattern.compile("Successfully registered with master"), worker);
    }

    /** The master's URL, spark://127.0.0.1:PORT. */
    String master() {
        return master;
    }

    /** What spark.jars names: this module's jar and the application's libraries (target/lib). */
    static String applicationJars() throws IOException {
        List<String> jars = new ArrayList<>(List.of(Path.of(System.getProperty("lab.spark.jar")).toString()));
        try (Stream<Path> lib = Files.list(Path.of(System.getProperty("lab.spark.lib")))) {
            lib.map(Path::toString).sorted().forEach(jars::add);
        }
        return String.join(",", jars);
    }

    /**
     * What a Spark distribution's jars/ holds, from the build: Spark (target/spark-jars) and the libraries
     * Spark's build brings that the application has too (from target/lib); nothing of the application's.
     */
    public static List<Path> sparkJars() throws IOException {
        List<Path> all = new ArrayList<>();
        try (Stream<Path> spark = Files.list(Path.of(System.getProperty("lab.spark.sparkJars")));
             Stream<Path> lib = Files.list(Path.of(System.getProperty("lab.spark.lib")))) {
            all.addAll(spark.sorted().toList());
            all.addAll(lib.filter(p -> SHARED_WITH_SPARK.matcher(p.getFileName().toString()).matches()).sorted().toList());
        }
        return all;
    }

    /** A SPARK_HOME as a distribution lays it out: jars/ holds {@link #sparkJars}. */
    private Path sparkHome() throws IOException {
        Path jars = Files.createDirectories(dir.resolve("spark-home/jars"));
        for (Path jar : sparkJars()) {
            Files.createSymbolicLink(jars.resolve(jar.getFileName()), jar.toAbsolutePath());
        }
        return jars.getParent();
    }

    /** The executor JVMs running now: the worker's children that run Spark's executor backend. */
    List<ProcessHandle> executors() {
        return worker.descendants().filter(p -> p.info().commandLine().orElse("")
                .contains("org.apache.spark.executor.CoarseGrainedExecutorBackend")).toList();
    }

    private Process launch(String name, Path home, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        command.addAll(Arrays.asList(System.getProperty("lab.spark.jvmFlags").trim().split("\\s+")));
        command.addAll(List.of("-Xmx512m", "-Dspark.master.rest.enabled=false", "-cp", home.resolve("jars") + "/*", main));
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13"); // the worker builds its executors' class path from these
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits (at most a minute) for a line of {@code log} to match; fails with the log if the process dies first. */
    private static Matcher await(Path log, Pattern line, Process p) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.exists(log)) {
                Matcher m = line.matcher(Files.readString(log));
                if (m.find()) {
                    return m;
                }
            }
            if (!p.isAlive()) {
                throw new IllegalStateException(log + ": exited (" + p.exitValue() + ") before '" + line + "':\n"
                        + Files.readString(log));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(log + ": no '" + line + "' within a minute:\n" + Files.readString(log));
    }

    /** Kills every JVM of the cluster, executors first (they would outlive a killed worker). */
    private synchronized void stop() {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : processes) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs (or ran) anyway
        }
    }
}
