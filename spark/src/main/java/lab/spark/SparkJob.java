package lab.spark;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Runner;
import lab.compare.run.Splits;
import lab.data.DataException;
import lab.reference.Trainer;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.function.Function;

/**
 * One job as a Spark task: a spec's JSON in, its result's JSON out, run by {@link Runner#attempt} in
 * whichever executor Spark chose. It never throws (a job that throws is a failed result, which Spark does
 * not retry); a data file the spec names that is missing on this machine fails the job with one line
 * naming the machine. Not a scheduler, and nothing here is the driver's: see {@link SparkEngine}.
 */
final class SparkJob implements Function<String, String> {

    private static final long serialVersionUID = 1L;

    /**
     * The data sets of each engine's plan, one {@link Splits} per engine and JVM: jobs in one executor share
     * them, and in local mode (executors in the driver's JVM) they are the driver's own ({@link #share}).
     */
    private static final Map<String, Splits> DATA = new ConcurrentHashMap<>();

    private final String engine;

    /** @param engine the engine's id, naming its data sets in every JVM that runs its jobs */
    SparkJob(String engine) {
        this.engine = engine;
    }

    /** In the driver's JVM: jobs of {@code engine} that run here use {@code data} (local mode). */
    static void share(String engine, Splits data) {
        DATA.put(engine, data);
    }

    /** The engine has closed: its data sets are no longer needed in this JVM. */
    static void forget(String engine) {
        DATA.remove(engine);
    }

    @Override
    public String call(String specJson) {
        RunSpec spec = ResultsFile.fromJson(specJson, RunSpec.class);
        long start = System.nanoTime();
        Splits data = DATA.computeIfAbsent(engine, e -> new Splits());
        try {
            if (spec.permutationFile() != null && !Files.isReadable(Path.of(spec.permutationFile()))) {
                throw new DataException(spec.permutationFile() + ": no such readable file");
            }
            data.of(spec);
        } catch (RuntimeException e) {
            // The driver read this file, so it is this worker that lacks it: say which.
            return ResultsFile.toJson(RunResult.failed(spec, new DataException("on " + where() + ": "
                    + e.getMessage() + " (files named by path must be at the same path on every worker)", e),
                    (System.nanoTime() - start) / 1e9));
        }
        return ResultsFile.toJson(Runner.attempt(spec, data, new Trainer.Listener() { }));
    }

    /** "worker host (executor 3)". */
    private static String where() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "an unnamed host";
        }
        SparkEnv env = SparkEnv.get();
        return "worker " + host + (env == null ? "" : " (executor " + env.executorId() + ")");
    }
}
