package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import lab.compare.run.FolderLock;
import lab.compare.run.FolderLockHolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command per results folder, with a real second process: while a child JVM holds a folder, every
 * command that writes one stops at once with one line naming the child (its pid and command), and writes
 * nothing; --dry-run, which writes nothing, still runs. Once the child is killed with {@code kill -9}, the
 * folder is free: the OS let the lock go with the process.
 */
class FolderInUseTest {

    @TempDir
    Path dir;

    @Test
    void aFolderHeldByAnotherProcessIsRefusedAtOnceAndFreeAfterThatProcessIsKilled() throws Exception {
        Path held = dir.resolve("held");
        String childCommand = "./lab run --quick --out " + held;
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), FolderLockHolder.class.getName(), held.toString(), childCommand)
                .redirectErrorStream(true).start();
        try {
            BufferedReader said = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            assertEquals("holding", said.readLine(), "the child should hold the folder");
            String holder = held + " is in use by another lab command: pid " + child.pid() + ", '" + childCommand
                    + "', started ";

            LabTest.assertOneLineError(LabTest.lab("run", "--quick", "--out", held.toString()), holder);
            LabTest.assertOneLineError(LabTest.lab("locality", "--quick", "--out", held.toString()), holder);
            LabTest.assertOneLineError(LabTest.lab("sweep", "--arch", "mlp", "--seeds", "1", "--out",
                    held.toString()), holder);
            Path other = Files.createDirectories(dir.resolve("other"));
            Files.createFile(other.resolve("results.jsonl"));
            LabTest.assertOneLineError(LabTest.lab("report", other.toString(), "--out", held.toString()), holder);
            assertEquals(List.of(FolderLock.NAME), names(held), "nothing written beside the child's lock");

            LabTest.Outcome dry = LabTest.lab("sweep", "--arch", "mlp", "--seeds", "1", "--epochs", "1", "--dry-run",
                    "--out", held.toString());
            assertEquals(0, dry.code(), dry.err());
            assertTrue(dry.err().contains("dry run: nothing run, nothing stored"), dry.err());
            assertEquals(List.of(FolderLock.NAME), names(held), "a dry run writes nothing there either");
            assertTrue(Files.readString(held.resolve(FolderLock.NAME)).startsWith("pid " + child.pid() + ", "),
                    "the child still named as the holder");

            child.destroyForcibly(); // SIGKILL: no shutdown hook, no close; only the OS lets the lock go
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            try (FolderLock mine = FolderLock.take(held, "./lab run --quick --out " + held)) {
                assertTrue(Files.readString(held.resolve(FolderLock.NAME)).startsWith("pid "
                        + ProcessHandle.current().pid() + ", "));
            }
        } finally {
            child.destroyForcibly();
        }
    }

    @Test
    void aCommandRefusedInThisJvmLeavesTheFolderLockedForOtherProcesses() throws Exception {
        Path held = dir.resolve("mine");
        try (FolderLock mine = FolderLock.take(held, "./lab sweep --out " + held)) {
            // A second taker here must not drop this JVM's OS lock (on Linux, closing any handle on the file does).
            LabTest.assertOneLineError(LabTest.lab("run", "--quick", "--out", held.toString()), held + " is in use "
                    + "by another lab command: pid " + ProcessHandle.current().pid() + ", './lab sweep --out ");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classPath(), FolderLockHolder.class.getName(), held.toString(), "./lab run")
                    .redirectErrorStream(true).start();
            try { // its first line: "holding", or the exception that refused it
                String said = new BufferedReader(new InputStreamReader(child.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                assertTrue(said != null && said.contains(held + " is in use by another lab command: pid "
                        + ProcessHandle.current().pid()), "the child should be refused: " + said);
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** A folder's file names, sorted. */
    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).sorted().toList();
        }
    }

    /** The test's own class path (Surefire puts the whole of it in this property; else java.class.path). */
    private static String classPath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (cp == null || cp.isBlank()) {
            throw new IOException("no class path to start a child JVM with");
        }
        return cp;
    }
}
