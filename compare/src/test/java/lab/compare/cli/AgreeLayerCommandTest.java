package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import lab.kit.NpyFiles;
import lab.kit.Values;
import lab.reference.MaxPool2D;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab agree --layer}: a layer's .npy results checked against DL4J through the real command line:
 * exit 0 and the table when they agree, DL4J's files written on request, exit 4 and the failing tensor
 * when they do not, and exit 2 with one line for a file of the wrong shape.
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
}
