package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.function.UnaryOperator;

import lab.kit.NpyFiles;
import lab.kit.Values;
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
 * ({@code --layer softmax-ce}): its likely cause printed, and a layer's flags refused with it.
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
}
