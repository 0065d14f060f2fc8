package lab.spark;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.compare.run.Engine;
import lab.compare.run.LocalEngine;
import org.apache.spark.SparkConf;

/**
 * What the spark engine tells Spark, from the command line's {@link Engine.Settings}: where (the master),
 * and how each job must run to compute what it computes on the local engine: one task per core
 * ({@code spark.task.cpus=1}) and ND4J on one thread in every executor ({@code OMP_NUM_THREADS} and
 * {@code OPENBLAS_NUM_THREADS} set to 1 in the executors' environment: ND4J reads them once, when it loads).
 * Anything set before, by {@code spark-submit --conf} or {@code -Dspark.*}, wins over these defaults; the
 * master given on the command line wins over spark-submit's.
 */
final class SparkSettings {

    /** The Spark this module is built against: a cluster must run the same, for Scala 2.13, on Java 17. */
    static final String SPARK_VERSION = org.apache.spark.package$.MODULE$.SPARK_VERSION();

    private static final Pattern LOCAL = Pattern.compile("local(?:\\[(\\*|[1-9][0-9]*)(?:,\\s*[1-9][0-9]*)?])?");
    private static final Pattern CLUSTER = Pattern.compile("spark://[^\\s/]+(:[0-9]+)?(,[^\\s/]+(:[0-9]+)?)*");
    private static final Pattern LOOPBACK = Pattern.compile("spark://(127\\.[0-9.]+|localhost)(:[0-9]+)?");

    private final String master;
    private final SparkConf conf;
    private final int localThreads;

    private SparkSettings(String master, SparkConf conf, int localThreads) {
        this.master = master;
        this.conf = conf;
        this.localThreads = localThreads;
    }

    /**
     * The settings for {@code s}, over Spark's own configuration (the {@code spark.*} system properties
     * spark-submit sets) and then {@code extra}. The master: the command line's; else spark-submit's; else
     * {@code local[workers]}, with the local engine's default number of workers.
     */
    static SparkSettings of(Engine.Settings s, Map<String, String> extra) {
        SparkConf conf = new SparkConf(); // loads spark.* system properties: spark-submit's, or -D
        extra.forEach(conf::set);
        String master = s.master() != null ? s.master().trim()
                : conf.contains("spark.master") ? conf.get("spark.master")
                : "local[" + (s.workers() != null ? s.workers() : LocalEngine.defaultWorkers()) + "]";
        Matcher local = LOCAL.matcher(master);
        boolean isLocal = local.matches();
        if (s.master() != null && !isLocal && !CLUSTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--master takes local[N] (Spark in this JVM, N runs at once) or "
                    + "spark://HOST:PORT (a standalone cluster's master, port 7077 unless changed); got '" + master + "'");
        }
        int threads = 0;
        if (isLocal) {
            threads = local.group(1) == null ? 1 : local.group(1).equals("*")
                    ? Runtime.getRuntime().availableProcessors() : Integer.parseInt(local.group(1));
            if (s.workers() != null && s.workers() != threads) {
                throw new IllegalArgumentException("--workers " + s.workers() + " and --master " + master
                        + " disagree: local[N] runs N at once; give one of them");
            }
        }
        if (!isLocal && conf.get("spark.jars", "").isBlank()) {
            throw new IllegalArgumentException("a cluster's executors need the application's jars (spark.jars): "
                    + "start it with ./lab, which names them, or submit spark/target/*-submit.jar with spark-submit");
        }
        conf.setMaster(master);
        conf.setIfMissing("spark.app.name", "inductive-bias-lab");
        conf.setIfMissing("spark.ui.enabled", "false");
        // Each job trains on one thread, as on the local engine: one task per core, ND4J on one thread per JVM.
        conf.setIfMissing("spark.task.cpus", "1");
        conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", "1");
        conf.setIfMissing("spark.executorEnv.OPENBLAS_NUM_THREADS", "1");
        // The reference's fast path on the Vector API in a cluster's executors too, as ./lab runs it: without
        // the module they run its scalar kernels, the same numbers (the float path's at plain-loop speed).
        conf.setIfMissing("spark.executor.extraJavaOptions", "--add-modules=jdk.incubator.vector");
        // A job that throws is a result (failed), not a task failure; what fails a task is the infrastructure
        // (a lost executor): Spark tries such a task this many times in all, then the job is recorded failed.
        conf.setIfMissing("spark.task.maxFailures", "4");
        if (isLocal || LOOPBACK.matcher(master).matches()) {
            // A cluster on this machine, or none: stay on the loopback address rather than the host's own.
            conf.setIfMissing("spark.driver.host", "127.0.0.1");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
        }
        if (s.executorMemory() != null) {
            conf.set("spark.executor.memory", s.executorMemory());
        }
        if (!isLocal && s.workers() != null) {
            conf.set("spark.cores.max", Integer.toString(s.workers()));
        }
        if (!s.verbose()) {
            conf.setIfMissing("spark.log.level", "WARN"); // under spark-submit (log4j2); ./lab's own logger is quiet anyway
        }
        return new SparkSettings(master, conf, threads);
    }

    String master() {
        return master;
    }

    SparkConf conf() {
        return conf;
    }

    /** Spark in this JVM: no cluster to wait for. */
    boolean local() {
        return localThreads > 0;
    }

    /** local[N]'s N. */
    int localThreads() {
        return localThreads;
    }

    /** How long a cluster has for its first executor to join before the command gives up, saying why. */
    int executorWaitSeconds() {
        return 60;
    }
}
