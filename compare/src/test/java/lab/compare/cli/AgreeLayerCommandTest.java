package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;

import lab.kit.NpyFiles;
import lab.kit.Values;
import lab.reference.Dense;
import lab.reference.GlobalAvgPool;
import lab.reference.MaxPool2D;
import lab.reference.Shape;
import lab.reference.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code lab agree --layer}: a layer's .npy results checked against DL4J through the real command line:
 * exit 0 and the table when they agree, DL4J's files written on request, exit 4 and the failing tensor
 * when they do not, and exit 2 with one line for a file of the wrong shape. The same for the loss
 * ({@code --layer softmax-ce}): its likely cause printed, and a layer's flags refused with it. Every flag
 * takes effect or is refused ({@code --json} per tensor, {@code --dtype float}, the stack check's refused); a NaN
 * input is refused by element; without {@code --dout} the output alone is checked; and each convention the
 * likely cause knows (ReLU'(0), PyTorch's dense layout, max-pool ties, a mean over the batch) is named. A batch
 * norm's running statistics are checked through {@code --running}, and refused with any other layer.
 */
class AgreeLayerCommandTest {

    @TempDir
    Path dir;

    /** The reference's max-pool on inputs with ties (the first maximum takes the gradient, as DL4J). */
    private String[] pool(double[] dxOverride) {
        Random rng = new Random(5);
        Shape in = new Shape(2, 4, 6);
        MaxPool2D pool = new MaxPool2D(in, 2, 2, 2, 2);
        double[] x = Values.withZerosAndTies(3, in, rng);
        double[] y = pool.forward(x, 3);
        double[] dout = Values.gaussian(y.length, 1, rng);
        double[] dx = dxOverride != null ? dxOverride : pool.backward(dout);
        NpyFiles.write(dir.resolve("x.npy"), x, new long[] {3, 2, 4, 6});
        NpyFiles.write(dir.resolve("dout.npy"), dout, new long[] {3, 2, 2, 3});
        NpyFiles.write(dir.resolve("y.npy"), y, new long[] {3, 2, 2, 3});
        NpyFiles.write(dir.resolve("dx.npy"), dx, new long[] {3, 2, 4, 6});
        return new String[] {"agree", "--layer", "maxpool(2)", "--input", dir.resolve("x.npy").toString(), "--dout",
            dir.resolve("dout.npy").toString(), "--output", dir.resolve("y.npy").toString(), "--grad",
            "dx=" + dir.resolve("dx.npy")};
    }

    @Test
    void agreeingFilesExitZeroWithTheTableAndDl4jsFilesOnRequest() {
        String[] args = pool(null);
        String[] withReference = java.util.Arrays.copyOf(args, args.length + 2);
        withReference[args.length] = "--write-reference";
        withReference[args.length + 1] = dir.resolve("ref").toString();
        LabTest.Outcome o = lab(withReference);
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().startsWith("maxpool(2) on 3 x 2x4x6 -> 3 x 2x2x3 (N x C x H x W), yours in float64"), o.out());
        assertTrue(o.out().contains("verdict: agree"), o.out());
        assertTrue(Files.exists(dir.resolve("ref/dx.npy")) && Files.exists(dir.resolve("ref/output.npy")), o.out());
    }

    @Test
    void aDisagreeingGradientExitsFourNamingIt() {
        double[] dx = new double[3 * 2 * 4 * 6]; // all zero: no gradient routed anywhere
        LabTest.Outcome o = lab(pool(dx));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("dx") && l.contains("DIFFERS")), o.out());
        assertTrue(o.out().contains("verdict: DISAGREE"), o.out());
    }

    @Test
    void aFileOfTheWrongShapeIsOneLineWithExpectedAndGot() {
        String[] args = pool(null);
        NpyFiles.write(dir.resolve("y.npy"), new double[18], new long[] {3, 6});
        assertOneLineError(lab(args), "y.npy: shape (3, 6); expected (3, 2, 2, 3) (n, c, h, w)");
        assertOneLineError(lab("agree", "--input", "x.npy"), "name DL4J's equivalent with --layer");
    }

    /**
     * The reference's softmax + cross-entropy on 4 x 5 logits, row 1 near 1000, saved as the NumPy route saves
     * it (labels int64, the loss 0-d); {@code edit} changes dlogits before it is saved. Returns lab's arguments.
     */
    private String[] loss(UnaryOperator<double[]> edit) throws IOException {
        Random rng = new Random(3);
        int n = 4;
        int k = 5;
        double[] logits = Values.gaussian(n * k, 2, rng);
        for (int j = 0; j < k; j++) {
            logits[k + j] += 1000;
        }
        int[] labels = {2, 0, 4, 1};
        SoftmaxCrossEntropy ce = new SoftmaxCrossEntropy();
        double mean = ce.forward(logits, labels, n, k);
        NpyFiles.write(dir.resolve("logits.npy"), logits, new long[] {n, k});
        Nd4j.writeAsNumpy(Nd4j.createFromArray(2L, 0L, 4L, 1L), dir.resolve("labels.npy").toFile());
        NpyFiles.write(dir.resolve("loss.npy"), new double[] {mean}, new long[0]);
        NpyFiles.write(dir.resolve("dlogits.npy"), edit.apply(ce.backward()), new long[] {n, k});
        return new String[] {"agree", "--layer", "softmax-ce", "--input", dir.resolve("logits.npy").toString(),
            "--labels", dir.resolve("labels.npy").toString(), "--output", dir.resolve("loss.npy").toString(),
            "--grad", "dlogits=" + dir.resolve("dlogits.npy")};
    }

    @Test
    void theLossesFilesAgreeExitZeroAndDl4jsLossAndDlogitsAreWrittenOnRequest() throws IOException {
        String[] args = loss(g -> g);
        String[] withReference = java.util.Arrays.copyOf(args, args.length + 2);
        withReference[args.length] = "--write-reference";
        withReference[args.length + 1] = dir.resolve("ref").toString();
        LabTest.Outcome o = lab(withReference);
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().startsWith("softmax-ce on 4 x 5 logits (N x K), yours in float64, DL4J in double"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("loss ") && l.contains(" ok ")), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("dlogits ") && l.contains(" ok ")), o.out());
        assertTrue(o.out().contains("verdict: agree"), o.out());
        assertEquals(0, NpyFiles.read(dir.resolve("ref/loss.npy")).shape().length, "DL4J's loss, 0-d as numpy's");
        assertTrue(Files.exists(dir.resolve("ref/dlogits.npy")), o.out());
    }

    @Test
    void aLossGradientNotDividedByTheBatchExitsFourWithItsLikelyCause() throws IOException {
        LabTest.Outcome o = lab(loss(g -> {
            for (int i = 0; i < g.length; i++) {
                g[i] *= 4;
            }
            return g;
        }));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("dlogits ") && l.contains("DIFFERS")), o.out());
        assertTrue(o.out().contains("  likely cause: your dlogits is N times DL4J's (N = 4)"), o.out());
        assertTrue(o.out().endsWith("verdict: DISAGREE\n"), o.out());
    }

    @Test
    void aLayersFlagsWithTheLossAndTheLossesWithALayerAreOneLine() throws IOException {
        String[] args = loss(g -> g);
        String[] withDout = java.util.Arrays.copyOf(args, args.length + 2);
        withDout[args.length] = "--dout";
        withDout[args.length + 1] = dir.resolve("dlogits.npy").toString();
        assertOneLineError(lab(withDout), "--param and --dout are a layer's");
        String[] withParam = java.util.Arrays.copyOf(args, args.length + 2);
        withParam[args.length] = "--param";
        withParam[args.length + 1] = "W=" + dir.resolve("dlogits.npy");
        assertOneLineError(lab(withParam), "--param and --dout are a layer's");
        String[] noLabels = {"agree", "--layer", "softmax-ce", "--input", dir.resolve("logits.npy").toString(),
            "--output", dir.resolve("loss.npy").toString()};
        assertOneLineError(lab(noLabels), "--layer softmax-ce needs --input FILE (the logits) and --labels FILE");
        String[] layerArgs = pool(null);
        String[] layerWithLabels = java.util.Arrays.copyOf(layerArgs, layerArgs.length + 2);
        layerWithLabels[layerArgs.length] = "--labels";
        layerWithLabels[layerArgs.length + 1] = dir.resolve("labels.npy").toString();
        assertOneLineError(lab(layerWithLabels), "--labels is the loss's: --layer softmax-ce");
    }
    /** {@code args} and then {@code more}. */
    private static String[] with(String[] args, String... more) {
        String[] all = java.util.Arrays.copyOf(args, args.length + more.length);
        System.arraycopy(more, 0, all, args.length, more.length);
        return all;
    }

    private String file(String name, double[] values, long... shape) {
        Path p = dir.resolve(name + ".npy");
        NpyFiles.write(p, values, shape);
        return p.toString();
    }

    @Test
    void jsonWritesTheVerdictPerTensorWithItsWorstElementTheErrorAndItsBound() throws IOException {
        double[] dx = new double[3 * 2 * 4 * 6];
        Path json = dir.resolve("ci/verdict.jsonl");
        LabTest.Outcome o = lab(with(pool(dx), "--json", json.toString()));
        assertEquals(4, o.code(), o.out() + o.err());
        java.util.List<String> lines = Files.readAllLines(json);
        assertEquals(1, lines.size(), "one line per check, as --arch writes one per case");
        com.fasterxml.jackson.databind.JsonNode v = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(lines.get(0));
        assertEquals("maxpool(2)", v.get("layer").asText());
        assertTrue(v.get("check").asText().startsWith("maxpool(2) on 3 x 2x4x6"), lines.get(0));
        assertEquals("float64", v.get("yoursDtype").asText());
        assertEquals("double", v.get("dl4jDtype").asText());
        assertFalse(v.get("agrees").asBoolean());
        com.fasterxml.jackson.databind.JsonNode output = v.get("tensors").get(0);
        com.fasterxml.jackson.databind.JsonNode grad = v.get("tensors").get(1);
        assertEquals("output", output.get("name").asText());
        assertTrue(output.get("agrees").asBoolean());
        assertEquals("dx", grad.get("name").asText());
        assertFalse(grad.get("agrees").asBoolean());
        assertEquals(4, grad.get("worstAt").size(), "(n, c, h, w): " + grad);
        assertEquals(0.0, grad.get("yours").asDouble());
        assertEquals(Math.abs(grad.get("dl4j").asDouble()), grad.get("error").asDouble());
        assertEquals(1e-10 * grad.get("termsSize").asDouble(), grad.get("bound").asDouble());
        assertTrue(grad.get("error").asDouble() > grad.get("bound").asDouble(), grad.toString());
    }

    @Test
    void dtypeFloatRunsDl4jInFloatAtFloatsTolerance() throws IOException {
        Path json = dir.resolve("float.jsonl");
        LabTest.Outcome o = lab(with(pool(null), "--dtype", "float", "--json", json.toString()));
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().startsWith("maxpool(2) on 3 x 2x4x6 -> 3 x 2x2x3 (N x C x H x W), yours in float64, DL4J in "
                + "float"), o.out());
        String line = Files.readAllLines(json).get(0);
        assertTrue(line.contains("\"dl4jDtype\":\"float\"") && line.contains("\"rtol\":1.0E-4"), line);
        assertOneLineError(lab(with(loss(g -> g), "--dtype", "float")), "--dtype float: --layer softmax-ce runs "
                + "DL4J's loss in double only");
    }

    @Test
    void theStackChecksFlagsAreRefusedWithALayerAndTheLayersWithoutOne() {
        assertOneLineError(lab(with(pool(null), "--seed", "3")), "--seed is the reference stack's (lab agree without "
                + "--layer); --layer runs DL4J once on your own files, nothing drawn, nothing trained: drop it");
        assertOneLineError(lab(with(pool(null), "--lockstep", "0", "--cases", "2")), "--cases, --lockstep are the "
                + "reference stack's");
        assertOneLineError(lab(with(pool(null), "--arch", "mlp")), "--arch is the reference stack's");
        assertOneLineError(lab("agree", "--rtol", "1e-3"), "--write-reference, --rtol and --atol check your own "
                + "layer: name DL4J's equivalent with --layer");
    }

    @Test
    void aNanInAnInputExitsTwoNamingTheFileAndItsElementBeforeDl4jRuns() {
        String[] args = pool(null);
        double[] x = NpyFiles.read(dir.resolve("x.npy")).values();
        x[(1 * 2 + 1) * 24 + 2 * 6 + 5] = Double.NaN; // (1, 1, 2, 5) of (3, 2, 4, 6)
        NpyFiles.write(dir.resolve("x.npy"), x, new long[] {3, 2, 4, 6});
        assertOneLineError(lab(args), "x.npy[1, 1, 2, 5] is NaN (the only value not finite in the input x)");
    }

    @Test
    void withoutDoutTheOutputAloneIsCheckedAndGapsIsTakenAsNByC() {
        Random rng = new Random(8);
        Shape in = new Shape(3, 2, 5);
        GlobalAvgPool gap = new GlobalAvgPool(in);
        double[] x = Values.gaussian(2 * in.size(), 1, rng);
        String xf = file("x", x, 2, 3, 2, 5);
        String yf = file("y", gap.forward(x, 2), 2, 3);
        LabTest.Outcome o = lab("agree", "--layer", "gap", "--input", xf, "--output", yf);
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("output ") && l.contains(" ok ")
                && l.matches(".* \\(\\d, \\d\\) .*")), "worst at (n, c): " + o.out());
        assertFalse(o.out().lines().anyMatch(l -> l.trim().startsWith("dx ")), o.out());
        assertOneLineError(lab("agree", "--layer", "gap", "--input", xf, "--output", yf, "--grad", "dx=" + xf),
                "--grad dx=FILE needs --dout FILE");
    }

    /**
     * --running mean=FILE --running var=FILE: a batch norm's running statistics after one step from 0 and 1
     * (the reference's: decay 0.9, biased variance) agree, the unbiased variance exits 4 naming runningVar alone,
     * DL4J's are written on request, and the flag is refused with any other layer, a name it does not know and
     * without --layer, in one line each.
     */
    @Test
    void aBatchNormsRunningStatisticsAreCheckedWrittenAndRefusedElsewhere() {
        Random rng = new Random(14);
        Shape in = new Shape(2, 3, 4);
        lab.reference.BatchNorm bn = new lab.reference.BatchNorm(in);
        double[] x = Values.gaussian(3 * in.size(), 2, rng);
        double[] y = bn.forward(x, 3);
        bn.backward(Values.gaussian(y.length, 1, rng)); // the step that moves the running statistics
        String[] args = {"agree", "--layer", "batchnorm", "--input", file("x", x, 3, 2, 3, 4), "--param",
            "gamma=" + file("gamma", bn.params().get(0).value(), 2), "--param", "beta=" + file("beta",
            bn.params().get(1).value(), 2), "--output", file("y", y, 3, 2, 3, 4), "--running",
            "mean=" + file("mean", bn.runningMean(), 2)};
        LabTest.Outcome o = lab(with(args, "--running", "var=" + file("var", bn.runningVar(), 2), "--write-reference",
                dir.resolve("ref").toString()));
        assertEquals(0, o.code(), o.out() + o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("runningMean ") && l.contains(" ok ")), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("runningVar ") && l.contains(" ok ")), o.out());
        assertTrue(Files.exists(dir.resolve("ref/runningMean.npy")) && Files.exists(dir.resolve("ref/runningVar.npy")),
                o.out());

        double[] unbiased = bn.runningVar().clone();
        for (int c = 0; c < 2; c++) {
            unbiased[c] = 0.9 + (unbiased[c] - 0.9) * 36 / 35.0; // N*H*W = 36 values per channel
        }
        LabTest.Outcome wrong = lab(with(args, "--running", "var=" + file("unbiased", unbiased, 2)));
        assertEquals(4, wrong.code(), wrong.out() + wrong.err());
        assertTrue(wrong.out().lines().anyMatch(l -> l.trim().startsWith("runningVar ") && l.contains("DIFFERS")),
                wrong.out());
        assertTrue(wrong.out().lines().anyMatch(l -> l.trim().startsWith("runningMean ") && l.contains(" ok ")),
                wrong.out());

        String xf = dir.resolve("x.npy").toString();
        assertOneLineError(lab("agree", "--layer", "relu", "--input", xf, "--output", xf, "--running", "mean=" + xf),
                "--running is a batch norm's: --layer batchnorm; relu keeps no running statistics");
        assertOneLineError(lab("agree", "--layer", "softmax-ce", "--input", xf, "--running", "var=" + xf),
                "--running is a batch norm's: --layer batchnorm; softmax-ce keeps no running statistics");
        assertOneLineError(lab(with(args, "--running", "std=" + xf)), "--running std=FILE: the running statistics "
                + "are mean=FILE and var=FILE");
        assertOneLineError(lab("agree", "--running", "mean=" + xf), "--grad, --running, --write-reference");
    }

    // ---- the likely cause of each convention the issue names, through .npy files ----

    @Test
    void reluPassingTheGradientAtZeroIsNamedWithItsEvidence() {
        Random rng = new Random(9);
        Shape in = new Shape(2, 3, 4);
        double[] x = Values.withZerosAndTies(2, in, rng);
        double[] dout = Values.gaussian(x.length, 1, rng);
        double[] dx = new double[x.length];
        int zeros = 0;
        for (int i = 0; i < x.length; i++) {
            dx[i] = x[i] >= 0 ? dout[i] : 0; // ReLU'(0) = 1
            zeros += x[i] == 0 ? 1 : 0;
        }
        assertTrue(zeros > 0, "the case has exact zeros");
        LabTest.Outcome o = lab("agree", "--layer", "relu", "--input", file("x", x, 2, 2, 3, 4), "--dout",
                file("dout", dout, 2, 2, 3, 4), "--grad", "dx=" + file("dx", dx, 2, 2, 3, 4));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("  likely cause: all " + zeros + " dx elements that differ sit where the "
                + "pre-activation x is exactly 0, and there yours passes the gradient on (ReLU'(0) = 1)"), o.out());
    }

    @Test
    void aSquareDenseWInPyTorchsLayoutIsNamed() {
        Random rng = new Random(10);
        Dense dense = new Dense(Shape.vector(5), 5);
        double[] w = dense.params().get(0).value();
        System.arraycopy(Values.gaussian(25, 0.5, rng), 0, w, 0, 25);
        double[] x = Values.gaussian(15, 1, rng);
        double[] dout = Values.gaussian(15, 1, rng);
        double[] y = dense.forward(x, 3); // x w: what PyTorch computes from the file's W = w.T, as x W.T
        double[] wt = new double[25];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 5; j++) {
                wt[j * 5 + i] = w[i * 5 + j];
            }
        }
        LabTest.Outcome o = lab("agree", "--layer", "dense(5)", "--input", file("x", x, 3, 5), "--param",
                "W=" + file("W", wt, 5, 5), "--param", "b=" + file("b", dense.params().get(1).value(), 5),
                "--dout", file("dout", dout, 3, 5), "--output", file("y", y, 3, 5), "--grad",
                "dx=" + file("dx", dense.backward(dout), 3, 5));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("  likely cause: your output and dx equal DL4J's computed with W transposed: your W "
                + "is (out, in), PyTorch's layout"), o.out());
        assertTrue(o.out().contains("DL4J's dense W is (in, out), y = x W + b: pass W.T"), o.out());
    }

    @Test
    void maxPoolTiesSplitAreNamedAsTies() {
        Random rng = new Random(5); // pool()'s own values, to split its ties
        Shape in = new Shape(2, 4, 6);
        double[] x = Values.withZerosAndTies(3, in, rng);
        double[] dout = Values.gaussian(3 * 2 * 2 * 3, 1, rng);
        double[] dx = new double[x.length];
        for (int o = 0; o < dout.length; o++) {
            int n = o / 12;
            int c = o / 6 % 2;
            int oh = o / 3 % 2;
            int ow = o % 3;
            double max = Double.NEGATIVE_INFINITY;
            int ties = 0;
            for (int pass = 0; pass < 2; pass++) {
                for (int kh = 0; kh < 2; kh++) {
                    for (int kw = 0; kw < 2; kw++) {
                        int i = ((n * 2 + c) * 4 + oh * 2 + kh) * 6 + ow * 2 + kw;
                        if (pass == 0) {
                            ties = x[i] > max ? 1 : x[i] == max ? ties + 1 : ties;
                            max = Math.max(max, x[i]);
                        } else if (x[i] == max) {
                            dx[i] += dout[o] / ties; // split among the tied maxima
                        }
                    }
                }
            }
        }
        LabTest.Outcome o = lab(pool(dx));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("dx elements that differ sit in windows whose maximum is tied: your dx is each "
                + "window's gradient split among tied maxima: DL4J gives all of it to the FIRST maximum"), o.out());
    }

    @Test
    void gradientsDividedByTheBatchAreNamed() {
        Random rng = new Random(12);
        Dense dense = new Dense(Shape.vector(5), 3);
        double[] w = dense.params().get(0).value();
        System.arraycopy(Values.gaussian(15, 0.5, rng), 0, w, 0, 15);
        double[] x = Values.gaussian(20, 1, rng);
        double[] dout = Values.gaussian(12, 1, rng);
        dense.forward(x, 4);
        dense.backward(dout);
        double[] dW = dense.params().get(0).grad().clone();
        double[] db = dense.params().get(1).grad().clone();
        for (int i = 0; i < dW.length; i++) {
            dW[i] /= 4; // a mean over the batch, in the layer
        }
        for (int i = 0; i < db.length; i++) {
            db[i] /= 4;
        }
        LabTest.Outcome o = lab("agree", "--layer", "dense(3)", "--input", file("x", x, 4, 5), "--param",
                "W=" + file("W", w, 5, 3), "--param", "b=" + file("b", dense.params().get(1).value(), 3),
                "--dout", file("dout", dout, 4, 3), "--grad", "dW=" + file("dW", dW, 5, 3), "--grad",
                "db=" + file("db", db, 3));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("  likely cause: your dW and db are DL4J's divided by the batch size N = 4, element "
                + "by element"), o.out());
    }
}
