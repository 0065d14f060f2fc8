package lab.compare.speed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fresh JVM's first training step, and its memory after a few: {@code java -cp ... lab.compare.speed.FirstStep
 * WAY MODEL} builds one {@link Ways} network, takes one step and prints {@code first-step} at once (the
 * parent times it from the moment it started the JVM: loading classes, and for DL4J its native libraries,
 * is what a user waits for); then takes {@value #MORE} more steps, collects the garbage and prints
 * {@code memory HEAP OFFHEAP RSS} in bytes (OFFHEAP: the native memory ND4J counts as its own, -1 where
 * ND4J never loaded; RSS: the process's resident memory, -1 where /proc is missing). Not a benchmark: one step
 * is no speed.
 */
public final class FirstStep {

    /** Steps after the first, before memory is read: long enough for every buffer a step needs to exist. */
    static final int MORE = 10;

    private FirstStep() {
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: FirstStep WAY MODEL");
            System.exit(2);
        }
        Ways.Step step = Ways.start(args[0], args[1]);
        step.step();
        System.out.println("first-step");
        System.out.flush();
        for (int k = 0; k < MORE; k++) {
            step.step();
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heap = rt.totalMemory() - rt.freeMemory();
        // ND4J's own count of its native memory (its workspaces, where a training step's arrays live; device 0
        // is the CPU). JavaCPP's Pointer.totalBytes() sees almost none of it: ND4J allocates in libnd4j.
        long offHeap = Ways.dl4j(args[0]) ? org.nd4j.linalg.factory.Nd4j.getMemoryManager().allocatedMemory(0) : -1;
        System.out.println("memory " + heap + " " + offHeap + " " + rss());
        System.out.flush();
    }

    /** The resident set of this process in bytes, from /proc/self/status (Linux); -1 elsewhere. */
    static long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }
}
