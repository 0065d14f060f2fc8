package lab.compare.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One command per results folder: an operating-system lock on the folder's {@code .lock} file, held from
 * before a command writes there until it ends. Two commands on one folder would both run its missing jobs
 * (the store keeps the numbers right, but every job trains twice), so the second stops at once, naming the
 * first. Not a lock for readers, and not a queue: the second command does not wait.
 *
 * <p>The lock is the OS's ({@link FileChannel#tryLock}), so a process that dies, even by {@code kill -9},
 * lets it go with its file handles: a folder is never left locked. The file's text (the holder's pid, command
 * and start) only names the holder for the message; a file left by a dead process is text with no lock on
 * it, and does not block.
 */
public final class FolderLock implements AutoCloseable {

    /** The lock file's name in a results folder. */
    public static final String NAME = ".lock";

    private static final DateTimeFormatter STARTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    /**
     * The lock files this JVM holds, and their text. On Linux the OS lock belongs to the process, and closing
     * any handle the process has on the file drops it (checked with a child process asking for the lock), so
     * a second taker in the same JVM must not even open the file: it is refused from here instead. One
     * command runs per JVM but for tests, which run many.
     */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private FolderLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes {@code dir} (creating it if needed) for the command the user typed, {@code command} (say
     * {@code ./lab run --quick}); throws an {@link IllegalArgumentException}, one line naming the folder and
     * the command that holds it, if another command holds it.
     */
    public static FolderLock take(Path dir, String command) {
        Path file;
        try {
            Files.createDirectories(dir);
            file = dir.toRealPath().resolve(NAME); // one key per folder, whatever path names it
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        String holder = String.format("pid %d, '%s', started %s", ProcessHandle.current().pid(), command,
                LocalDateTime.now().format(STARTED));
        String before = HELD.putIfAbsent(file, holder);
        if (before != null) {
            throw inUse(dir, before);
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) { // held in this JVM by a channel not taken here
                lock = null;
            }
            if (lock == null) {
                throw inUse(dir, text(channel));
            }
            byte[] bytes = (holder + "\n").getBytes(StandardCharsets.UTF_8);
            channel.truncate(0); // a dead holder's longer line must not show past this one
            channel.write(ByteBuffer.wrap(bytes), 0);
            channel.force(false);
            return new FolderLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            closeQuietly(channel);
            if (e instanceof IOException io) {
                throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), io);
            }
            throw (RuntimeException) e;
        }
    }

    /** The one line a second taker gets. */
    private static IllegalArgumentException inUse(Path dir, String holder) {
        return new IllegalArgumentException(dir + " is in use by another lab command: "
                + (holder.isBlank() ? "one that is just starting" : holder)
                + "; wait for it to end, or give another --out");
    }

    /** The holder's line as its file says it (empty while the holder has locked but not yet written). */
    private static String text(FileChannel channel) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(channel.size(), 4096));
        ResultStore.readFully(channel, buf, 0);
        return new String(buf.array(), 0, buf.position(), StandardCharsets.UTF_8).lines().findFirst().orElse("");
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is all that is left to do; the OS drops the lock with the handle
            }
        }
    }

    /**
     * Lets the folder go: empties the file (no holder named), then releases the lock. The file stays: a
     * taker that opened it just before a delete would lock a file no one else sees.
     */
    @Override
    public void close() {
        try {
            channel.truncate(0);
            lock.release();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unlock " + file + ": " + e.getMessage(), e);
        } finally {
            closeQuietly(channel);
            HELD.remove(file);
        }
    }
}
