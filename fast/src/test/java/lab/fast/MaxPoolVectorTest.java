package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;

import lab.reference.MaxPool2D;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * The Vector API's 2x2 max-pool chooses the scalar rule's inputs, bit for bit, in both precisions: on rows
 * of every even width from 2 to 40 (the vector loop, its tail, and rows too short for a vector), on values
 * drawn from a few that tie, signed zeros, infinities and NaNs. The build runs it at three vector widths.
 */
class MaxPoolVectorTest {

    private static final double[] AWKWARD = {0.0, -0.0, 1.0, 1.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY,
            Double.NEGATIVE_INFINITY, 2.5};

    @Test
    void everyWindowChoosesTheScalarRulesInputInDoubleAndFloat() {
        Random rng = new Random(9);
        for (int w = 2; w <= 40; w += 2) {
            for (int trial = 0; trial < 50; trial++) {
                double[] x = new double[2 * w];
                for (int i = 0; i < x.length; i++) {
                    x[i] = rng.nextInt(3) == 0 ? rng.nextGaussian() : AWKWARD[rng.nextInt(AWKWARD.length)];
                }
                float[] xf = Fast.narrow(x, null);
                double[] m = new double[w], k = new double[w];
                float[] mf = new float[w], kf = new float[w];
                MaxPoolVector.rows(x, 0, w, m, k);
                MaxPoolVector.rows(xf, 0, w, mf, kf);
                for (int q = 0; q < w; q += 2) {
                    int chosen = FastMaxPool2D.select(x, q, q + 1, q + w, q + w + 1);
                    String at = "width " + w + ", window at column " + q + ", vector width " + FloatGemm.S.length()
                            + " floats";
                    assertEquals(chosen - q, (int) k[q], "double: " + at);
                    assertEquals(Double.doubleToRawLongBits(x[chosen]), Double.doubleToRawLongBits(m[q]), "double: " + at);
                    int chosenF = FloatMaxPool2D.select(xf, q, q + 1, q + w, q + w + 1);
                    assertEquals(chosen, chosenF, "float chooses as double does: " + at);
                    assertEquals(chosenF - q, (int) kf[q], "float: " + at);
                    assertEquals(Float.floatToRawIntBits(xf[chosenF]), Float.floatToRawIntBits(mf[q]), "float: " + at);
                }
            }
        }
    }

    /** The twins on either kernels: the same maxima, argmax and routed gradients, on a batch of planes. */
    @Test
    void thePoolTwinsGiveTheSameBitsOnEitherKernels() {
        Shape in = new Shape(3, 12, 22);
        Random rng = new Random(4);
        int n = 5;
        double[] x = new double[n * in.size()];
        double[] dout = new double[n * in.size() / 4];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(3) == 0 ? rng.nextGaussian() : AWKWARD[rng.nextInt(AWKWARD.length)];
        }
        for (int i = 0; i < dout.length; i++) {
            dout[i] = rng.nextGaussian();
        }
        FastMaxPool2D vector = new FastMaxPool2D(new MaxPool2D(in, 2, 2, 2, 2), Kernels.VECTOR, 2);
        FastMaxPool2D scalar = new FastMaxPool2D(new MaxPool2D(in, 2, 2, 2, 2), Kernels.SCALAR, 1);
        assertArrayEquals(scalar.forward(x, n), vector.forward(x, n));
        assertArrayEquals(scalar.argmax(), vector.argmax());
        assertArrayEquals(scalar.backward(dout), vector.backward(dout));
        FloatMaxPool2D vectorF = new FloatMaxPool2D(new MaxPool2D(in, 2, 2, 2, 2), Kernels.VECTOR, 2);
        FloatMaxPool2D scalarF = new FloatMaxPool2D(new MaxPool2D(in, 2, 2, 2, 2), Kernels.SCALAR, 1);
        float[] xf = Fast.narrow(x, null), doutF = Fast.narrow(dout, null);
        assertArrayEquals(scalarF.forward(xf, n), vectorF.forward(xf, n));
        assertArrayEquals(scalarF.backward(doutF), vectorF.backward(doutF));
    }
}
