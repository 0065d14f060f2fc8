package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.ReLU;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * The ReLU and max-pool twins on batches big enough to split (at least {@link Parallel#MIN_WORK} values, so
 * each chunk starts at an example other than 0): the spec's values on 1, 2 and 3 threads, max-pool to the
 * bit with its ties, NaNs, infinities and signed zeros, its argmax routing included. The other tests' inputs
 * are too small to split, so there every chunk starts at example 0.
 */
class SplitTwinsTest {

    /** 2x2 at stride 2 (the tiling path), 3x3 at stride 2 and 3x3 at stride 1 (overlapping windows, +=). */
    @Test
    void maxPoolSplitOverThreadsGivesTheSpecsBits() {
        Random rng = new Random(21);
        int[][] cases = {{4, 24, 24, 2, 2}, {3, 25, 25, 3, 2}, {2, 26, 26, 3, 1}}; // C, H, W, K, S
        for (int[] k : cases) {
            Shape in = new Shape(k[0], k[1], k[2]);
            for (int threads = 1; threads <= 3; threads++) {
                MaxPool2D spec = new MaxPool2D(in, k[3], k[3], k[4], k[4]);
                Layer twin = Fast.twin(new MaxPool2D(in, k[3], k[3], k[4], k[4]), true, Kernels.best(), threads);
                // the smallest batch that splits, then one example more (uneven chunks, new buffers)
                int n = (int) ((Parallel.MIN_WORK + in.size() - 1) / in.size());
                for (int batch : new int[] {n, n + 1}) {
                    String what = spec.describe() + ", " + threads + " threads, batch " + batch;
                    double[] x = awkward(batch * in.size(), rng, true, true);
                    double[] dout = awkward(batch * spec.outputShape().size(), rng, false, true);
                    assertTrue(x.length >= Parallel.MIN_WORK, what + ": big enough to split");
                    assertBits(what + ": out", spec.forward(x, batch), twin.forward(x, batch));
                    assertBits(what + ": dx", spec.backward(dout), twin.backward(dout));
                }
            }
        }
    }

    /** ReLU equals the spec on every value (its dx may be -0.0 where the spec's is 0.0: dout times a 0 mask). */
    @Test
    void reluSplitOverThreadsGivesTheSpecsValues() {
        Random rng = new Random(22);
        Shape in = new Shape(4, 24, 24);
        int n = (int) ((Parallel.MIN_WORK + in.size() - 1) / in.size());
        for (int threads = 1; threads <= 3; threads++) {
            ReLU spec = new ReLU(in);
            Layer twin = Fast.twin(new ReLU(in), true, Kernels.best(), threads);
            for (int batch : new int[] {n, n + 1}) {
                String what = "relu, " + threads + " threads, batch " + batch;
                double[] x = awkward(batch * in.size(), rng, false, true);
                // finite: the twin's dout * 0-mask makes an infinite dout NaN where the spec's select gives 0
                double[] dout = awkward(batch * in.size(), rng, false, false);
                assertBits(what + ": out", spec.forward(x, batch), twin.forward(x, batch));
                double[] a = spec.backward(dout), b = twin.backward(dout);
                assertEquals(a.length, b.length, what + ": dx length");
                for (int i = 0; i < a.length; i++) {
                    if (a[i] != b[i]) {
                        throw new AssertionError(what + ": dx[" + i + "]: spec " + a[i] + ", twin " + b[i]);
                    }
                }
            }
        }
    }

    /**
     * Small integers from -3 to 3 (ties everywhere), with -0.0 and, if asked, infinities and NaNs sprinkled
     * in: each about one value in twenty.
     */
    private static double[] awkward(int length, Random rng, boolean nans, boolean infinities) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            int r = rng.nextInt(20);
            v[i] = switch (r) {
                case 0 -> -0.0;
                case 1 -> infinities ? Double.NEGATIVE_INFINITY : -2.5;
                case 2 -> infinities ? Double.POSITIVE_INFINITY : 2.5;
                case 3 -> nans ? Double.NaN : 0.5;
                default -> rng.nextInt(7) - 3;
            };
        }
        return v;
    }

    /** Equal to the bit (-0.0 is not 0.0; NaN equals NaN); a failure names the index and both values. */
    private static void assertBits(String what, double[] spec, double[] twin) {
        assertEquals(spec.length, twin.length, what + ": lengths");
        for (int i = 0; i < spec.length; i++) {
            if (Double.doubleToLongBits(spec[i]) != Double.doubleToLongBits(twin[i])) {
                throw new AssertionError(what + "[" + i + "]: spec " + spec[i] + ", twin " + twin[i]);
            }
        }
    }
}
