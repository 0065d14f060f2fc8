package lab.compare.cli;

import java.util.Iterator;

import lab.compare.run.Engine;
import lab.compare.run.Engines;
import picocli.CommandLine.Option;

/** --engine and --workers, for the commands that run a plan: where its runs go, and how many at once. */
final class EngineOption {

    @Option(names = "--engine", paramLabel = "NAME", completionCandidates = Names.class, description = "Where the "
            + "runs go: ${COMPLETION-CANDIDATES}. local runs them in this JVM, --workers at once. Every engine hands "
            + "each result back as it ends, to be stored in results.jsonl at once, so progress and resuming work "
            + "the same on any. Default: local.")
    String engine = "local";

    @Option(names = "--workers", paramLabel = "N", description = "Runs at once. Each run trains on one thread "
            + "whatever N is, so its numbers are the same with any N, in any order. Default: one per core, at most "
            + "2 (on 2 cores the default run took 0.55-0.60 of 1 worker's wall time with 2, see BENCHMARKS.md). DL4J runs at once share "
            + "ND4J, whose thread count is one per JVM: ./lab starts it with 1 (OMP_NUM_THREADS, "
            + "OPENBLAS_NUM_THREADS), so each DL4J run computes on its own worker's thread.")
    Integer workers;

    /** The engine asked for; the caller closes it. */
    Engine create() {
        return Engines.create(engine, new Engine.Settings(workers));
    }

    /** The engines on the class path, for --help. */
    static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Engines.available().stream().map(Engine.Provider::name).iterator();
        }
    }
}
