package lab.compare.cli;

import java.util.Iterator;
import java.util.Locale;

import lab.compare.run.Engine;
import lab.compare.run.Engines;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * --engine, --workers, --master and --executor-memory, for the commands that run a plan: where its runs go,
 * and how many at once.
 */
final class EngineOption {

    @Option(names = "--engine", paramLabel = "NAME", completionCandidates = Names.class, description = "Where the "
            + "runs go: local (in this JVM, --workers at once) or spark (Apache Spark: embedded with --master "
            + "local[N], or a cluster's --master spark://HOST:7077; ./lab builds it the first time it is named). "
            + "Every engine hands each result back as it ends, to be stored in results.jsonl at once, so progress "
            + "and resuming work the same on any, and a run's numbers are the same on any. Default: local, or "
            + "spark when --master is given.")
    String engine;

    @Option(names = "--workers", paramLabel = "N", description = "Runs at once. Each run trains on one thread "
            + "whatever N is, so its numbers are the same with any N, in any order. Default: one per core, at most "
            + "2 (on 2 cores the default run took 0.55-0.60 of 1 worker's wall time with 2, see BENCHMARKS.md). DL4J runs at once share "
            + "ND4J, whose thread count is one per JVM: ./lab starts it with 1 (OMP_NUM_THREADS, "
            + "OPENBLAS_NUM_THREADS), so each DL4J run computes on its own worker's thread. With --engine spark: "
            + "local[N]'s N, or on a cluster the most cores to take (spark.cores.max).")
    Integer workers;

    @Option(names = "--master", paramLabel = "URL", description = "For --engine spark: local[N] (embedded, N runs "
            + "at once, nothing to install) or spark://HOST:7077 (a standalone cluster running Spark 4.2.0 for Scala "
            + "2.13 on Java 17; data files named by path must be at the same path on every worker). Default: "
            + "local[--workers], or the master spark-submit gives.")
    String master;

    @Option(names = "--executor-memory", paramLabel = "SIZE", description = "For --engine spark on a cluster: the "
            + "heap of each executor JVM (spark.executor.memory, e.g. 2g). Default: Spark's (1g).")
    String executorMemory;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /**
     * The engine's name: as given (in any case, as every other word a flag takes: engines are named in
     * lower case), else spark if a master is given, else local.
     */
    String name() {
        if (engine == null) {
            return master != null ? "spark" : "local";
        }
        String name = engine.trim().toLowerCase(Locale.ROOT);
        if (master != null && name.equals("local")) {
            throw new IllegalArgumentException("--master is for --engine spark; the local engine runs in this JVM");
        }
        return name;
    }

    /** The engine asked for; the caller closes it. */
    Engine create() {
        boolean verbose = command != null && command.commandLine() != null
                && command.commandLine().getParseResult() != null
                && command.commandLine().getParseResult().hasMatchedOption("--verbose");
        return Engines.create(name(), new Engine.Settings(workers, master, executorMemory, verbose));
    }

    /** The engines on the class path, for --help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Engines.available().stream().map(Engine.Provider::name).iterator();
        }
    }
}
