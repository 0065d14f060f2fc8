package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The results store's promises, each on a file made for it: a torn tail is moved aside and named, never
 * appended onto; a whole bad line is named by its number and left in place; one result per spec by the
 * documented rule; one order whatever order the lines came in; small lines, and old fat lines read slim.
 */
class ResultStoreTest {

    @TempDir
    Path dir;

    private final List<String> warnings = new ArrayList<>();

    @Test
    void noFileIsAnEmptyStoreAndTheFirstAppendMakesTheFolders() throws IOException {
        Path file = dir.resolve("new/folder/results.jsonl");
        ResultStore store = ResultStore.open(file, warnings::add);
        assertEquals(file, store.file());
        assertEquals(List.of(), store.results(List.of()));
        store.append(ok(spec(0), 0.5));
        assertEquals(1, Files.readAllLines(file).size());
        assertEquals(List.of(), warnings);
    }

    @Test
    void aTornTailIsMovedAsideToTheFileTheWarningNamesAndTheNextLineStartsClean() throws IOException {
        Path file = dir.resolve("results.jsonl");
        ResultStore first = ResultStore.open(file, warnings::add);
        first.append(ok(spec(0), 0.5));
        first.append(ok(spec(1), 0.25));
        String whole = Files.readString(file);
        String torn = ResultsFile.toJson(ok(spec(2), 0.75)).substring(0, 100); // a kill -9 mid-write
        Files.writeString(file, whole + torn);

        ResultStore store = ResultStore.open(file, warnings::add);
        assertEquals(2, store.results(List.of()).size());
        assertEquals(whole, Files.readString(file), "cut back to the last whole line");
        assertEquals(1, warnings.size(), warnings.toString());
        List<Path> aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("results.jsonl.torn-")).toList();
        }
        assertEquals(1, aside.size());
        assertEquals(torn, Files.readString(aside.get(0)), "the torn bytes are kept, not lost");
        assertTrue(warnings.get(0).contains(aside.get(0).toString()) && warnings.get(0).contains("100 bytes"),
                warnings.get(0));

        store.append(ok(spec(2), 0.75));
        List<String> lines = Files.readAllLines(file);
        assertEquals(3, lines.size());
        assertEquals(3, ResultStore.open(file, w -> { throw new AssertionError(w); }).results(List.of()).size(),
                "every line reads: nothing was appended onto the torn one");
    }

    @Test
    void aFileThatIsOneTornLineIsMovedAsideWhole() throws IOException {
        Path file = dir.resolve("results.jsonl");
        Files.writeString(file, "{\"spec\":{\"sta");
        assertEquals(List.of(), ResultStore.open(file, warnings::add).results(List.of()));
        assertEquals(0, Files.size(file));
        assertEquals(1, warnings.size());
    }

    @Test
    void aWholeLineThatIsNotAResultIsNamedByItsNumberAndLeftInPlace() throws IOException {
        Path file = dir.resolve("results.jsonl");
        String text = ResultsFile.toJson(ok(spec(0), 0.5)) + "\n\n{\"not\": a result}\n"
                + ResultsFile.toJson(ok(spec(1), 0.25)) + "\n";
        Files.writeString(file, text);
        ResultStore store = ResultStore.open(file, warnings::add);
        assertEquals(2, store.results(List.of()).size());
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).startsWith("lab: warning: line 3 of " + file + " is not a result"), warnings.get(0));
        assertEquals(text, Files.readString(file), "nothing moved or removed");
    }

    @Test
    void aSpecsResultIsItsFirstOkOrDivergedLineAndAFailedOneOnlyUntilThen() throws IOException {
        Path file = dir.resolve("results.jsonl");
        RunSpec a = spec(0);
        RunSpec b = spec(1);
        RunSpec c = spec(2);
        for (RunResult r : List.of(failed(a, "first"), ok(a, 0.5), ok(a, 0.7), failed(a, "after"),
                failed(b, "first"), failed(b, "latest"), diverged(c), ok(c, 0.9))) {
            ResultsFile.append(file, r); // as two drivers, or an old bug, might have left them
        }
        ResultStore store = ResultStore.open(file, warnings::add);
        List<RunResult> rs = store.results(List.of());
        assertEquals(3, rs.size(), "one result per spec");
        assertEquals(0.5, rs.get(0).testAccuracy(), "the first ok line stands; later lines change nothing");
        assertTrue(store.settled(a));
        assertEquals(RunResult.Status.FAILED, rs.get(1).status());
        assertTrue(rs.get(1).error().endsWith("latest"), "with no ok line, the latest failure stands");
        assertFalse(store.settled(b));
        assertTrue(store.failedBefore(b), "so it runs again on resume");
        assertEquals(RunResult.Status.DIVERGED, rs.get(2).status(), "diverged is what the spec computes: it stands");
        assertTrue(store.settled(c));

        store.append(ok(b, 0.8));
        assertTrue(store.settled(b), "a settled result replaces the failed one");
        assertEquals(0.8, ResultStore.open(file, warnings::add).results(List.of()).get(1).testAccuracy());
    }

    @Test
    void resultsComeInThePlansOrderThenBySpecWhateverOrderTheLinesCameIn() throws IOException {
        List<RunSpec> specs = new ArrayList<>();
        for (String arch : List.of("mlp", "cnn")) {
            for (long seed = 0; seed < 12; seed++) {
                specs.add(spec(seed).toBuilder().arch(arch).permuteSeed(seed % 2 == 0 ? null : seed).build());
            }
        }
        List<String> lines = new ArrayList<>();
        for (RunSpec s : specs) {
            lines.add(ResultsFile.toJson(ok(s, 0.5 + s.seed() / 100.0)));
        }
        List<RunSpec> plan = new ArrayList<>(specs.subList(0, 15));
        Collections.reverse(plan); // a plan's order need not be the sorted one
        String expected = null;
        String expectedPlanned = null;
        for (long shuffle = 0; shuffle < 5; shuffle++) {
            Collections.shuffle(lines, new Random(shuffle));
            Path file = dir.resolve("shuffled-" + shuffle + ".jsonl");
            Files.write(file, lines);
            ResultStore store = ResultStore.open(file, warnings::add);
            String sorted = ResultsFile.toJson(store.results(List.of()));
            String planned = ResultsFile.toJson(store.results(plan));
            if (expected == null) {
                expected = sorted;
                expectedPlanned = planned;
                List<RunSpec> got = store.results(plan).stream().map(RunResult::spec).toList();
                assertEquals(plan, got.subList(0, 15), "the plan's own order first");
                List<RunSpec> rest = new ArrayList<>(specs.subList(15, specs.size()));
                rest.sort(ResultStore.ORDER);
                assertEquals(rest, got.subList(15, got.size()), "then the rest by spec");
                assertEquals(List.of(0L, 2L, 4L, 6L, 8L, 10L), store.results(List.of()).stream()
                        .filter(r -> r.spec().arch().equals("cnn") && !r.spec().permuted())
                        .map(r -> r.spec().seed()).toList(), "seeds in number order (10 after 8)");
            }
            assertEquals(expected, sorted, "shuffle " + shuffle);
            assertEquals(expectedPlanned, planned, "shuffle " + shuffle);
        }
    }

    @Test
    void aLineStaysSmallAndAnOldLineWithADenseLayersWeightsReadsWithoutThem() throws IOException {
        double[] dense = new Random(1).doubles(784 * 128).toArray(); // the 28x28 mlp's first layer
        double[] kernels = new Random(2).doubles(8 * 9).toArray(); // the cnn's, which the report draws
        RunResult mlp = withFirstLayer(ok(spec(0), 0.9), dense, new int[] {784, 128});
        RunResult cnn = withFirstLayer(ok(spec(0).toBuilder().arch("cnn").build(), 0.9), kernels, new int[] {8, 1, 3, 3});
        Path old = dir.resolve("old.jsonl");
        ResultsFile.append(old, mlp); // as the code before this store wrote every result
        ResultsFile.append(old, cnn);
        assertTrue(Files.size(old) > 1_500_000, "the old line is megabytes: " + Files.size(old));

        ResultStore store = ResultStore.open(old, warnings::add);
        RunResult readMlp = store.results(List.of()).stream().filter(r -> r.spec().arch().equals("mlp"))
                .findFirst().orElseThrow();
        RunResult readCnn = store.results(List.of()).stream().filter(r -> r.spec().arch().equals("cnn"))
                .findFirst().orElseThrow();
        assertNull(readMlp.firstLayerWeights(), "nothing reads a dense layer's weights");
        assertNull(readMlp.firstLayerShape());
        assertArrayEquals(kernels, readCnn.firstLayerWeights(), "the kernels the report draws are kept");

        Path fresh = dir.resolve("results.jsonl");
        ResultStore written = ResultStore.open(fresh, warnings::add);
        written.append(mlp);
        written.append(cnn);
        for (String line : Files.readAllLines(fresh, StandardCharsets.UTF_8)) {
            assertTrue(line.length() < 4096, "a result line is a few KB, not " + line.length() + " bytes");
        }
        assertEquals(List.of(), warnings);
    }

    @Test
    void theCutIsJustAfterTheLastNewlineWhereverItFallsInTheBlocksReadFromTheEnd() throws IOException {
        String line = ResultsFile.toJson(ok(spec(0), 0.5)) + "\n";
        // the file is read back 8192 bytes at a time: a tail that ends a block, fills one, spills into a
        // second, spans many (an old 2 MB line cut short), and a newline that is a file's first byte
        for (int tail : new int[] {1, 8191, 8192, 8193, 20_000}) {
            assertTornTailMovedAside(line + line, "x".repeat(tail));
        }
        assertTornTailMovedAside("\n", "{\"spec\"");
        assertTornTailMovedAside("\n".repeat(3), "y".repeat(8191)); // the newline at byte 0 of the last block
        assertTornTailMovedAside(" ".repeat(8191) + "\n", "w".repeat(8192)); // and at byte 8191 of the one before
        assertTornTailMovedAside("", "no newline at all, ".repeat(1000));
    }

    /** {@code whole + torn} opens as {@code whole}, with {@code torn} in the one file the one warning names. */
    private void assertTornTailMovedAside(String whole, String torn) throws IOException {
        Path sub = Files.createTempDirectory(dir, "torn");
        Path file = sub.resolve("results.jsonl");
        Files.writeString(file, whole + torn);
        List<String> said = new ArrayList<>();
        ResultStore.open(file, said::add);
        String what = whole.length() + " + " + torn.length() + " bytes";
        assertEquals(whole, Files.readString(file), what);
        List<Path> aside;
        try (Stream<Path> files = Files.list(sub)) {
            aside = files.filter(p -> !p.equals(file)).toList();
        }
        assertEquals(1, aside.size(), what);
        assertTrue(aside.get(0).getFileName().toString().matches("results\\.jsonl\\.torn-\\d{8}T\\d{6}Z"),
                aside.get(0).toString());
        assertEquals(torn, Files.readString(aside.get(0)), what);
        assertEquals(List.of(String.format("lab: warning: %s ended in a torn line (%,d bytes after its last newline: "
                + "a write cut short); moved it to %s, and that run will run again", file, torn.length(), aside.get(0))),
                said);
    }

    @Test
    void aFileThatEndsInANewlineIsLeftAsItIsWithNothingMovedAside() throws IOException {
        Path file = dir.resolve("results.jsonl");
        String text = ResultsFile.toJson(ok(spec(0), 0.5)) + "\n" + "q".repeat(9000) + "\n";
        Files.writeString(file, text);
        ResultStore.open(file, warnings::add);
        assertEquals(text, Files.readString(file));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList());
        }
        assertEquals(1, warnings.size(), "line 2 is not a result, and nothing else is said: " + warnings);
        assertTrue(warnings.get(0).startsWith("lab: warning: line 2 of "), warnings.get(0));
    }

    @Test
    void aTornTailWhoseNameIsTakenGoesToTheNextFreeNumber() throws IOException {
        Path file = dir.resolve("results.jsonl");
        String whole = ResultsFile.toJson(ok(spec(0), 0.5)) + "\n";
        Files.writeString(file, whole + "{\"torn");
        DateTimeFormatter stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        List<Path> taken = new ArrayList<>();
        for (int s = 0; s < 5; s++) { // every second the open below can fall in: the name and -2 are taken
            String base = "results.jsonl.torn-" + now.plusSeconds(s).format(stamp);
            taken.add(Files.writeString(dir.resolve(base), "earlier"));
            taken.add(Files.writeString(dir.resolve(base + "-2"), "earlier"));
        }
        ResultStore.open(file, warnings::add);
        List<Path> aside;
        try (Stream<Path> files = Files.list(dir)) {
            aside = files.filter(p -> !p.equals(file) && !taken.contains(p)).toList();
        }
        assertEquals(1, aside.size(), aside.toString());
        String name = aside.get(0).getFileName().toString();
        assertTrue(name.matches("results\\.jsonl\\.torn-\\d{8}T\\d{6}Z-3"), name);
        assertTrue(taken.contains(dir.resolve(name.substring(0, name.length() - 2))), name);
        assertEquals("{\"torn", Files.readString(aside.get(0)));
        for (Path p : taken) {
            assertEquals("earlier", Files.readString(p), "an earlier torn tail is never overwritten");
        }
        assertEquals(whole, Files.readString(file));
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).endsWith("moved it to " + aside.get(0) + ", and that run will run again"),
                warnings.get(0));
    }

    @Test
    void aBadLinesWarningGivesTheFirstLineOfWhyCutAt120Characters() throws IOException {
        Path file = dir.resolve("results.jsonl");
        // a spec that refuses its settings: Jackson's message is long and has more lines after the first
        String refused = ResultsFile.toJson(ok(spec(0), 0.5)).replace("\"lr\":0.005", "\"lr\":-1.0");
        String whyRefused = assertThrows(RuntimeException.class, () -> ResultsFile.fromJson(refused, RunResult.class))
                .getMessage();
        Files.writeString(file, refused + "\n" + "[1, 2\n");
        ResultStore.open(file, warnings::add);
        assertEquals(2, warnings.size(), warnings.toString());
        Pattern form = Pattern.compile("lab: warning: line (\\d+) of " + Pattern.quote(file.toString())
                + " is not a result \\((.*)\\); left in place and not read");
        Matcher first = form.matcher(warnings.get(0));
        assertTrue(first.matches(), warnings.get(0));
        assertEquals("1", first.group(1));
        String firstLineOfWhy = whyRefused.lines().findFirst().orElseThrow();
        assertTrue(firstLineOfWhy.contains("learning rate must be a positive number, got -1.0"), firstLineOfWhy);
        assertEquals(firstLineOfWhy.length() <= 120 ? firstLineOfWhy : firstLineOfWhy.substring(0, 120) + "...",
                first.group(2));
        Matcher second = form.matcher(warnings.get(1));
        assertTrue(second.matches(), warnings.get(1));
        assertEquals("2", second.group(1));
        assertFalse(second.group(2).isBlank());

        assertEquals("unreadable", ResultStore.firstLine(null));
        assertEquals("unreadable", ResultStore.firstLine(""));
        assertEquals("first", ResultStore.firstLine("first\nsecond"));
        assertEquals("m".repeat(120), ResultStore.firstLine("m".repeat(120)), "120 characters are kept whole");
        assertEquals("m".repeat(120) + "...", ResultStore.firstLine("m".repeat(121) + "\nmore"));
    }

    @Test
    void jsonThatHoldsNoResultIsABadLineNotAResultAndNotACrash() throws IOException {
        Path file = dir.resolve("results.jsonl");
        String noStatus = "{\"spec\":" + ResultsFile.toJson(spec(1)) + "}";
        Files.writeString(file, "null\n{}\n" + noStatus + "\n" + ResultsFile.toJson(ok(spec(0), 0.5)) + "\n");
        ResultStore store = ResultStore.open(file, warnings::add);
        assertEquals(List.of(spec(0)), store.results(List.of()).stream().map(RunResult::spec).toList());
        assertFalse(store.settled(spec(1)), "a line without a status settles nothing");
        assertEquals(List.of("lab: warning: line 1 of " + file + " is not a result (no spec or no status); left in "
                + "place and not read", "lab: warning: line 2 of " + file + " is not a result (no spec or no status); "
                + "left in place and not read", "lab: warning: line 3 of " + file + " is not a result (no spec or no "
                + "status); left in place and not read"), warnings);
    }

    @Test
    void aFolderWhereTheFileShouldBeIsAnErrorThatNamesIt() throws IOException {
        Path file = Files.createDirectory(dir.resolve("results.jsonl"));
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ResultStore.open(file, warnings::add));
        assertTrue(e.getMessage().startsWith("cannot read " + file + ": "), e.getMessage());
    }

    @Test
    void settledAndFailedBeforeAnswerForEverySpecAndOnlyOneIsEverTrue() {
        ResultStore store = ResultStore.open(dir.resolve("results.jsonl"), warnings::add);
        RunSpec never = spec(7);
        assertFalse(store.settled(never), "a spec with no line has not run");
        assertFalse(store.failedBefore(never), "nor failed");
        store.append(failed(spec(0), "once"));
        assertFalse(store.settled(spec(0)));
        assertTrue(store.failedBefore(spec(0)));
        store.append(diverged(spec(1)));
        assertTrue(store.settled(spec(1)));
        assertFalse(store.failedBefore(spec(1)), "diverged is settled, not failed");
        store.append(ok(spec(0), 0.5));
        assertTrue(store.settled(spec(0)));
        assertFalse(store.failedBefore(spec(0)), "an ok line after a failed one: it does not run again");
        store.append(failed(spec(0), "again"));
        assertTrue(store.settled(spec(0)), "a failure after the ok line changes nothing");
        assertFalse(store.failedBefore(spec(0)));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aPlanThatNamesASpecTwiceOrNamesOneWithNoResultOrdersByItsFirstMention() {
        ResultStore store = ResultStore.open(dir.resolve("results.jsonl"), warnings::add);
        for (long seed = 0; seed < 4; seed++) {
            store.append(ok(spec(seed), 0.5));
        }
        List<RunSpec> plan = List.of(spec(2), spec(9), spec(0), spec(2), spec(3));
        assertEquals(List.of(spec(2), spec(0), spec(3), spec(1)),
                store.results(plan).stream().map(RunResult::spec).toList());
        assertEquals(List.of(spec(0), spec(1), spec(2), spec(3)),
                store.results(List.of()).stream().map(RunResult::spec).toList());
    }

    @Test
    void aReadThatStopsShortOrReturnsNothingIsReadOnFromWhereItStopped() throws IOException {
        Path file = Files.writeString(dir.resolve("f"), "0123456789abcdefghij");
        try (FileChannel real = FileChannel.open(file, StandardOpenOption.READ); FileChannel shy = new Shy(real)) {
            ByteBuffer all = ByteBuffer.allocate(20);
            ResultStore.readFully(shy, all, 0);
            assertEquals("0123456789abcdefghij", new String(all.array(), StandardCharsets.US_ASCII));
            ByteBuffer middle = ByteBuffer.allocate(8);
            ResultStore.readFully(shy, middle, 5);
            assertEquals("56789abc", new String(middle.array(), StandardCharsets.US_ASCII));
            ByteBuffer past = ByteBuffer.allocate(30);
            ResultStore.readFully(shy, past, 12);
            assertEquals(8, past.position(), "the file ends: it stops there");
            assertEquals("cdefghij", new String(past.array(), 0, 8, StandardCharsets.US_ASCII));
        }
    }

    /** A file channel whose positional reads return nothing every other time and at most 3 bytes otherwise. */
    private static final class Shy extends FileChannel {
        private final FileChannel real;
        private boolean nothing;

        Shy(FileChannel real) {
            this.real = real;
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            nothing = !nothing;
            if (nothing && dst.hasRemaining()) {
                return 0;
            }
            ByteBuffer few = dst.slice().limit(Math.min(3, dst.remaining()));
            int n = real.read(few, position);
            if (n > 0) {
                dst.position(dst.position() + n);
            }
            return n;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public int read(ByteBuffer dst) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long position() {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel position(long newPosition) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileChannel truncate(long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void force(boolean metaData) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) {
            throw new UnsupportedOperationException();
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) {
            throw new UnsupportedOperationException();
        }

        @Override
        public int write(ByteBuffer src, long position) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void implCloseChannel() {
        }
    }

    static RunSpec spec(long seed) {
        return RunSpec.builder().arch("mlp").seed(seed).optimizer(OptimizerKind.ADAM).lr(0.005).epochs(1).build();
    }

    static RunResult ok(RunSpec spec, double accuracy) {
        return RunResult.builder(spec, RunResult.Status.OK).init("he").split("planted").trainSize(100).testSize(50)
                .parameters(1000).testAccuracy(accuracy).finalTrainLoss(0.3).finalTrainAccuracy(0.9).seconds(1.0)
                .imagesPerSecond(100.0).history(List.of(new RunResult.Epoch(1, 0.3, 0.9, 1.0)))
                .confusion(new int[10][10]).finished("now").locality(1.0).build();
    }

    private static RunResult diverged(RunSpec spec) {
        return RunResult.builder(spec, RunResult.Status.DIVERGED).error("loss became NaN").init("he").split("planted")
                .trainSize(100).testSize(50).parameters(1000).seconds(0.1).imagesPerSecond(100.0)
                .confusion(new int[10][10]).finished("now").locality(1.0)
                .stop(new RunResult.Stop(1, 2, Double.NaN, "loss is not a finite number")).build();
    }

    private static RunResult failed(RunSpec spec, String why) {
        return RunResult.failed(spec, new IllegalStateException("planted: " + why), 0.1);
    }

    private static RunResult withFirstLayer(RunResult r, double[] weights, int[] shape) {
        return r.toBuilder().firstLayer(weights, Arrays.copyOf(shape, shape.length)).build();
    }
}
