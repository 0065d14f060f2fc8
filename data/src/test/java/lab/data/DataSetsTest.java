package lab.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import lab.reference.Dataset;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** The loaders on the embedded sets, on good files made here, and on corrupt ones made here too. */
class DataSetsTest {

    @TempDir
    Path dir;

    @Test
    void embeddedDigits8IsTheUciTestSetNormalised() {
        Dataset d = DataSets.digits8();
        assertEquals(1797, d.size());
        assertEquals(new Shape(1, 8, 8), d.shape());
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, classCounts(d));
        assertEquals(0.0, Arrays.stream(d.x()).min().orElseThrow());
        assertEquals(1.0, Arrays.stream(d.x()).max().orElseThrow());
        // First line of the file: 0,0,5,13,9,1,0,0,... label 0.
        assertEquals(0, d.y()[0]);
        assertEquals(5 / 16.0, d.x()[2]);
        assertEquals(13 / 16.0, d.x()[3]);
    }

    @Test
    void embeddedMnist10kHasTenThousand28x28DigitsNormalised() {
        Dataset d = DataSets.mnist10k();
        assertEquals(10_000, d.size());
        assertEquals(new Shape(1, 28, 28), d.shape());
        assertArrayEquals(new int[] {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978}, classCounts(d));
        assertEquals(0.0, Arrays.stream(d.x()).min().orElseThrow());
        assertEquals(1.0, Arrays.stream(d.x()).max().orElseThrow());
        for (double v : d.x()) {
            assertEquals(Math.round(v * 255), v * 255, 1e-9, "every pixel is a byte / 255");
        }
    }

    @Test
    void idxFilesPlainAndGzippedLoadToTheSameImages() throws IOException {
        byte[] pixels = new byte[3 * 2 * 4];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i * 10);
        }
        Path images = write("images", imagesFile(3, 2, 4, pixels));
        Path labels = write("labels", labelsFile(new byte[] {7, 0, 9}));
        Path imagesGz = write("images.gz", gzip(imagesFile(3, 2, 4, pixels)));
        Path labelsGz = write("labels.gz", gzip(labelsFile(new byte[] {7, 0, 9})));
        Dataset plain = DataSets.idx(images, labels, "t");
        Dataset zipped = DataSets.idx(imagesGz, labelsGz, "t");
        assertEquals(new Shape(1, 2, 4), plain.shape());
        assertArrayEquals(new int[] {7, 0, 9}, plain.y());
        assertEquals(230 / 255.0, plain.x()[23]);
        assertArrayEquals(plain.x(), zipped.x());
        assertArrayEquals(plain.y(), zipped.y());
    }

    @Test
    void corruptIdxFilesAreRefusedWithMessagesThatSayWhy() throws IOException {
        byte[] pixels = new byte[2 * 2 * 2];
        Path images = write("images", imagesFile(2, 2, 2, pixels));
        Path labels = write("labels", labelsFile(new byte[] {1, 2}));

        assertData(() -> DataSets.idx(labels, images, "t"), "not an IDX image file", "this is a label file");
        byte[] truncated = Arrays.copyOf(imagesFile(2, 2, 2, pixels), 16 + 5);
        assertData(() -> DataSets.idx(write("trunc", truncated), labels, "t"), "truncated", "ends after 5");
        assertData(() -> DataSets.idx(write("short", new byte[] {0, 0, 8, 3, 0}), labels, "t"),
                "ends inside its header");
        byte[] trailing = Arrays.copyOf(imagesFile(2, 2, 2, pixels), 16 + 8 + 3);
        assertData(() -> DataSets.idx(write("trail", trailing), labels, "t"), "bytes after the data");
        assertData(() -> DataSets.idx(images, write("three", labelsFile(new byte[] {1, 2, 3})), "t"),
                "2 images but 3 labels");
        assertData(() -> DataSets.idx(images, write("big", labelsFile(new byte[] {1, 10})), "t"),
                "label 10 of image 1 is outside 0..9");
        assertData(() -> DataSets.idx(write("empty", new byte[0]), labels, "t"), "file is empty");
        assertData(() -> DataSets.idx(dir.resolve("missing"), labels, "t"), "missing: no such file");
        byte[] brokenGzip = Arrays.copyOf(gzip(imagesFile(2, 2, 2, pixels)), 20);
        assertData(() -> DataSets.idx(write("broken.gz", brokenGzip), labels, "t"), "cannot read IDX images");
    }

    @Test
    void optdigitsCsvLoadsAndCorruptLinesAreNamed() throws IOException {
        String line = "0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16" + ",0".repeat(47) + ",3\n";
        Dataset d = DataSets.optdigitsCsv(write("ok.csv", (line + line).getBytes()), "t");
        assertEquals(2, d.size());
        assertEquals(16 / 16.0, d.x()[16]);
        assertEquals(3, d.y()[1]);
        assertData(() -> DataSets.optdigitsCsv(write("short.csv", (line + "1,2,3\n").getBytes()), "t"),
                "line 2: 3 fields");
        assertData(() -> DataSets.optdigitsCsv(write("word.csv", line.replace("16,", "x,").getBytes()), "t"),
                "line 1, field 17: 'x' is not a whole number");
        assertData(() -> DataSets.optdigitsCsv(write("range.csv", line.replace("16,", "17,").getBytes()), "t"),
                "field 17: pixel count 17 is outside 0..16");
        assertData(() -> DataSets.optdigitsCsv(write("label.csv", line.replace(",3\n", ",12\n").getBytes()), "t"),
                "label 12 is outside 0..9");
        assertData(() -> DataSets.optdigitsCsv(write("blank.csv", "\n\n".getBytes()), "t"), "no digits");
    }

    @Test
    void uciOptdigitsSplitIsTheBooksAndItsTestHalfIsDigits8() {
        Path shared = sharedData();
        assumeTrue(shared != null, "../shared/data/optdigits.tra is not here (it is never committed); skipped");
        Split split = DataSource.load("optdigits:" + shared, 0.25, 0);
        assertEquals(3823, split.train().size());
        assertEquals(1797, split.test().size());
        Dataset digits8 = DataSets.digits8();
        assertArrayEquals(digits8.x(), split.test().x());
        assertArrayEquals(digits8.y(), split.test().y());
    }

    @Test
    void stratifiedSplitKeepsClassProportionsAndIsSeeded() {
        Dataset all = DataSets.digits8();
        Split a = Split.stratified(all, 0.25, 3);
        Split b = Split.stratified(all, 0.25, 3);
        Split c = Split.stratified(all, 0.25, 4);
        assertEquals(all.size(), a.train().size() + a.test().size());
        assertArrayEquals(a.test().x(), b.test().x(), "same seed, same split");
        assertTrue(!Arrays.equals(a.test().x(), c.test().x()), "another seed, another split");
        int[] total = classCounts(all);
        int[] test = classCounts(a.test());
        for (int k = 0; k < 10; k++) {
            assertEquals(Math.round(0.25 * total[k]), test[k], "class " + k);
        }
        assertTrue(a.how().contains("split seed 3"), a.how());
    }

    @Test
    void permutationMovesPixelsAndKeepsEveryValue() {
        Dataset d = DataSets.digits8().subset("first", IntStream.range(0, 5).toArray());
        int[] perm = Dataset.randomPermutation(64, 9);
        Dataset p = d.permutePixels(perm);
        for (int i = 0; i < d.size(); i++) {
            for (int j = 0; j < 64; j++) {
                assertEquals(d.x()[i * 64 + perm[j]], p.x()[i * 64 + j]);
            }
        }
        double[] before = d.x().clone();
        double[] after = p.x().clone();
        Arrays.sort(before);
        Arrays.sort(after);
        assertArrayEquals(before, after);
        assertArrayEquals(perm, Dataset.randomPermutation(64, 9), "the permutation is a function of its seed");
    }

    @Test
    void unknownDataSetNamesTheKnownOnes() {
        assertData(() -> DataSource.load("digits9", 0.25, 0), "unknown data set 'digits9'", "mnist10k");
        assertData(() -> DataSource.load("idx:" + dir.resolve("nope"), 0.25, 0), "not a directory");
        assertData(() -> DataSource.load("idx:" + dir, 0.25, 0), "no train-images-idx3-ubyte");
    }

    static Path sharedData() {
        for (Path candidate : new Path[] {Path.of("../../shared/data"), Path.of("../shared/data")}) {
            if (Files.isRegularFile(candidate.resolve("optdigits.tra"))) {
                return candidate;
            }
        }
        return null;
    }

    private static int[] classCounts(Dataset d) {
        int[] counts = new int[d.classes()];
        for (int y : d.y()) {
            counts[y]++;
        }
        return counts;
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    static byte[] imagesFile(int count, int rows, int cols, byte[] pixels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000803);
        out.writeInt(count);
        out.writeInt(rows);
        out.writeInt(cols);
        out.write(pixels);
        return bytes.toByteArray();
    }

    static byte[] labelsFile(byte[] labels) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x00000801);
        out.writeInt(labels.length);
        out.write(labels);
        return bytes.toByteArray();
    }

    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(bytes)) {
            out.write(data);
        }
        return bytes.toByteArray();
    }

    private static void assertData(Executable call, String... parts) {
        DataException e = assertThrows(DataException.class, call);
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }
}
