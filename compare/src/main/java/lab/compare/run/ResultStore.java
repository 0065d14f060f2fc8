package lab.compare.run;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one owner of a results.jsonl: a plan's results, one JSON line each, appended as each job ends and
 * forced to disk, so a crash loses nothing already stored. Nothing else opens the file. What it promises:
 * <ul>
 * <li>A torn tail (bytes after the last newline: a kill or a full disk during a write) is moved aside on
 * opening, to a sibling file a warning names, and the file is cut back to its last whole line, so nothing
 * is ever appended onto it. A whole line that is not a result is named by its number in a warning, left
 * in place and not read.</li>
 * <li>One result per spec, by one rule: a spec's result is its first line whose status is ok or diverged
 * (what the spec computes, the same every time: {@link RunResult#settled}); a failed line (the job threw)
 * stands for the spec only while it has no such line, the latest one if several. So a finished job never
 * runs again and a failed one runs again on the next resume.</li>
 * <li>One order, whatever order the lines arrived in: the plan's, then the specs no plan names, sorted by
 * {@link #ORDER}; a report from the same lines is the same to the byte.</li>
 * <li>Small lines: a result keeps only the first-layer weights a report draws ({@link RunResult#slim}).
 * Lines written before, with a dense layer's weights (2 MB at 28x28), read one at a time and slimmed.</li>
 * </ul>
 * Not a database: one writer at a time, which the commands keep by taking the folder's {@link FolderLock}
 * before they open it.
 */
public final class ResultStore {

    /**
     * The settings in the order {@link #ORDER} compares them after the study, the seed aside. Frozen, not the
     * record's order: {@link Shard} cuts a plan's slices in this order, so a sharded sweep started before a
     * change must resume with the same slices. A setting added to RunSpec later sorts after these, before the
     * seed, without an edit here ({@link #order}).
     */
    private static final List<String> SETTINGS = List.of("data", "arch", "stack", "dtype", "kernels", "threads",
            "sharedInit", "optimizer", "lr", "momentum", "epochs", "batch", "init", "trainSize", "maxShift",
            "scramble", "permuteSeed", "permutationFile", "testFraction", "splitSeed");

    /**
     * The order of results no plan names, and of a plan's shards (and the tie-break of everything): study,
     * data set, model, stack, the other settings ({@link #SETTINGS}, then any added since), the seed last;
     * numbers as numbers and null (unset) first. Read off the record's components by name, so a new setting
     * sorts without an edit here.
     */
    public static final Comparator<RunSpec> ORDER = order();

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");

    private final Path file;
    private final Map<RunSpec, RunResult> bySpec = new HashMap<>();

    private ResultStore(Path file) {
        this.file = file;
    }

    /**
     * The store of {@code file} (empty if there is none yet): repairs a torn tail and reads every line, with
     * a warning line to {@code warnings} for each thing set aside or left unread.
     */
    public static ResultStore open(Path file, Consumer<String> warnings) {
        if (Files.exists(file)) {
            try {
                repairTail(file, warnings);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return read(file, warnings);
    }

    /**
     * The store of {@code file} as it is, for a command that writes nothing there (--dry-run): every whole
     * line read, a torn tail left in place and not read (the command writing the folder may be mid-line).
     */
    public static ResultStore read(Path file, Consumer<String> warnings) {
        ResultStore store = new ResultStore(file);
        if (!Files.exists(file)) {
            return store;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                BufferedReader in = new BufferedReader(Channels.newReader(ch, StandardCharsets.UTF_8))) {
            long size = ch.size();
            boolean torn = lastLineEnd(ch, size) < size; // positional reads: the reader still starts at 0
            int number = 0;
            for (String line = in.readLine(), next; line != null; line = next) {
                next = in.readLine();
                number++;
                if (next == null && torn) {
                    warnings.accept(String.format("lab: note: line %d of %s is cut short (a write under way, or "
                            + "cut by a crash); not read", number, file));
                    break;
                }
                if (line.isBlank()) {
                    continue;
                }
                RunResult r;
                try {
                    r = ResultsFile.fromJson(line, RunResult.class);
                    if (r == null || r.spec() == null || r.status() == null) { // "null", "{}": JSON, no result
                        throw new IllegalArgumentException("no spec or no status");
                    }
                } catch (RuntimeException bad) { // UncheckedIOException, or a setting a spec refuses
                    warnings.accept(String.format("lab: warning: line %d of %s is not a result (%s); left in "
                            + "place and not read", number, file, firstLine(bad.getMessage())));
                    continue;
                }
                store.keep(r.slim()); // an old line's 2 MB of weights are garbage as soon as it is read
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return store;
    }

    /** The file this store appends to. */
    public Path file() {
        return file;
    }

    /** Appends a result (slimmed), forced to disk before this returns; one append at a time. */
    public synchronized void append(RunResult result) {
        RunResult slim = result.slim();
        ResultsFile.append(file, slim);
        keep(slim);
    }

    /** Whether {@code spec} has its ok or diverged result here: a plan does not run it again. */
    public synchronized boolean settled(RunSpec spec) {
        RunResult r = bySpec.get(spec);
        return r != null && r.settled();
    }

    /** Whether {@code spec}'s only results here are failed ones. */
    public synchronized boolean failedBefore(RunSpec spec) {
        RunResult r = bySpec.get(spec);
        return r != null && !r.settled();
    }

    /** One result per spec: those {@code planned} names in the plan's order, then the others by {@link #ORDER}. */
    public synchronized List<RunResult> results(List<RunSpec> planned) {
        Map<RunSpec, Integer> position = new HashMap<>();
        for (RunSpec s : planned) {
            position.putIfAbsent(s, position.size());
        }
        List<RunResult> out = new ArrayList<>(bySpec.values());
        out.sort(Comparator.comparing((RunResult r) -> position.getOrDefault(r.spec(), Integer.MAX_VALUE))
                .thenComparing(RunResult::spec, ORDER));
        return out;
    }

    /** {@link #ORDER}: the study by its rank, then {@link #SETTINGS}, then any setting added since, the seed. */
    private static Comparator<RunSpec> order() {
        List<String> names = new ArrayList<>(SETTINGS);
        for (RecordComponent c : RunSpec.class.getRecordComponents()) {
            if (!names.contains(c.getName()) && !List.of("study", "seed").contains(c.getName())) {
                names.add(c.getName());
            }
        }
        names.add("seed");
        Comparator<RunSpec> order = Comparator.comparingInt(s -> s.study().rank());
        for (String name : names) {
            order = order.thenComparing(setting(name));
        }
        return order;
    }

    /**
     * One setting's order: its own (a number's, an enum's declaration order, false before true, a string's),
     * null first. A setting whose type has no order of its own stops the class from loading, naming it.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Comparator<RunSpec> setting(String name) {
        RecordComponent component = Arrays.stream(RunSpec.class.getRecordComponents())
                .filter(c -> c.getName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("RunSpec has no setting " + name));
        if (!Comparable.class.isAssignableFrom(component.getType()) && !component.getType().isPrimitive()) {
            throw new IllegalStateException("RunSpec." + name + " (" + component.getType().getSimpleName() + ") has "
                    + "no order: make it Comparable, or give it one in ResultStore.order()");
        }
        Method accessor = component.getAccessor();
        Function<RunSpec, Comparable> value = s -> {
            try {
                return (Comparable) accessor.invoke(s);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot read RunSpec." + name, e);
            }
        };
        return Comparator.comparing(value, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    /** The rule: a spec's first settled result stands; a failed one only until one exists (the latest failed). */
    private void keep(RunResult r) {
        RunResult before = bySpec.get(r.spec());
        if (before == null || !before.settled()) {
            bySpec.put(r.spec(), r);
        }
    }

    /**
     * If the file does not end in a newline, moves what follows its last newline to {@code <file>.torn-<UTC
     * time>} and cuts the file there, saying so.
     */
    private static void repairTail(Path file, Consumer<String> warnings) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = ch.size();
            long end = lastLineEnd(ch, size);
            if (end == size) {
                return;
            }
            ByteBuffer tail = ByteBuffer.allocate((int) (size - end));
            readFully(ch, tail, end);
            Path aside = aside(file);
            Files.write(aside, tail.array(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
            ch.truncate(end);
            ch.force(true);
            warnings.accept(String.format("lab: warning: %s ended in a torn line (%,d bytes after its last newline: "
                    + "a write cut short); moved it to %s, and that run will run again", file, size - end, aside));
        }
    }

    /** The offset just past the last newline (0 if there is none). */
    private static long lastLineEnd(FileChannel ch, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(8192);
        long pos = size;
        while (pos > 0) {
            int n = (int) Math.min(buf.capacity(), pos);
            pos -= n;
            buf.clear().limit(n);
            readFully(ch, buf, pos);
            for (int i = n - 1; i >= 0; i--) {
                if (buf.get(i) == '\n') {
                    return pos + i + 1;
                }
            }
        }
        return 0;
    }

    /**
     * Fills {@code buf} from the file's offset {@code at} on, or reads to the end of the file: a read may
     * return fewer bytes than asked, or none (a network or FUSE file system), so it reads on from where it stopped.
     */
    static void readFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        while (buf.hasRemaining() && ch.read(buf, at + buf.position()) >= 0) {
            // the next read starts where this one stopped
        }
    }

    /** A new sibling file for a torn tail: {@code results.jsonl.torn-20261201T101500Z}, -2, -3... if taken. */
    private static Path aside(Path file) {
        String base = file.getFileName() + ".torn-" + ZonedDateTime.now(ZoneOffset.UTC).format(STAMP);
        Path aside = file.resolveSibling(base);
        for (int k = 2; Files.exists(aside); k++) {
            aside = file.resolveSibling(base + "-" + k);
        }
        return aside;
    }

    /** A warning's one-line form of an error message: its first line, cut at 120 characters. */
    static String firstLine(String message) {
        String line = message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        return line.length() <= 120 ? line : line.substring(0, 120) + "...";
    }
}
