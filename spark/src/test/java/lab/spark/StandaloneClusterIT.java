package lab.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import lab.compare.run.Engine;
import lab.compare.run.Experiment;
import lab.compare.run.LocalEngine;
import lab.compare.run.Loops;
import lab.compare.run.ResultStore;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Splits;
import lab.compare.run.Stack;
import lab.compare.study.Block;
import lab.compare.study.Control;
import lab.compare.study.Studies;
import lab.reference.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark engine on a real standalone cluster: a master and a 2-core worker in JVMs of their own on
 * 127.0.0.1 ({@link StandaloneCluster}), the application sent to the executors as spark.jars. A plan gives
 * the local engine's numbers to the last digit on both stacks; an executor killed mid-plan (SIGKILL) loses
 * nothing, Spark runs its jobs again and every run is stored once; a data folder a worker does not have
 * fails its run with one line that names the worker.
 */
class StandaloneClusterIT {

    @TempDir
    static Path dir;

    private static StandaloneCluster cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = StandaloneCluster.start(dir.resolve("cluster"), 2);
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aPlanOnTheClusterGivesTheLocalEnginesNumbersToTheLastDigitOnBothStacks() throws Exception {
        // mlp and cnn, standard and permuted, reference and dl4j, one seed, 2 epochs of digits8: 8 runs.
        Experiment.Plan plan = new Experiment.Plan("cluster", Studies.CONTROL.plan(new Control.Settings(
                List.of(Block.adam("digits8", List.of("mlp", "cnn"), 2)), List.of(Stack.REFERENCE, Stack.DL4J),
                1, Loops.FAST)));
        List<RunResult> local = run(plan, new LocalEngine(2), dir.resolve("local"));
        List<RunResult> spark;
        try (SparkEngine engine = onCluster()) {
            assertEquals(2, engine.workers(), "the worker's 2 cores");
            spark = run(plan, engine, dir.resolve("spark"));
            ProcessHandle executor = cluster.executors().get(0);
            Path environ = Path.of("/proc", Long.toString(executor.pid()), "environ");
            if (Files.isReadable(environ)) { // Linux: what the executor's ND4J was sized by
                String env = Files.readString(environ);
                assertTrue(env.contains("OMP_NUM_THREADS=1\0") && env.contains("OPENBLAS_NUM_THREADS=1\0"),
                        "ND4J in each executor on one thread, as in ./lab");
            }
            String command = executor.info().commandLine().orElseThrow();
            assertTrue(command.contains("--add-modules=jdk.incubator.vector"),
                    "the executors run the fast path on the Vector API, as ./lab does: " + command);
        }
        assertEquals(8, spark.size());
        assertSameNumbers(local, spark);
    }

    @Test
    void anExecutorKilledMidPlanLosesNothingAndEveryRunIsStoredOnce() throws Exception {
        List<RunSpec> jobs = new ArrayList<>();
        for (long seed = 0; seed < 6; seed++) {
            for (Long permute : new Long[] {null, seed}) {
                jobs.add(Block.adam("digits8", List.of("cnn"), 6).spec().study(lab.compare.run.Study.CONTROL)
                        .stack(Stack.REFERENCE).kernels(Loops.FAST).arch("cnn").seed(seed).permuteSeed(permute).build());
            }
        }
        Experiment.Plan plan = new Experiment.Plan("killed", jobs);
        Path results = dir.resolve("killed/results.jsonl");
        List<Long> killed = new ArrayList<>();
        try (SparkEngine engine = onCluster()) {
            ResultStore store = ResultStore.open(results, w -> { throw new AssertionError(w); });
            AtomicReference<Instant> firstStored = new AtomicReference<>();
            CompletableFuture<Experiment.Outcome> running = CompletableFuture.supplyAsync(
                    () -> Experiment.run(plan, store, engine, new Quiet() {
                        @Override
                        public void finished(RunResult result, Experiment.Tally tally) {
                            firstStored.compareAndSet(null, Instant.now());
                        }
                    }));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(results) && Files.readAllLines(results).size() >= 1) && !running.isDone()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            int storedAtKill = Files.readAllLines(results).size();
            for (ProcessHandle executor : cluster.executors()) {
                killed.add(executor.pid());
                executor.destroyForcibly(); // SIGKILL: the tasks running there are lost with it
            }
            assertFalse(killed.isEmpty(), "an executor was running the plan");
            assertTrue(storedAtKill >= 1 && storedAtKill < jobs.size(), "killed mid-plan: " + storedAtKill
                    + " of " + jobs.size() + " stored");
            Experiment.Outcome outcome = running.get(180, TimeUnit.SECONDS);
            assertEquals(0, outcome.failed(), "Spark ran the lost jobs again on a new executor");
            assertTrue(cluster.executors().stream().noneMatch(p -> killed.contains(p.pid())), "a new executor took over");
            Instant lastEnded = store.results(List.of()).stream().map(r -> Instant.parse(r.finished()))
                    .max(Instant::compareTo).orElseThrow();
            assertTrue(firstStored.get().plusSeconds(1).isBefore(lastEnded), "each result is stored as its job ends, "
                    + "not all at the end: the first at " + firstStored.get() + ", the last job ended at " + lastEnded);
        }
        List<String> lines = Files.readAllLines(results);
        Map<RunSpec, Integer> perSpec = new HashMap<>();
        for (String line : lines) {
            RunResult r = ResultsFile.fromJson(line, RunResult.class);
            assertEquals(RunResult.Status.OK, r.status(), line);
            perSpec.merge(r.spec(), 1, Integer::sum);
        }
        assertEquals(jobs.size(), lines.size(), "one line per run");
        assertEquals(java.util.Set.copyOf(jobs), perSpec.keySet(), "every planned run, once");
        assertSameNumbers(run(plan, new LocalEngine(2), dir.resolve("killed-local")),
                ResultStore.open(results, w -> { }).results(plan.jobs()));
    }

    @Test
    void aDataFolderMissingOnAWorkerFailsItsRunWithOneLineNamingTheWorker() throws Exception {
        // A relative path: the driver finds it in its own folder, each executor looks in its own work folder.
        Path relative = Path.of("target", "it-idx-" + ProcessHandle.current().pid());
        writeIdx(relative);
        RunSpec spec = RunSpec.builder().data("idx:" + relative).arch("mlp").epochs(1).build();
        assertEquals(20, new Splits().of(spec).train().size(), "the driver reads it");
        List<RunResult> results = new CopyOnWriteArrayList<>();
        try (SparkEngine engine = onCluster()) {
            engine.run(List.of(spec), new Splits(), new Engine.Listener() {
                @Override
                public Trainer.Listener started(RunSpec s) {
                    return new Trainer.Listener() { };
                }

                @Override
                public void finished(RunResult r) {
                    results.add(r);
                }
            });
        }
        assertEquals(1, results.size());
        RunResult r = results.get(0);
        assertEquals(RunResult.Status.FAILED, r.status());
        assertTrue(r.error().matches("lab\\.data\\.DataException: on worker \\S+ \\(executor \\d+\\): "
                + java.util.regex.Pattern.quote(relative.toString()) + ": not a directory .*\\(files named by path "
                + "must be at the same path on every worker\\)"), r.error());
        assertFalse(r.error().contains("\n"), "one line");
    }

    /** The engine on the test cluster, sent the application as a user's ./lab sends it. */
    private static SparkEngine onCluster() throws IOException {
        return new SparkEngine(new Engine.Settings(null, cluster.master(), "1g", false),
                Map.of("spark.jars", StandaloneCluster.applicationJars()));
    }

    private static List<RunResult> run(Experiment.Plan plan, Engine engine, Path folder) {
        ResultStore store = ResultStore.open(folder.resolve("results.jsonl"), w -> { throw new AssertionError(w); });
        Experiment.Outcome outcome = Experiment.run(plan, store, engine, new Quiet());
        assertEquals(0, outcome.failed());
        return store.results(plan.jobs());
    }

    /** The same runs with the same numbers, to the last digit: accuracy, losses by epoch, confusion, weights. */
    static void assertSameNumbers(List<RunResult> expected, List<RunResult> actual) {
        assertEquals(expected.stream().map(RunResult::spec).toList(), actual.stream().map(RunResult::spec).toList());
        for (int i = 0; i < expected.size(); i++) {
            RunResult x = expected.get(i);
            RunResult y = actual.get(i);
            String what = x.spec().arch() + " " + x.spec().stack() + (x.spec().permuted() ? " permuted" : " standard")
                    + " seed " + x.spec().seed();
            assertEquals(RunResult.Status.OK, y.status(), what + ": " + y.error());
            assertEquals(x.testAccuracy(), y.testAccuracy(), what); // exactly: no tolerance
            assertEquals(x.finalTrainLoss(), y.finalTrainLoss(), what);
            assertEquals(x.history().stream().map(RunResult.Epoch::loss).toList(),
                    y.history().stream().map(RunResult.Epoch::loss).toList(), what);
            assertArrayEquals(x.confusion(), y.confusion(), what);
            assertArrayEquals(x.firstLayerWeights(), y.firstLayerWeights(), what);
        }
    }

    /** 20 training and 10 test images of 28x28 in IDX files (MNIST's format), in {@code folder}. */
    private static void writeIdx(Path folder) throws IOException {
        Files.createDirectories(folder);
        for (String[] set : new String[][] {{"train", "20"}, {"t10k", "10"}}) {
            int n = Integer.parseInt(set[1]);
            try (DataOutputStream images = new DataOutputStream(Files.newOutputStream(
                    folder.resolve(set[0] + "-images-idx3-ubyte")));
                 DataOutputStream labels = new DataOutputStream(Files.newOutputStream(
                         folder.resolve(set[0] + "-labels-idx1-ubyte")))) {
                images.writeInt(0x803);
                images.writeInt(n);
                images.writeInt(28);
                images.writeInt(28);
                labels.writeInt(0x801);
                labels.writeInt(n);
                for (int i = 0; i < n; i++) {
                    for (int p = 0; p < 28 * 28; p++) {
                        images.writeByte((i * 7 + p) % 256);
                    }
                    labels.writeByte(i % 10);
                }
            }
        }
    }

    /** A driver's listener that prints nothing. */
    static class Quiet implements Experiment.Listener {
        @Override
        public void say(String line) {
        }

        @Override
        public Trainer.Listener started(RunSpec spec, Experiment.Tally tally) {
            return new Trainer.Listener() { };
        }

        @Override
        public void finished(RunResult result, Experiment.Tally tally) {
        }
    }
}
