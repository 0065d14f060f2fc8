package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import java.util.List;
import java.util.Map;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dense;
import lab.reference.GlobalAvgPool;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The check of a layer written in any language, through .npy files this test writes itself (so CI needs
 * no Python): a correct conv's results agree, a wrong dW is named with its element, float32 results are
 * judged at float's tolerance, DL4J's reference files come back equal to the correct results, and every
 * bad file is refused in one line that names it (including the two ND4J would crash on or misread, and
 * an input that is not finite, by its element). Without dout, the output alone is checked; gap's output
 * is taken as (N, C) too; DL4J runs in float on request; W in PyTorch's layout is named; the report for
 * CI holds each tensor's worst element. A batch norm's running statistics after one step are judged too: the
 * unbiased variance (PyTorch's running_var) and a swapped decay disagree; any other layer refuses them.
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
        assertTrue(noWeight.endsWith("needs --param b=FILE, shape (3,) (f); a layer without a bias is written with "
                + "nobias: conv(3,k3,s2,p1,nobias)"), noWeight);
    }

    @Test
    void aNanOrInfinityInAnyInputIsRefusedNamingTheFileAndItsFirstElement() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        double[] x = NpyFiles.read(f.get("x")).values();
        x[(1 * 2 + 0) * 20 + 2 * 4 + 3] = Double.NaN; // (1, 0, 2, 3) of (2, 2, 5, 4)
        x[x.length - 1] = Double.NaN;
        write("x", x, DataType.DOUBLE, 2, 2, 5, 4);
        String nan = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(request(f, null))).getMessage();
        assertTrue(nan.endsWith("x.npy[1, 0, 2, 3] is NaN (the first of 2 values not finite in the input x): an input "
                + "must be finite, or DL4J and your code only pass the NaN on and nothing is checked"), nan);

        Map<String, Path> g = writeConvCase(DataType.DOUBLE);
        double[] dout = NpyFiles.read(g.get("dout")).values();
        dout[4] = Double.NEGATIVE_INFINITY; // (0, 0, 2, 0) of (2, 3, 3, 2)
        write("dout", dout, DataType.DOUBLE, 2, 3, 3, 2);
        String inf = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(request(g, null))).getMessage();
        assertTrue(inf.contains("dout.npy[0, 0, 2, 0] is -Infinity (the only value not finite in the upstream "
                + "gradient dout)"), inf);

        Map<String, Path> h = writeConvCase(DataType.DOUBLE);
        write("b", new double[] {0, Double.POSITIVE_INFINITY, 0}, DataType.DOUBLE, 3);
        String weight = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(request(h, null)))
                .getMessage();
        assertTrue(weight.contains("b.npy[1] is Infinity (the only value not finite in the weight b)"), weight);
    }

    @Test
    void aNanInYourResultsIsADisagreementNamedAtItsFirstElement() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        double[] dx = NpyFiles.read(f.get("dx")).values();
        dx[7] = Double.NaN; // (0, 0, 1, 3)
        dx[30] = Double.NaN;
        write("dx", dx, DataType.DOUBLE, 2, 2, 5, 4);
        NpyCheck.Result r = NpyCheck.run(request(f, null));
        assertFalse(r.agrees());
        Judge.TensorVerdict t = r.tensors().stream().filter(v -> v.name().equals("dx")).findFirst().orElseThrow();
        assertEquals(2, t.notFinite());
        assertEquals(7, t.worstRelIndex(), "the first NaN is the one named");
        assertTrue(r.table().contains("dx (n, c, h, w) differs from DL4J at 2 of 80 elements (2 of them NaN or "
                + "infinite in yours); worst at (0, 0, 1, 3): yours NaN vs DL4J"), r.table());
        assertTrue(r.table().contains("(yours is not a finite number where DL4J's is: your code made it, from finite "
                + "inputs)"), r.table());
    }

    @Test
    void withoutDoutOnlyTheOutputIsCheckedAndAGradientIsRefused() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request(LAYER, f.get("x"), Map.of("W", f.get("W"), "b",
                f.get("b")), null, Map.of("output", f.get("output")), dir.resolve("ref"), null, 0));
        assertTrue(r.agrees(), r.table());
        assertEquals(1, r.tensors().size());
        assertEquals(List.of(dir.resolve("ref/output.npy")), r.written(), "no gradient of DL4J's without dout");

        double[] y = NpyFiles.read(f.get("output")).values();
        y[3] += 0.25;
        write("y", y, DataType.DOUBLE, 2, 3, 3, 2);
        NpyCheck.Result wrong = NpyCheck.run(new NpyCheck.Request(LAYER, f.get("x"), Map.of("W", f.get("W"), "b",
                f.get("b")), null, Map.of("output", f.get("output")), null, null, 0));
        assertFalse(wrong.agrees(), "forward only still judges: " + wrong.table());
        assertEquals(3, wrong.tensors().get(0).worstRelIndex());

        String refused = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(new NpyCheck.Request(LAYER,
                f.get("x"), Map.of("W", f.get("W"), "b", f.get("b")), null, Map.of("dW", f.get("dW")), null, null,
                0))).getMessage();
        assertEquals("--grad dW=FILE needs --dout FILE: a gradient is backward's answer to an upstream gradient, and "
                + "DL4J needs the same one to compute its dW; without --dout only --output is checked", refused);
    }

    @Test
    void gapsOutputAndDoutAreTakenAsNByCAsWellAsNByCByOneByOne() {
        Random rng = new Random(2);
        Shape in = new Shape(3, 4, 5);
        GlobalAvgPool gap = new GlobalAvgPool(in);
        double[] x = Values.gaussian(2 * in.size(), 1, rng);
        double[] y = gap.forward(x, 2);
        double[] dout = Values.gaussian(y.length, 1, rng);
        double[] dx = gap.backward(dout);
        Path xf = write("x", x, DataType.DOUBLE, 2, 3, 4, 5);
        Path dxf = write("dx", dx, DataType.DOUBLE, 2, 3, 4, 5);
        for (long[] shape : new long[][] {{2, 3}, {2, 3, 1, 1}}) {
            Path yf = write("y", y, DataType.DOUBLE, shape);
            Path df = write("dout", dout, DataType.DOUBLE, shape);
            NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("gap", xf, Map.of(), df, Map.of("output", yf,
                    "dx", dxf), dir.resolve("ref"), null, 0));
            assertTrue(r.agrees(), r.table());
            assertEquals(shape.length == 2 ? "(n, c)" : "(n, c, h, w)", r.axes().get("output").toString());
            assertArrayEquals(shape, NpyFiles.read(dir.resolve("ref/output.npy")).shape(), "DL4J's as you gave it");
        }
        Path odd = write("y", y, DataType.DOUBLE, 2, 3, 1);
        String refused = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(new NpyCheck.Request("gap",
                xf, Map.of(), null, Map.of("output", odd), null, null, 0))).getMessage();
        assertTrue(refused.endsWith("y.npy: shape (2, 3, 1); expected (2, 3, 1, 1) (n, c, h, w) or (2, 3) (n, c)"),
                refused);
    }

    @Test
    void dl4jInFloatRoundsItsOwnNumbersAndJudgesAtFloatsTolerance() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request(LAYER, f.get("x"), Map.of("W", f.get("W"), "b",
                f.get("b")), f.get("dout"), Map.of("output", f.get("output"), "dW", f.get("dW")), dir.resolve("ref"),
                null, 0, DataType.FLOAT));
        assertTrue(r.agrees(), r.table());
        assertTrue(r.table().startsWith(r.kase() + ", yours in float64, DL4J in float"), r.table());
        assertEquals(1e-4, r.tensors().get(0).rtol());
        double[] mine = NpyFiles.read(f.get("output")).values();
        double[] dl4j = NpyFiles.read(dir.resolve("ref/output.npy")).values();
        double worst = 0;
        for (int i = 0; i < mine.length; i++) {
            assertEquals((float) dl4j[i], dl4j[i], 0.0, "a float's value, element " + i);
            worst = Math.max(worst, Math.abs(mine[i] - dl4j[i]));
        }
        assertTrue(worst > 1e-9 && worst < 1e-5, "DL4J computed in float: " + worst);
    }

    @Test
    void aDenseWInPyTorchsLayoutIsNamedBySquareEvidenceOrByItsShape() {
        Random rng = new Random(4);
        Shape in = Shape.vector(4);
        Dense dense = new Dense(in, 4);
        double[] w = dense.params().get(0).value();
        System.arraycopy(Values.gaussian(16, 0.5, rng), 0, w, 0, 16);
        double[] x = Values.gaussian(12, 1, rng);
        double[] dout = Values.gaussian(12, 1, rng);
        // PyTorch's code: y = x W.T + b with W (out, in); the file holds that W, the results are PyTorch's.
        double[] wt = Diagnosis.swapAxes(w, new int[] {4, 4}, 0, 1);
        double[] y = dense.forward(x, 3);
        double[] dx = dense.backward(dout);
        double[] dwt = Diagnosis.swapAxes(dense.params().get(0).grad(), new int[] {4, 4}, 0, 1);
        Map<String, Path> mine = Map.of("output", write("y", y, DataType.DOUBLE, 3, 4), "dx", write("dx", dx,
                DataType.DOUBLE, 3, 4), "dW", write("dW", dwt, DataType.DOUBLE, 4, 4));
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("dense(4)", write("x", x, DataType.DOUBLE, 3, 4),
                Map.of("W", write("W", wt, DataType.DOUBLE, 4, 4), "b", write("b", dense.params().get(1).value(), DataType.DOUBLE, 4)),
                write("dout", dout, DataType.DOUBLE, 3, 4), mine, null, null, 0));
        assertFalse(r.agrees());
        assertEquals("your output, dx and dW equal DL4J's computed with W transposed: your W is (out, in), PyTorch's "
                + "layout (nn.Linear.weight, y = x W.T + b); DL4J's dense W is (in, out), y = x W + b: pass W.T (and "
                + "your dW.T)", r.hint());

        String shape = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(new NpyCheck.Request(
                "dense(3)", dir.resolve("x.npy"), Map.of("W", write("W3", new double[12], DataType.DOUBLE, 3, 4), "b",
                write("b3", new double[3], DataType.DOUBLE, 3)), null, Map.of("output", write("y3", new double[9],
                DataType.DOUBLE, 3, 3)), null, null, 0))).getMessage();
        assertTrue(shape.endsWith("W3.npy: shape (3, 4); expected (4, 3) (in, out): yours is (out, in), PyTorch's "
                + "layout (nn.Linear.weight); DL4J's dense W is (in, out), y = x W + b: pass W.T"), shape);
    }

    @Test
    void batchNormsFilesAgreeAndADxWithTheBatchStatisticsHeldConstantGetsItsLikelyCause() {
        Random rng = new Random(9);
        Shape in = new Shape(3, 4, 5);
        int n = 3;
        lab.reference.BatchNorm bn = new lab.reference.BatchNorm(in);
        double[] gamma = bn.params().get(0).value();
        double[] beta = bn.params().get(1).value();
        System.arraycopy(Values.gaussian(3, 0.5, rng), 0, gamma, 0, 3);
        System.arraycopy(Values.gaussian(3, 0.5, rng), 0, beta, 0, 3);
        double[] x = Values.gaussian(n * in.size(), 2, rng);
        double[] y = bn.forward(x, n);
        double[] dout = Values.gaussian(y.length, 1, rng);
        double[] dx = bn.backward(dout);
        Map<String, Path> params = Map.of("gamma", write("gamma", gamma, DataType.DOUBLE, 3), "beta",
                write("beta", beta, DataType.DOUBLE, 3));
        Path xFile = write("x", x, DataType.DOUBLE, n, 3, 4, 5);
        Path doutFile = write("dout", dout, DataType.DOUBLE, n, 3, 4, 5);
        Map<String, Path> right = Map.of("output", write("y", y, DataType.DOUBLE, n, 3, 4, 5), "dx",
                write("dx", dx, DataType.DOUBLE, n, 3, 4, 5), "dgamma", write("dgamma", bn.params().get(0).grad(),
                DataType.DOUBLE, 3), "dbeta", write("dbeta", bn.params().get(1).grad(), DataType.DOUBLE, 3));
        NpyCheck.Result agrees = NpyCheck.run(new NpyCheck.Request("batchnorm", xFile, params, doutFile, right, null,
                null, 0));
        assertTrue(agrees.agrees(), agrees.table());

        // The slip: dx = gamma / sqrt(var + eps) * dout, as if the batch's mean and variance were constants.
        double[] slip = new double[x.length];
        int hw = 20;
        for (int c = 0; c < 3; c++) {
            double mean = 0, var = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    mean += x[(i * 3 + c) * hw + p] / (n * hw);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    double v = x[(i * 3 + c) * hw + p] - mean;
                    var += v * v / (n * hw);
                }
            }
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    int at = (i * 3 + c) * hw + p;
                    slip[at] = gamma[c] / Math.sqrt(var + 1e-5) * dout[at];
                }
            }
        }
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("batchnorm", xFile, params, doutFile,
                Map.of("dx", write("dxslip", slip, DataType.DOUBLE, n, 3, 4, 5)), null, null, 0));
        assertFalse(r.agrees());
        assertTrue(r.hint() != null && r.hint().startsWith("your dx equals gamma / sqrt(var + eps) * dout: the "
                + "batch's mean and variance taken as constants"), String.valueOf(r.hint()));
    }

    /**
     * A batch norm's running statistics after one step from 0 and 1, the reference's (decay 0.9, biased
     * variance): they agree with DL4J's update step, with dout and without (they depend on x alone), on an
     * image and behind gap (the batch norm's own input is gap's output), and --write-reference writes DL4J's.
     */
    @Test
    void batchNormsRunningStatisticsAfterOneStepAgreeAndAreWritten() {
        for (String layer : List.of("batchnorm", "gap-batchnorm")) {
            RunningCase k = runningCase(layer, 0.9, false);
            Path reference = dir.resolve("ref-" + layer);
            NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request(layer, k.x(), k.params(), k.dout(), yours("output",
                    k.y(), NpyCheck.RUNNING_MEAN, k.mean(), NpyCheck.RUNNING_VAR, k.var()), reference, null, 0));
            assertTrue(r.agrees(), r.table());
            assertEquals(List.of("output", "runningMean", "runningVar"),
                    r.tensors().stream().map(Judge.TensorVerdict::name).toList());
            assertTrue(r.table().contains("runningVar           3"), r.table());
            assertTrue(r.written().contains(reference.resolve("runningMean.npy")), r.written().toString());
            NpyFiles.Array written = NpyFiles.read(reference.resolve("runningVar.npy"));
            assertArrayEquals(new long[] {3}, written.shape());
            assertArrayEquals(k.varValues(), written.values(), 1e-12);

            NpyCheck.Result forwardOnly = NpyCheck.run(new NpyCheck.Request(layer, k.x(), k.params(), null,
                    yours(NpyCheck.RUNNING_MEAN, k.mean(), NpyCheck.RUNNING_VAR, k.var()), null, null, 0));
            assertTrue(forwardOnly.agrees(), forwardOnly.table());
        }
    }

    /**
     * PyTorch's running_var is the UNBIASED batch variance (divide by N*H*W - 1): DL4J's is biased, so that
     * disagrees, on the variance alone (0.1 var / (N*H*W - 1) apart, here ~1e-3 of terms of ~1).
     */
    @Test
    void anUnbiasedRunningVarianceDisagreesOnRunningVarOnly() {
        RunningCase k = runningCase("batchnorm", 0.9, true);
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("batchnorm", k.x(), k.params(), k.dout(),
                yours(NpyCheck.RUNNING_MEAN, k.mean(), NpyCheck.RUNNING_VAR, k.var()), null, null, 0));
        assertFalse(r.agrees());
        assertEquals(Map.of("runningMean", true, "runningVar", false), verdicts(r));
        assertTrue(r.table().contains("runningVar (c) differs from DL4J at 3 of 3 elements"), r.table());
        assertTrue(r.hint() != null && r.hint().startsWith("your running variance moves toward the batch's UNBIASED "
                + "variance"), r.table());
    }

    /** The decay swapped, 0.1 old + 0.9 batch: both statistics disagree. */
    @Test
    void aRunningUpdateWithTheDecaySwappedDisagrees() {
        RunningCase k = runningCase("batchnorm", 0.1, false);
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("batchnorm", k.x(), k.params(), k.dout(),
                yours("output", k.y(), NpyCheck.RUNNING_MEAN, k.mean(), NpyCheck.RUNNING_VAR, k.var()), null, null, 0));
        assertEquals(Map.of("output", true, "runningMean", false, "runningVar", false), verdicts(r));
        assertEquals(null, r.hint()); // not the unbiased variance's: the rule needs its evidence
    }

    /** Running statistics for a layer that keeps none are refused in one line, before DL4J runs. */
    @Test
    void runningStatisticsForALayerThatIsNotABatchNormAreRefused() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        String refused = assertThrows(IllegalArgumentException.class, () -> NpyCheck.run(new NpyCheck.Request(LAYER,
                f.get("x"), Map.of("W", f.get("W"), "b", f.get("b")), f.get("dout"),
                Map.of(NpyCheck.RUNNING_VAR, f.get("db")), null, null, 0))).getMessage();
        assertEquals("runningVar: running statistics are a batch norm's; conv(3,k3,s2,p1) keeps none (--running is "
                + "for --layer batchnorm)", refused);
    }

    /** Your files by tensor name, in the order given: the order the report lists them in. */
    private static Map<String, Path> yours(Object... nameThenFile) {
        Map<String, Path> yours = new LinkedHashMap<>();
        for (int i = 0; i < nameThenFile.length; i += 2) {
            yours.put((String) nameThenFile[i], (Path) nameThenFile[i + 1]);
        }
        return yours;
    }

    /** Each tensor's verdict by name. */
    private static Map<String, Boolean> verdicts(NpyCheck.Result r) {
        Map<String, Boolean> v = new LinkedHashMap<>();
        r.tensors().forEach(t -> v.put(t.name(), t.agrees()));
        return v;
    }

    /** A batch norm case's files: x, gamma, beta, dout, y, and the running mean and variance after one step. */
    record RunningCase(Path x, Map<String, Path> params, Path dout, Path y, Path mean, Path var, double[] varValues) {
    }

    /**
     * The reference chain {@code layer} (ending in batchnorm) on a 3 x 3x4x5 batch with a mean near 2, one
     * training step; the running statistics written as {@code decay} old + (1 - decay) batch from 0 and 1 (the
     * reference's own where decay is 0.9 and the variance biased), with the unbiased batch variance if asked.
     */
    RunningCase runningCase(String layer, double decay, boolean unbiased) {
        Random rng = new Random(21);
        Shape in = new Shape(3, 4, 5);
        int n = 3;
        List<lab.reference.Layer> chain = Architecture.layers(Architecture.parseLayers(layer), in);
        lab.reference.BatchNorm bn = (lab.reference.BatchNorm) chain.get(chain.size() - 1);
        System.arraycopy(Values.gaussian(3, 0.5, rng), 0, bn.params().get(0).value(), 0, 3);
        System.arraycopy(Values.gaussian(3, 0.5, rng), 0, bn.params().get(1).value(), 0, 3);
        double[] x = Values.gaussian(n * in.size(), 2, rng);
        for (int i = 0; i < x.length; i++) {
            x[i] += 2;
        }
        double[] a = x;
        for (lab.reference.Layer l : chain) {
            a = l.forward(a, n);
        }
        double[] y = a;
        double[] dout = Values.gaussian(y.length, 1, rng);
        double[] d = dout;
        for (int l = chain.size() - 1; l >= 0; l--) {
            d = chain.get(l).backward(d);
        }
        double[] mean = bn.runningMean().clone(); // 0.9 * 0 + 0.1 * batchMean
        double[] var = bn.runningVar().clone(); // 0.9 * 1 + 0.1 * biasedVar
        int count = n * bn.inputShape().h() * bn.inputShape().w();
        for (int c = 0; c < 3 && (decay != 0.9 || unbiased); c++) {
            double batchMean = mean[c] / 0.1;
            double batchVar = (var[c] - 0.9) / 0.1 * (unbiased ? count / (count - 1.0) : 1);
            mean[c] = (1 - decay) * batchMean;
            var[c] = decay + (1 - decay) * batchVar;
        }
        long[] shape = y.length == n * 3 ? new long[] {n, 3, 1, 1} : new long[] {n, 3, 4, 5};
        return new RunningCase(write("x", x, DataType.DOUBLE, n, 3, 4, 5), Map.of("gamma",
                write("gamma", bn.params().get(0).value(), DataType.DOUBLE, 3), "beta",
                write("beta", bn.params().get(1).value(), DataType.DOUBLE, 3)),
                write("dout", dout, DataType.DOUBLE, shape), write("y", y, DataType.DOUBLE, shape),
                write("runningMean", mean, DataType.DOUBLE, 3), write("runningVar", var, DataType.DOUBLE, 3), var);
    }

    @Test
    void reluAtZeroBehindItsConvIsNamedThroughTheConvsBackward() {
        Random rng = new Random(12);
        Shape in = new Shape(2, 6, 6);
        int n = 2;
        Conv2D conv = new Conv2D(in, 3, 3, 3, 1, 1, 1, 1); // b stays 0: blank pixels give pre-activations of exactly 0
        double[] w = conv.params().get(0).value();
        System.arraycopy(Values.gaussian(w.length, 0.5, rng), 0, w, 0, w.length);
        double[] x = Values.gaussian(n * in.size(), 1, rng);
        for (int i = 0; i < n; i++) {
            for (int c = 0; c < 2; c++) {
                for (int p = 0; p < 18; p++) {
                    x[(i * 2 + c) * 36 + p] = 0; // the top three rows blank
                }
            }
        }
        double[] z = conv.forward(x, n).clone();
        double[] dout = Values.gaussian(z.length, 1, rng);
        double[] y = new double[z.length];
        double[] dz = new double[z.length];
        for (int i = 0; i < z.length; i++) {
            y[i] = Math.max(0, z[i]);
            dz[i] = z[i] >= 0 ? dout[i] : 0; // ReLU'(0) = 1: the slip
        }
        double[] dx = conv.backward(dz);
        // In this order: the hint names the tensors that differ in the order given (Map.of's varies by run).
        Map<String, Path> mine = yours("output", write("y", y, DataType.DOUBLE, n, 3, 6, 6), "dx", write("dx", dx,
                DataType.DOUBLE, n, 2, 6, 6), "dW", write("dW", conv.params().get(0).grad(), DataType.DOUBLE, 3, 2, 3,
                3), "db", write("db", conv.params().get(1).grad(), DataType.DOUBLE, 3));
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("conv(3,k3,p1)-relu", write("x", x, DataType.DOUBLE, n,
                2, 6, 6), Map.of("W", write("W", w, DataType.DOUBLE, 3, 2, 3, 3), "b", write("b", new double[3],
                DataType.DOUBLE, 3)), write("dout", dout, DataType.DOUBLE, n, 3, 6, 6), mine, null, null, 0));
        assertFalse(r.agrees());
        // rows 0 and 1 of every map see only blank rows (k3, p1): 2 rows x 6 x 3 filters x 2 examples; dW agrees,
        // its terms there are products with those blank inputs
        assertTrue(r.hint() != null && r.hint().startsWith("your dx, db equal what backward gives with ReLU'(0) = 1: "
                + "at the 72 outputs of conv(3,k3,p1) that are exactly 0 (with a nonzero dout)"), r.table());
    }

    @Test
    void anUpsamplesDxAssignedWhereItsBlockMustAddUpIsNamed() {
        Random rng = new Random(13);
        int n = 2, c = 2, h = 3, w = 3;
        double[] x = Values.gaussian(n * c * h * w, 1, rng);
        double[] dout = Values.gaussian(n * c * 6 * 6, 1, rng);
        double[] dx = new double[x.length];
        for (int i = 0; i < n * c; i++) {
            for (int oh = 0; oh < 6; oh++) {
                for (int ow = 0; ow < 6; ow++) {
                    dx[(i * h + oh / 2) * w + ow / 2] = dout[(i * 6 + oh) * 6 + ow]; // = where the block must add up
                }
            }
        }
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("upsample(2)", write("x", x, DataType.DOUBLE, n, c, h, w),
                Map.of(), write("dout", dout, DataType.DOUBLE, n, c, 6, 6), Map.of("dx", write("dx", dx,
                DataType.DOUBLE, n, c, h, w)), null, null, 0));
        assertFalse(r.agrees());
        assertTrue(r.hint() != null && r.hint().startsWith("each dx element that differs equals ONE of"), r.hint());
    }

    @Test
    void anElementwiseLayersWrongSlopeIsNotMistakenForAnAssignmentWhereASumBelongs() {
        Random rng = new Random(11);
        double[] x = Values.gaussian(2 * 3 * 4 * 4, 1, rng);
        double[] dout = Values.gaussian(x.length, 1, rng);
        double[] y = new double[x.length];
        double[] dx = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] < 0 ? 0.2 * x[i] : x[i];
            dx[i] = x[i] < 0 ? 0 : dout[i]; // the slope below 0 forgotten in backward
        }
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("leakyrelu(0.2)", write("x", x, DataType.DOUBLE, 2, 3, 4,
                4), Map.of(), write("dout", dout, DataType.DOUBLE, 2, 3, 4, 4), Map.of("output", write("y", y,
                DataType.DOUBLE, 2, 3, 4, 4), "dx", write("dx", dx, DataType.DOUBLE, 2, 3, 4, 4)), null, null, 0));
        assertFalse(r.agrees());
        // each of dx's elements has one nonzero term: a zero of yours is no evidence of "=" where "+=" belongs
        assertEquals(null, r.hint());
    }

    @Test
    void aConvWWithFiltersAndChannelsSwappedIsNamed() {
        Random rng = new Random(6);
        Shape in = new Shape(2, 5, 5);
        Conv2D conv = new Conv2D(in, 2, 3, 3, 1, 1, 0, 0);
        double[] w = conv.params().get(0).value();
        System.arraycopy(Values.gaussian(w.length, 0.5, rng), 0, w, 0, w.length);
        double[] x = Values.gaussian(2 * in.size(), 1, rng);
        double[] y = conv.forward(x, 2);
        int[] shape = {2, 2, 3, 3};
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request("conv(2,k3)", write("x", x, DataType.DOUBLE, 2, 2, 5, 5),
                Map.of("W", write("W", Diagnosis.swapAxes(w, shape, 0, 1), DataType.DOUBLE, 2, 2, 3, 3), "b",
                        write("b", conv.params().get(1).value(), DataType.DOUBLE, 2)), null,
                Map.of("output", write("y", y, DataType.DOUBLE, 2, 2, 3, 3)), null, null, 0));
        assertFalse(r.agrees());
        assertTrue(r.hint().startsWith("your output equals DL4J's computed with W's first two axes swapped: your W is "
                + "(C, F, KH, KW)"), r.hint());
    }

    @Test
    void theReportForCiHoldsEachTensorsWorstElementBothValuesTheErrorAndItsBound() {
        Map<String, Path> f = writeConvCase(DataType.DOUBLE);
        double[] dW = NpyFiles.read(f.get("dW")).values();
        dW[5] += 1e-3; // (0, 0, 1, 2)
        write("dW", dW, DataType.DOUBLE, 3, 2, 3, 3);
        FilesReport report = NpyCheck.run(request(f, null)).report();
        assertEquals(LAYER, report.layer());
        assertEquals("float64", report.yoursDtype());
        assertEquals("double", report.dl4jDtype());
        assertFalse(report.agrees());
        FilesReport.Tensor t = report.tensors().stream().filter(v -> v.name().equals("dW")).findFirst().orElseThrow();
        assertFalse(t.agrees());
        assertEquals(List.of(0, 0, 1, 2), t.worstAt());
        assertEquals(List.of("f", "c", "kh", "kw"), t.axes());
        assertEquals(5, t.worstFlatIndex());
        assertEquals(dW[5], t.yours());
        assertEquals(1e-3, t.error(), 1e-12);
        assertEquals(1e-10 * t.termsSize(), t.bound());
        assertTrue(t.error() > t.bound());
        assertTrue(report.tensors().stream().filter(v -> !v.name().equals("dW")).allMatch(FilesReport.Tensor::agrees));
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
