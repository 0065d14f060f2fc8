package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One command per results folder, within one JVM: the second taker's one line names the first, a lock file
 * a dead command left does not block, and a folder let go can be taken again. Across processes (and
 * {@code kill -9}): {@code lab.compare.cli.FolderInUseTest}.
 */
class FolderLockTest {

    @TempDir
    Path dir;

    @Test
    void aSecondTakerIsRefusedWithOneLineNamingTheFolderAndTheFirstHolder() {
        Path folder = dir.resolve("results/quick"); // not there yet: taking it makes it
        try (FolderLock first = FolderLock.take(folder, "./lab run --quick --out " + folder)) {
            assertTrue(Files.isDirectory(folder));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FolderLock.take(folder, "./lab sweep --out " + folder));
            assertTrue(e.getMessage().matches(java.util.regex.Pattern.quote(folder + " is in use by another lab "
                    + "command: pid " + ProcessHandle.current().pid() + ", './lab run --quick --out " + folder
                    + "', started ") + "\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d; wait for it to end, or give "
                    + "another --out"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
        }
        try (FolderLock again = FolderLock.take(folder, "./lab sweep --out " + folder)) {
            // let go on close: taken again at once
        }
    }

    @Test
    void theLockFileNamesItsHolderWhileHeldAndNoOneAfter() throws IOException {
        Path file = dir.resolve(FolderLock.NAME);
        try (FolderLock held = FolderLock.take(dir, "./lab run --quick")) {
            assertTrue(Files.readString(file).startsWith("pid " + ProcessHandle.current().pid()
                    + ", './lab run --quick', started "), Files.readString(file));
        }
        assertEquals("", Files.readString(file), "a folder let go names no holder");
    }

    @Test
    void aLockFileWithTextButNoHolderDoesNotBlock() throws IOException {
        Path file = dir.resolve(FolderLock.NAME); // what a command killed with kill -9 leaves: text, no OS lock
        Files.writeString(file, "pid 999999, './lab run --full --out results/full, with a long tail', started "
                + "2026-01-01 00:00:00\n");
        try (FolderLock taken = FolderLock.take(dir, "./lab run")) {
            String text = Files.readString(file);
            assertTrue(text.startsWith("pid " + ProcessHandle.current().pid() + ", './lab run', started "), text);
            assertEquals(1, text.lines().count(), "the dead holder's longer line is gone: " + text);
        }
    }
}
