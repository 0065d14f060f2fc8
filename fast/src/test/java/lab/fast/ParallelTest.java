package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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

    /** A worker's Error is not an unchecked exception: it comes wrapped, as the cause. */
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

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
