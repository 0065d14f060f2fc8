package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The check of a layer written in any language, through .npy files this test writes itself (so CI needs
 * no Python): a correct conv's results agree, a wrong dW is named with its element, float32 results are
 * judged at float's tolerance, DL4J's reference files come back equal to the correct results, and every
 * bad file is refused in one line that names it (including the two ND4J would crash on or misread).
 */
class NpyCheckTest {

    @TempDir
    Path dir;

    static final String LAYER = "conv(3,k3,s2,p1)";

    /** The reference's conv on a 2 x 2x5x4 batch: x, W, b, dout, and the correct y, dx, dW, db, all written. */
    Map<String, Path> writeConvCase(DataType resultType) {
        Random rng = new Random(7);
        Shape in = new Shape(2, 5, 4);
        Conv2D conv = new Conv2D(in, 3, 3, 3, 2, 2, 1, 1);
        double[] w = conv.params().get(0).value();
        double[] b = conv.params().get(1).value();
        System.arraycopy(Values.gaussian(w.length, 0.5, rng), 0, w, 0, w.length);
        System.arraycopy(Values.gaussian(b.length, 0.5, rng), 0, b, 0, b.length);
        double[] x = Values.gaussian(2 * in.size(), 1, rng);
        double[] y = conv.forward(x, 2);
        double[] dout = Values.gaussian(y.length, 1, rng);
        double[] dx = conv.backward(dout);
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("x", write("x", x, DataType.DOUBLE, 2, 2, 5, 4));
        files.put("W", write("W", w, DataType.DOUBLE, 3, 2, 3, 3));
        files.put("b", write("b", b, DataType.DOUBLE, 3));
        files.put("dout", write("dout", dout, DataType.DOUBLE, 2, 3, 3, 2));
        files.put("output", write("y", y, resultType, 2, 3, 3, 2));
        files.put("dx", write("dx", dx, resultType, 2, 2, 5, 4));
        files.put("dW", write("dW", conv.params().get(0).grad(), resultType, 3, 2, 3, 3));
        files.put("db", write("db", conv.params().get(1).grad(), resultType, 3));
        return files;
    }

    Path write(String name, double[] values, DataType type, long... shape) {
        Path file = dir.resolve(name + ".npy");
        try {
            Nd4j.writeAsNumpy(Nd4j.create(values, shape, 'c').castTo(type), file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return file;
    }

    static NpyCheck.Request request(Map<String, Path> f, Path reference) {
        Map<String, Path> yours = new LinkedHashMap<>();
        for (String k : new String[] {"output", "dx", "dW", "db"}) {
            yours.put(k, f.get(k));
        }
        return new NpyCheck.Request(LAYER, f.get("x"), Map.of("W", f.get("W"), "b", f.get("b")), f.get("dout"), yours,
                reference, null, 0);
    }

    @Test
    void aCorrectConvsFilesAgreeAndDl4jsReferenceFilesMatchThem() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        NpyCheck.Result r = NpyCheck.run(request(f, dir.resolve("ref")));
        assertTrue(r.agrees(), r.table());
        assertEquals(null, r.hint());
        assertFalse(r.table().contains("likely cause"), r.table());
        assertEquals(4, r.tensors().size());
        assertTrue(r.table().contains("yours in float64"), r.table());
        assertEquals(4, r.written().size());
        double[] dW = NpyFiles.read(dir.resolve("ref/dW.npy")).values();
        double[] mine = NpyFiles.read(f.get("dW")).values();
        for (int i = 0; i < dW.length; i++) {
            assertEquals(mine[i], dW[i], 1e-12 * (1 + Math.abs(mine[i])), "DL4J's dW as written, element " + i);
        }
    }

    @Test
    void aWrongWeightGradientIsNamedWithItsElement() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        double[] dW = NpyFiles.read(f.get("dW")).values();
        dW[5] += 1e-3; // element (0, 0, 1, 2) of (f, c, kh, kw) = (3, 2, 3, 3)
        write("dW", dW, DataType.DOUBLE, 3, 2, 3, 3);
        NpyCheck.Result r = NpyCheck.run(request(f, null));
        assertFalse(r.agrees());
        Judge.TensorVerdict bad = r.tensors().stream().filter(t -> !t.agrees()).findFirst().orElseThrow();
        assertEquals("dW", bad.name());
        assertEquals(5, bad.worstRelIndex());
        assertTrue(r.table().contains("(0, 0, 1, 2)") && r.table().contains("DISAGREE"), r.table());
        assertEquals(null, r.hint(), "an error no classic mistake reproduces gets no guess: " + r.table());
    }

    @Test
    void aWeightGradientAssignedInsteadOfAccumulatedGetsItsLikelyCauseInTheTable() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        PlantedConv2D planted = new PlantedConv2D(new Shape(2, 5, 4), new Architecture.Conv(3, 3, 3, 2, 2, 1, 1),
                PlantedConv2D.Bug.WEIGHT_GRADIENT_ASSIGNED);
        System.arraycopy(NpyFiles.read(f.get("W")).values(), 0, planted.params().get(0).value(), 0, 54);
        System.arraycopy(NpyFiles.read(f.get("b")).values(), 0, planted.params().get(1).value(), 0, 3);
        planted.forward(NpyFiles.read(f.get("x")).values(), 2);
        planted.backward(NpyFiles.read(f.get("dout")).values());
        write("dW", planted.params().get(0).grad(), DataType.DOUBLE, 3, 2, 3, 3);
        NpyCheck.Result r = NpyCheck.run(request(f, null));
        assertFalse(r.agrees());
        assertTrue(r.table().contains("  likely cause: each dW element that differs equals ONE of the products it "
                + "should sum"), r.table());
        assertTrue(r.table().indexOf("likely cause") < r.table().indexOf("verdict: DISAGREE"), r.table());
    }

    @Test
    void float32ResultsAreJudgedAtFloatsTolerance() {
        NpyCheck.Result r = NpyCheck.run(request(writeConvCase(DataType.FLOAT), null));
        assertTrue(r.agrees(), r.table());
        assertTrue(r.table().contains("yours in float32"), r.table());
        assertEquals(1e-4, r.tensors().get(0).rtol());
    }

    @Test
    void badFilesAreRefusedInOneLineNamingTheFileAndTheProblem() throws IOException {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        String missing = refused(f, "dx", dir.resolve("nope.npy")).getMessage();
        assertTrue(missing.endsWith("nope.npy: no such file"), missing);

        Path wrongShape = write("dx2", new double[80], DataType.DOUBLE, 2, 2, 4, 5);
        String shape = refused(f, "dx", wrongShape).getMessage();
        assertTrue(shape.endsWith("dx2.npy: shape (2, 2, 4, 5); expected (2, 2, 5, 4) (n, c, h, w)"), shape);

        Path ints = write("ints", new double[54], DataType.LONG, 3, 2, 3, 3);
        String dtype = refused(f, "dW", ints).getMessage();
        assertTrue(dtype.contains("ints.npy: dtype '<i8' (int64); expected float64 ('<f8') or float32 ('<f4')"), dtype);

        // ND4J M2.1 would abort the JVM on a big-endian file and misread a Fortran-ordered one: refused first.
        String bigEndian = refused(f, "db", raw(dir, "be", "{'descr': '>f8', 'fortran_order': False, 'shape': (3,), }", 24))
                .getMessage();
        assertTrue(bigEndian.contains("dtype '>f8' (big-endian float64)"), bigEndian);
        String fortran = refused(f, "db", raw(dir, "fo", "{'descr': '<f8', 'fortran_order': True, 'shape': (3,), }", 24))
                .getMessage();
        assertTrue(fortran.contains("Fortran-ordered array"), fortran);
        String truncated = refused(f, "db", raw(dir, "tr", "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }", 16))
                .getMessage();
        assertTrue(truncated.contains("bytes, but its header says (3,) of double"), truncated);
        Path text = Files.writeString(dir.resolve("text.npy"), "not numpy");
        assertTrue(refused(f, "db", text).getMessage().contains("not a NumPy .npy file"));

        String noWeight = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(new NpyCheck.Request(LAYER,
                f.get("x"), Map.of("W", f.get("W")), f.get("dout"), Map.of("dx", f.get("dx")), null, null, 0)))
                .getMessage();
        assertTrue(noWeight.contains("needs --param b=FILE, shape (3,) (f)"), noWeight);
    }

    private IllegalArgumentException refused(Map<String, Path> f, String key, Path replacement) {
        Map<String, Path> g = new LinkedHashMap<>(f);
        g.put(key, replacement);
        return assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(request(g, null)));
    }

    /** A version-1 .npy file with this header and {@code dataBytes} bytes of data, written byte by byte. */
    static Path raw(Path dir, String name, String dict, int dataBytes) throws IOException {
        StringBuilder header = new StringBuilder(dict);
        while ((10 + header.length() + 1) % 64 != 0) {
            header.append(' ');
        }
        header.append('\n');
        ByteBuffer buf = ByteBuffer.allocate(10 + header.length() + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0}).putShort((short) header.length());
        buf.put(header.toString().getBytes(StandardCharsets.ISO_8859_1));
        return Files.write(dir.resolve(name + ".npy"), buf.array());
    }
}
