package lab.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import lab.compare.run.Engine;
import lab.compare.run.Label;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Splits;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerStageCompleted;
import org.apache.spark.scheduler.SparkListenerTaskStart;

/**
 * The engine on Apache Spark: embedded ({@code local[N]}, in this JVM) or on a standalone cluster
 * ({@code spark://host:7077}). Each job is a Spark job of its own, one task that runs {@link SparkJob} on the
 * spec's JSON, submitted at once and asynchronously ({@link JavaFutureAction}): Spark runs them first in,
 * first out on every core it has, and each result comes back to the driver the moment its job ends, to be
 * stored then (one collect() at the end would store nothing until all were done, and a toLocalIterator runs
 * one partition at a time). A job that throws is a failed result, which Spark sees as a success and never
 * retries; a task lost with its executor is run again by Spark (up to spark.task.maxFailures times, then the
 * job is recorded as failed with Spark's reason). What Spark is told is {@link SparkSettings}'s.
 */
public final class SparkEngine implements Engine {

    /** {@code --engine spark}. */
    public static final class Provider implements Engine.Provider {

        @Override
        public String name() {
            return "spark";
        }

        @Override
        public Engine create(Settings settings) {
            return new SparkEngine(settings, Map.of());
        }
    }

    /** The local property that names a job's {@link Pending} in Spark's events. */
    private static final String JOB = "lab.job";

    /** How long a finished job waits for its start to be heard (Spark's events arrive on a thread of their own). */
    private static final long START_EVENT_WAIT_MS = 2000;

    private final String id = UUID.randomUUID().toString();
    private final SparkSettings settings;
    private final JavaSparkContext sc;
    private final int workers;
    private final AtomicLong submitted = new AtomicLong();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>(); // by JOB
    private final Map<Integer, String> stageJob = new ConcurrentHashMap<>(); // stage id -> JOB

    /**
     * Starts Spark (about 6 s embedded here) and, on a cluster, waits until an executor has joined.
     * {@code extra} is Spark configuration set before anything else is (tests name their jars with it).
     */
    SparkEngine(Settings settings, Map<String, String> extra) {
        this.settings = SparkSettings.of(settings, extra);
        this.sc = new JavaSparkContext(this.settings.conf());
        try {
            sc.sc().addSparkListener(new Starts());
            this.workers = this.settings.local() ? this.settings.localThreads() : clusterSlots(settings.workers());
        } catch (RuntimeException e) {
            sc.stop();
            throw e;
        }
    }

    /** Where the jobs go: {@code local[2]}, {@code spark://host:7077}. */
    public String master() {
        return settings.master();
    }

    @Override
    public int workers() {
        return workers;
    }

    @Override
    public void run(List<RunSpec> jobs, Splits data, Listener listener) {
        SparkJob.share(id, data);
        SparkJob task = new SparkJob(id);
        List<Pending> mine = new ArrayList<>();
        for (RunSpec spec : jobs) {
            String key = id + "/" + submitted.incrementAndGet();
            Pending p = new Pending(key, spec, listener);
            pending.put(key, p);
            sc.setLocalProperty(JOB, key);
            sc.setLocalProperty("spark.job.description", Label.RUN.of(spec)); // as the terminal names it
            p.future = sc.parallelize(List.of(ResultsFile.toJson(spec)), 1).map(task).collectAsync();
            mine.add(p);
        }
        sc.setLocalProperty(JOB, null);
        sc.setLocalProperty("spark.job.description", null);
        RuntimeException broken = null;
        boolean interrupted = false;
        while (!mine.isEmpty()) {
            boolean any = false;
            for (Iterator<Pending> it = mine.iterator(); it.hasNext(); ) {
                Pending p = it.next();
                if (!p.future.isDone()) {
                    continue;
                }
                it.remove();
                pending.remove(p.key);
                any = true;
                RunResult r = p.result();
                if (r == null || broken != null) {
                    continue; // cancelled: the driver stopped handing out jobs
                }
                try {
                    p.awaitStart();
                    listener.finished(r);
                } catch (RuntimeException | Error e) { // the driver's own fault (the store cannot write): stop
                    broken = e instanceof RuntimeException re ? re : new IllegalStateException(e);
                    mine.forEach(q -> q.future.cancel(true));
                }
            }
            if (!any) {
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    interrupted = true; // stop: no new job starts, the running ones are killed
                    mine.forEach(q -> q.future.cancel(true));
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (broken != null) {
            throw broken;
        }
    }

    @Override
    public void close() {
        SparkJob.forget(id);
        sc.stop();
    }

    /**
     * Task slots on the cluster, once an executor has joined: its cores (Spark's default parallelism), at most
     * {@code cap}. The time left is shared out over this many; cores that join later are used all the same.
     */
    private int clusterSlots(Integer cap) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.executorWaitSeconds());
        while (sc.statusTracker().getExecutorInfos().length < 2) { // the driver's own is listed too
            if (System.nanoTime() > deadline) {
                throw new IllegalArgumentException("no Spark executor joined " + settings.master() + " within "
                        + settings.executorWaitSeconds() + " s: is a worker of that master running, with free cores "
                        + "and the memory asked for (--executor-memory, default 1g), and does it run Spark "
                        + SparkSettings.SPARK_VERSION + "?");
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a Spark executor", e);
            }
        }
        int slots = sc.defaultParallelism();
        return cap == null ? slots : Math.min(cap, slots);
    }

    /** One submitted job: its spec, whom to tell, its future, and whether its start was heard. */
    private static final class Pending {
        final String key;
        final RunSpec spec;
        final Listener listener;
        final long submittedNanos = System.nanoTime();
        final CountDownLatch started = new CountDownLatch(1);
        volatile JavaFutureAction<List<String>> future;

        Pending(String key, RunSpec spec, Listener listener) {
            this.key = key;
            this.spec = spec;
            this.listener = listener;
        }

        /** Tells the listener the job started, once (a retried task starts again). */
        synchronized void start() {
            if (started.getCount() > 0) {
                listener.started(spec);
                started.countDown();
            }
        }

        /** Waits for the start event (it may trail the job's end); tells of the start itself if it never came. */
        void awaitStart() {
            try {
                if (!started.await(START_EVENT_WAIT_MS, TimeUnit.MILLISECONDS)) {
                    start();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                start();
            }
        }

        /** The finished job's result; a job Spark gave up on is a failed result with Spark's reason; null if cancelled. */
        RunResult result() {
            try {
                return ResultsFile.fromJson(future.get().get(0), RunResult.class);
            } catch (CancellationException e) {
                return null;
            } catch (ExecutionException e) {
                return RunResult.failed(spec, e.getCause() == null ? e : e.getCause(),
                        (System.nanoTime() - submittedNanos) / 1e9);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
    }

    /** Hears when each job's task starts (on Spark's event thread) and tells that job's listener. */
    private final class Starts extends SparkListener {

        @Override
        public void onJobStart(SparkListenerJobStart job) {
            String key = job.properties() == null ? null : job.properties().getProperty(JOB);
            if (key != null) {
                scala.jdk.javaapi.CollectionConverters.asJava(job.stageIds())
                        .forEach(stage -> stageJob.put((Integer) stage, key));
            }
        }

        @Override
        public void onTaskStart(SparkListenerTaskStart task) {
            String key = stageJob.get(task.stageId());
            Pending p = key == null ? null : pending.get(key);
            if (p != null) {
                try {
                    p.start();
                } catch (RuntimeException e) {
                    p.started.countDown(); // a listener that cannot take a start still gets the result
                }
            }
        }

        @Override
        public void onStageCompleted(SparkListenerStageCompleted stage) {
            stageJob.remove(stage.stageInfo().stageId());
        }
    }
}
