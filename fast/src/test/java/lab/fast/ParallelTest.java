package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

/** Parallel.forEachChunk: its chunks, and that it waits for every chunk before it returns or throws. */
class ParallelTest {

    /** min(threads, n) chunks, contiguous and in order, covering [0, n) once, sizes differing by at most 1. */
    @Test
    void theChunksCoverEveryExampleOnceInOrderAndEvenly() {
        for (int threads = 1; threads <= 5; threads++) {
            for (int n = 1; n <= 13; n++) {
                List<int[]> seen = new ArrayList<>();
                Parallel.forEachChunk(threads, n, (c, from, to) -> {
                    synchronized (seen) {
                        seen.add(new int[] {c, from, to});
                    }
                });
                String what = threads + " threads, n " + n;
                seen.sort(Comparator.comparingInt(r -> r[0]));
                assertEquals(Math.min(threads, n), seen.size(), what + ": chunks");
                assertEquals(Parallel.chunks(threads, n), seen.size(), what + ": chunks()");
                int at = 0, min = Integer.MAX_VALUE, max = 0;
                for (int c = 0; c < seen.size(); c++) {
                    int[] r = seen.get(c);
                    assertEquals(c, r[0], what + ": each chunk number once");
                    assertEquals(at, r[1], what + ": chunk " + c + " starts where the last ended");
                    min = Math.min(min, r[2] - r[1]);
                    max = Math.max(max, r[2] - r[1]);
                    at = r[2];
                }
                assertEquals(n, at, what + ": the last chunk ends at n");
                assertTrue(min >= 1 && max - min <= 1, what + ": sizes " + min + ".." + max);
            }
        }
    }

    /** A worker's unchecked exception is the one the caller gets, itself, once the slower worker is done. */
    @Test
    void aWorkersExceptionIsRethrownAsItselfAfterEveryChunkFinished() {
        IllegalArgumentException thrown = new IllegalArgumentException("chunk 1");
        AtomicBoolean slowDone = new AtomicBoolean();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Parallel.forEachChunk(3, 3, (c, from, to) -> {
                    if (c == 1) {
                        throw thrown;
                    }
                    if (c == 2) {
                        sleep(150);
                        slowDone.set(true);
                    }
                }));
        assertSame(thrown, e);
        assertTrue(slowDone.get(), "chunk 2 finished before forEachChunk threw");
    }

    /** Chunk 0 failing (the first claimed, most often by the caller): rethrown too, after chunk 1 finished. */
    @Test
    void theCallersChunkExceptionIsRethrownAfterTheWorkersFinished() {
        IllegalStateException thrown = new IllegalStateException("chunk 0");
        AtomicBoolean workerDone = new AtomicBoolean();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.forEachChunk(2, 4, (c, from, to) -> {
                    if (c == 0) {
                        throw thrown;
                    }
                    sleep(150);
                    workerDone.set(true);
                }));
        assertSame(thrown, e);
        assertTrue(workerDone.get(), "chunk 1 finished before forEachChunk threw");
    }

    /** A worker's Error is not a RuntimeException: it comes wrapped, as the cause. */
    @Test
    void aWorkersErrorComesWrappedInAnIllegalStateException() {
        AssertionError thrown = new AssertionError("chunk 1");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Parallel.forEachChunk(2, 2, (c, from, to) -> {
                    if (c == 1) {
                        throw thrown;
                    }
                }));
        assertSame(thrown, e.getCause());
    }

    /**
     * One chunk (one thread, or a batch of one) rethrows as many chunks do: a RuntimeException as itself, an
     * Error wrapped. (It used to let the Error out bare: a layer's failure changed type with the thread count.)
     */
    @Test
    void oneChunkRethrowsAsManyChunksDo() {
        for (int t = 1; t <= 2; t++) {
            for (int n : new int[] {1, 2}) {
                int threads = t;
                String what = threads + " threads, n " + n;
                IllegalArgumentException unchecked = new IllegalArgumentException(what);
                assertSame(unchecked, assertThrows(IllegalArgumentException.class,
                        () -> Parallel.forEachChunk(threads, n, (c, from, to) -> {
                            throw unchecked;
                        }), what));
                AssertionError error = new AssertionError(what);
                assertSame(error, assertThrows(IllegalStateException.class,
                        () -> Parallel.forEachChunk(threads, n, (c, from, to) -> {
                            throw error;
                        }), what).getCause(), what);
            }
        }
    }

    /** n = 0 (an empty range) is one call, [0, 0), on the caller's thread, whatever the thread count. */
    @Test
    void anEmptyRangeIsOneEmptyChunkOnTheCaller() {
        Thread caller = Thread.currentThread();
        for (int threads = 1; threads <= 3; threads++) {
            List<String> calls = new ArrayList<>();
            Parallel.forEachChunk(threads, 0, (c, from, to) -> calls.add(c + " " + from + " " + to + " "
                    + (Thread.currentThread() == caller)));
            assertEquals(List.of("0 0 0 true"), calls, threads + " threads");
        }
    }

    /** Below MIN_WORK operations one thread; from MIN_WORK on, all of them. */
    @Test
    void threadsForSplitsFromMinWorkOn() {
        assertEquals(1, Parallel.threadsFor(3, 0));
        assertEquals(1, Parallel.threadsFor(3, Parallel.MIN_WORK - 1));
        assertEquals(3, Parallel.threadsFor(3, Parallel.MIN_WORK));
        assertEquals(2, Parallel.threadsFor(2, 1L << 40));
    }

    /**
     * t threads are t at once: the caller and t - 1 workers each run a chunk, all of them inside the chunk at
     * the same moment (a barrier that needs all t), though the workers were parked when the call came (the
     * call wakes them). Every worker is a daemon, so an idle team never keeps the JVM alive.
     */
    @Test
    void aTeamOfTRunsItsTChunksAtOnceEvenFromParked() {
        for (int t = 2; t <= 4; t++) {
            Set<Thread> team = runAtOnce(t); // the workers' first call may start them
            for (Thread w : workersOf(team)) {
                awaitParked(w, 1);
            }
            Set<Thread> again = runAtOnce(t);
            assertEquals(t, again.size(), t + " threads: distinct threads");
            assertTrue(again.contains(Thread.currentThread()), t + " threads: the caller runs one");
            for (Thread w : workersOf(again)) {
                assertTrue(w.isDaemon(), w.getName() + " is a daemon");
            }
        }
    }

    /**
     * A job left waiting in a worker's mailbox does not turn the next one away. Here the worker is busy with
     * another caller's chunk while this thread's call offers it a job and then runs both chunks itself: the
     * offer stays in the mailbox. The next call must still get the worker once it is free (its chunks wait
     * at a barrier for both threads). When the old offer turned the new one away, the worker woke to a
     * finished job and idled, and the barrier broke after 10 s; that was ParallelTest's rare flake.
     */
    @Test
    void aJobLeftWaitingInAMailboxDoesNotTurnTheNextAway() throws InterruptedException {
        runAtOnce(2); // fast-worker-1 exists and is idle
        CountDownLatch inside = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        Thread other = new Thread(() -> Parallel.forEachChunk(2, 2, (c, from, to) -> {
            inside.countDown();
            try {
                release.await(20, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }));
        other.start();
        try {
            assertTrue(inside.await(10, TimeUnit.SECONDS), "the worker runs a chunk of the other caller's job");
            AtomicInteger ran = new AtomicInteger();
            Parallel.forEachChunk(2, 2, (c, from, to) -> ran.incrementAndGet()); // the worker busy: both here
            assertEquals(2, ran.get());
            Thread releaser = new Thread(() -> {
                sleep(200); // the next call's offer is made while the old one still waits
                release.countDown();
            });
            releaser.start();
            assertEquals(2, runAtOnce(2).size(), "the next call gets the worker");
            releaser.join();
        } finally {
            release.countDown();
            other.join();
        }
    }

    /**
     * The team grows to the largest one asked for, one worker per thread past the caller's, and no further:
     * after a call on more threads than ever, the workers are exactly fast-worker-1 .. fast-worker-(t-1),
     * daemons; a smaller call after it starts none.
     */
    @Test
    void theWorkersAreOnePerExtraThreadOfTheLargestTeam() {
        int t = liveWorkers().size() + 3; // more than any call so far: two new workers at least
        assertEquals(t, runAtOnce(t).size());
        List<Thread> workers = liveWorkers();
        List<String> names = new ArrayList<>();
        for (int k = 1; k < t; k++) {
            names.add("fast-worker-" + k);
        }
        assertEquals(names, workers.stream().map(Thread::getName).sorted(Comparator.comparingInt(String::length)
                .thenComparing(Comparator.naturalOrder())).toList());
        assertTrue(workers.stream().allMatch(Thread::isDaemon), "daemons");
        runAtOnce(2);
        assertEquals(t - 1, liveWorkers().size(), "a smaller team after it starts no worker");
    }

    /**
     * A worker whose chunk interrupted it still parks when idle (park() returns at once on an interrupted
     * thread: without the flag cleared it would spin a core forever), and still serves the next call.
     */
    @Test
    void anIdleWorkerParksEvenAfterItsChunkInterruptedIt() {
        Thread caller = Thread.currentThread();
        CyclicBarrier both = new CyclicBarrier(2);
        List<Thread> ran = new ArrayList<>();
        Parallel.forEachChunk(2, 2, (c, from, to) -> {
            await(both);
            synchronized (ran) {
                ran.add(Thread.currentThread());
            }
            if (Thread.currentThread() != caller) {
                Thread.currentThread().interrupt();
            }
        });
        List<Thread> worker = workersOf(new HashSet<>(ran));
        assertEquals(1, worker.size(), "one chunk ran on a worker");
        awaitParked(worker.get(0), 20);
        assertEquals(2, runAtOnce(2).size(), "it serves the next call");
    }

    /**
     * A chunk that interrupts its own thread (a worker's or the caller's) changes nothing for the calls after
     * it: a worker clears the flag before it parks (else park() would return at once, forever, and spin);
     * every later call still runs every chunk once.
     */
    @Test
    void aChunkThatInterruptsItsThreadLeavesTheWorkersServing() {
        try {
            for (int round = 0; round < 20; round++) {
                Parallel.forEachChunk(2, 2, (c, from, to) -> Thread.currentThread().interrupt());
            }
        } finally {
            Thread.interrupted(); // the caller's own chunk set it: not this test's business
        }
        AtomicInteger ran = new AtomicInteger();
        Parallel.forEachChunk(2, 2, (c, from, to) -> ran.incrementAndGet());
        assertEquals(2, ran.get());
    }

    /**
     * Two callers at once (two networks training on two threads) share the workers: a worker busy with one
     * caller's job leaves its chunk of the other's to that caller, and each gets all its chunks, once each.
     */
    @Test
    void twoCallersAtOnceEachGetEveryChunkRunOnce() throws InterruptedException {
        int calls = 200, n = 12;
        AtomicIntegerArray[] counts = {new AtomicIntegerArray(calls * n), new AtomicIntegerArray(calls * n)};
        List<Thread> callers = new ArrayList<>();
        for (int k = 0; k < 2; k++) {
            AtomicIntegerArray count = counts[k];
            callers.add(new Thread(() -> {
                for (int call = 0; call < calls; call++) {
                    int base = call * n;
                    Parallel.forEachChunk(3, n, (c, from, to) -> {
                        for (int i = from; i < to; i++) {
                            count.incrementAndGet(base + i);
                        }
                    });
                }
            }));
        }
        callers.forEach(Thread::start);
        for (Thread t : callers) {
            t.join();
        }
        for (AtomicIntegerArray count : counts) {
            for (int i = 0; i < count.length(); i++) {
                assertEquals(1, count.get(i), "index " + i + " of call " + i / n + " ran once");
            }
        }
    }

    /**
     * forEachChunk(t, t) with every chunk waiting at one barrier for all t: it returns only if t threads ran
     * the t chunks at once (else the barrier breaks after 10 s and the call throws). Returns those threads.
     */
    private static Set<Thread> runAtOnce(int t) {
        CyclicBarrier all = new CyclicBarrier(t);
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        Parallel.forEachChunk(t, t, (c, from, to) -> {
            ran.add(Thread.currentThread());
            await(all);
        });
        return ran;
    }

    private static void await(CyclicBarrier barrier) {
        try {
            barrier.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
            throw new IllegalStateException("not every chunk ran at once", e);
        }
    }

    private static List<Thread> workersOf(Set<Thread> threads) {
        return threads.stream().filter(w -> w != Thread.currentThread()).toList();
    }

    private static List<Thread> liveWorkers() {
        return Thread.getAllStackTraces().keySet().stream().filter(w -> w.getName().startsWith("fast-worker-"))
                .toList();
    }

    /** Waits (5 s at most) until {@code w} is seen parked {@code times} times in a row, 1 ms apart. */
    private static void awaitParked(Thread w, int times) {
        long until = System.nanoTime() + 5_000_000_000L;
        int seen = 0;
        while (seen < times) {
            seen = w.getState() == Thread.State.WAITING ? seen + 1 : 0;
            assertTrue(System.nanoTime() < until, w.getName() + " parks when idle, state " + w.getState());
            sleep(1);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
