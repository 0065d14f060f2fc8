package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import lab.reference.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The check of a softmax + cross-entropy loss written in any language, through .npy files this test writes
 * itself (so CI needs no Python), on 4 x 5 logits with one row near 1000: the reference's own numbers agree
 * (float64, and float32 at float's tolerance), DL4J's reference files come back equal to them, the two classic
 * mistakes (a gradient not divided by N, a softmax without the row max) fail with their likely cause, and every
 * bad file, label or tensor name is refused in one line that names it.
 */
class NpyLossCheckTest {

    @TempDir
    Path dir;

    static final int N = 4;
    static final int K = 5;
    static final int[] LABELS = {2, 0, 4, 1};

    /** Logits (N, K) from a seed, row 1 near 1000: where exp overflows a double unless the row max goes first. */
    static double[] logits() {
        double[] z = Values.gaussian(N * K, 2, new Random(11));
        for (int j = 0; j < K; j++) {
            z[K + j] += 1000;
        }
        return z;
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

    /** The case's files: logits, int64 labels, and {@code loss} (0-d) and {@code dlogits} as yours. */
    Map<String, Path> files(double loss, double[] dlogits, DataType resultType) {
        Map<String, Path> f = new LinkedHashMap<>();
        f.put("logits", write("logits", logits(), DataType.DOUBLE, N, K));
        f.put("labels", write("labels", java.util.Arrays.stream(LABELS).asDoubleStream().toArray(), DataType.LONG, N));
        f.put("loss", write("loss", new double[] {loss}, resultType));
        f.put("dlogits", write("dlogits", dlogits, resultType, N, K));
        return f;
    }

    /** The reference's loss on the case: {loss}, then dlogits. */
    static double[][] reference() {
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        double loss = ce.forward(logits(), LABELS, N, K);
        return new double[][] {{loss}, ce.backward()};
    }

    static NpyLossCheck.Request request(Map<String, Path> f, Path reference) {
        Map<String, Path> yours = new LinkedHashMap<>();
        yours.put("loss", f.get("loss"));
        yours.put("dlogits", f.get("dlogits"));
        return new NpyLossCheck.Request(f.get("logits"), f.get("labels"), yours, reference, null, 0);
    }

    @Test
    void logitsThatAreNotFiniteAreRefusedNamingTheFileAndTheElement() {
        double[][] ref = reference();
        Map<String, Path> f = files(ref[0][0], ref[1], DataType.DOUBLE);
        double[] z = logits();
        z[2 * K + 3] = Double.NaN;
        write("logits", z, DataType.DOUBLE, N, K);
        String nan = assertThrows(IllegalArgumentException.class, () -> NpyLossCheck.run(request(f, null)))
                .getMessage();
        assertTrue(nan.endsWith("logits.npy[2, 3] is NaN (the only value not finite in the logits): an input must be "
                + "finite, or DL4J and your code only pass the NaN on and nothing is checked"), nan);
    }

    @Test
    void theReferenceLossesFilesAgreeOnARowNearAThousandAndDl4jsFilesMatchThem() {
        double[][] ref = reference();
        assertTrue(Double.isFinite(ref[0][0]), "the case is one a correct loss keeps finite");
        Map<String, Path> f = files(ref[0][0], ref[1], DataType.DOUBLE);
        NpyLossCheck.Result r = NpyLossCheck.run(request(f, dir.resolve("ref")));
        assertTrue(r.agrees(), r.table());
        assertEquals(null, r.hint());
        assertEquals(2, r.tensors().size());
        assertTrue(r.table().startsWith("softmax-ce on 4 x 5 logits (N x K), yours in float64, DL4J in double\n"),
                r.table());
        assertTrue(r.table().endsWith("  verdict: agree\n"), r.table());
        assertEquals(2, r.written().size());
        NpyFiles.Array loss = NpyFiles.read(dir.resolve("ref/loss.npy"));
        assertEquals(0, loss.shape().length, "DL4J's loss is written 0-d, as np.save(f, loss)");
        assertEquals(ref[0][0], loss.values()[0], 1e-12 * Math.abs(ref[0][0]));
        double[] dlogits = NpyFiles.read(dir.resolve("ref/dlogits.npy")).values();
        for (int i = 0; i < dlogits.length; i++) {
            assertEquals(ref[1][i], dlogits[i], 1e-15, "DL4J's dlogits as written, element " + i);
        }
    }

    @Test
    void float32ResultsInt32LabelsAndALossOfShapeOneAreJudgedAtFloatsTolerance() {
        double[][] ref = reference();
        Map<String, Path> f = files(ref[0][0], ref[1], DataType.FLOAT);
        f.put("labels", write("labels", java.util.Arrays.stream(LABELS).asDoubleStream().toArray(), DataType.INT, N));
        f.put("loss", write("loss", ref[0], DataType.FLOAT, 1));
        NpyLossCheck.Result r = NpyLossCheck.run(request(f, null));
        assertTrue(r.agrees(), r.table());
        assertTrue(r.table().contains("yours in float32"), r.table());
        assertEquals(1e-4, r.tensors().get(0).rtol());
    }

    @Test
    void aGradientNotDividedByTheBatchFailsWithItsLikelyCause() {
        double[][] ref = reference();
        double[] timesN = ref[1].clone();
        for (int i = 0; i < timesN.length; i++) {
            timesN[i] *= N;
        }
        NpyLossCheck.Result r = NpyLossCheck.run(request(files(ref[0][0], timesN, DataType.DOUBLE), null));
        assertFalse(r.agrees());
        assertTrue(r.tensors().get(0).agrees() && !r.tensors().get(1).agrees(), r.table());
        assertTrue(r.table().contains("  likely cause: your dlogits is N times DL4J's (N = 4)"), r.table());
        assertTrue(r.table().contains("  dlogits (n, k) differs from DL4J at 20 of 20 elements"), r.table());
        assertTrue(r.table().indexOf("  likely cause: ") < r.table().indexOf("verdict: DISAGREE"), r.table());
    }

    @Test
    void aSoftmaxWithoutTheRowMaxFailsWithItsLikelyCauseEvenWithOnlyDlogitsGiven() {
        // The textbook softmax: exp(z) / sum exp(z), no max subtracted; on the row near 1000, inf / inf = NaN.
        double[] z = logits();
        double[] dlogits = new double[N * K];
        double loss = 0;
        for (int i = 0; i < N; i++) {
            double sum = 0;
            for (int j = 0; j < K; j++) {
                sum += Math.exp(z[i * K + j]);
            }
            for (int j = 0; j < K; j++) {
                double p = Math.exp(z[i * K + j]) / sum;
                dlogits[i * K + j] = (p - (j == LABELS[i] ? 1 : 0)) / N;
                loss -= j == LABELS[i] ? Math.log(p) / N : 0;
            }
        }
        Map<String, Path> f = files(loss, dlogits, DataType.DOUBLE);
        NpyLossCheck.Result r = NpyLossCheck.run(request(f, null));
        assertFalse(r.agrees());
        assertTrue(r.table().contains("  likely cause: your loss or dlogits is not finite (loss NaN) where DL4J's "
                + "loss is "), r.table());
        assertTrue(r.table().contains("subtract each row's max before exp"), r.table());

        NpyLossCheck.Result onlyDlogits = NpyLossCheck.run(new NpyLossCheck.Request(f.get("logits"), f.get("labels"),
                Map.of("dlogits", f.get("dlogits")), null, null, 0));
        assertEquals(1, onlyDlogits.tensors().size());
        assertTrue(onlyDlogits.table().contains("  likely cause: your dlogits is not finite (loss not given)"),
                onlyDlogits.table());
    }

    @Test
    void badFilesLabelsAndNamesAreRefusedInOneLineNamingTheFile() throws IOException {
        double[][] ref = reference();
        Map<String, Path> f = files(ref[0][0], ref[1], DataType.DOUBLE);

        Path floatLabels = write("fl", new double[] {2, 0, 4, 1}, DataType.DOUBLE, N);
        assertRefused(f, "labels", floatLabels, "fl.npy: dtype '<f8' (float64); expected integer class indices, "
                + "int64 ('<i8') or int32 ('<i4'), little-endian: labels.astype(np.int64)");
        assertRefused(f, "labels", write("big", new double[] {2, 0, 5, 1}, DataType.LONG, N),
                "big.npy: label 5 at (2) is outside [0, 5): the logits have K = 5 classes");
        assertRefused(f, "labels", write("neg", new double[] {2, -1, 4, 1}, DataType.LONG, N),
                "neg.npy: label -1 at (1) is outside [0, 5)");
        assertRefused(f, "labels", write("onehot", new double[N * K], DataType.LONG, N, K),
                "onehot.npy: shape (4, 5); expected (4,) (n): one class index per row of the logits, not one-hot rows");
        assertRefused(f, "labels", write("three", new double[3], DataType.LONG, 3),
                "three.npy: shape (3,); expected (4,)");
        // ND4J M2.1 would abort the JVM on a big-endian file: its header is refused first, labels as any other.
        assertRefused(f, "labels", NpyCheckTest.raw(dir, "be", "{'descr': '>i8', 'fortran_order': False, "
                + "'shape': (4,), }", 32), "be.npy: dtype '>i8' (big-endian int64)");
        assertRefused(f, "labels", NpyCheckTest.raw(dir, "tr", "{'descr': '<i8', 'fortran_order': False, "
                + "'shape': (4,), }", 16), "bytes, but its header says (4,) of int64");
        assertRefused(f, "logits", write("flat", logits(), DataType.DOUBLE, N * K),
                "flat.npy: shape (20,); expected (N, K) logits");
        assertRefused(f, "loss", write("each", new double[N], DataType.DOUBLE, N),
                "each.npy: shape (4,); expected the MEAN loss, one number: 0-d () or (1,)");
        assertRefused(f, "dlogits", write("t", new double[N * K], DataType.DOUBLE, K, N),
                "t.npy: shape (5, 4); expected (4, 5) (n, k)");

        String unknown = assertThrows(IllegalArgumentException.class, () -> NpyLossCheck.run(new NpyLossCheck.Request(
                f.get("logits"), f.get("labels"), Map.of("dx", f.get("dlogits")), null, null, 0))).getMessage();
        assertEquals("no tensor 'dx' to compare; softmax-ce has loss (--output FILE) and dlogits (--grad dlogits=FILE)",
                unknown);
        String none = assertThrows(IllegalArgumentException.class, () -> NpyLossCheck.run(new NpyLossCheck.Request(
                f.get("logits"), f.get("labels"), Map.of(), null, null, 0))).getMessage();
        assertTrue(none.startsWith("nothing of yours to compare"), none);
    }

    private void assertRefused(Map<String, Path> f, String key, Path replacement, String expected) {
        Map<String, Path> g = new LinkedHashMap<>(f);
        g.put(key, replacement);
        String message = assertThrows(IllegalArgumentException.class, () -> NpyLossCheck.run(request(g, null)))
                .getMessage();
        assertTrue(message.contains(expected), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }
}
