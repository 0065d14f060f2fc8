package lab.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The selects of a 2x2, stride-2 max-pool on the Vector API, in both precisions: the scalar select is a
 * compare and a jump per input, which random data mispredicts half the time (measured here at about 18 ns
 * an output, over a third of a {@code cnn} step in float). Lanes run along the columns q of a pair of
 * rows: every lane q takes the window whose top-left input is x[row + q] (the even lanes are the pool's
 * windows; the odd ones are computed and thrown away), with the spec's rule in masks, the four inputs in
 * the spec's order: a later input wins only if it is not {@code <=} the best so far while the best is a
 * number, so a tie keeps the first and the first NaN stays. So each chosen input and its offset are those
 * of the scalar rule, to the bit. Loaded only when the JVM has jdk.incubator.vector (see {@link Kernels}).
 *
 * <p>Two copies, double and float, for the reason {@link FloatGemm} gives.
 */
final class MaxPoolVector {

    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;

    private MaxPoolVector() {
    }

    /**
     * For the rows x[row ..] and x[row + W ..] (W even): at every even column q, m[q] = the window's chosen
     * input and k[q] = its offset from x[row + q] (0, 1, W or W + 1); the odd columns hold scratch. m and k
     * hold at least W values. Whole vectors, then one more that overlaps the last (it writes the same values
     * again), then one by one the windows no vector reached (none, or the last when a vector is wider than
     * the row; every window where a vector holds a single lane).
     */
    static void rows(double[] x, int row, int W, double[] m, double[] k) {
        int V = DS.length(), q = 0;
        for (; V >= 2 && q + V <= W - 1; q += V) { // V >= 2: a vector of one lane would end at an odd column
            windows(x, row, W, m, k, q);
        }
        if (V >= 2 && q < W && V <= W - 1) {
            q = (W - 1 - V) & ~1;
            windows(x, row, W, m, k, q);
            q += V;
        }
        for (; q < W; q += 2) {
            int i = row + q;
            int chosen = FastMaxPool2D.select(x, i, i + 1, i + W, i + W + 1);
            m[q] = x[chosen];
            k[q] = chosen - i;
        }
    }

    /** The V windows whose top-left inputs are x[row + q ..]: one vector (V lanes, each input loaded once). */
    private static void windows(double[] x, int row, int W, double[] m, double[] k, int q) {
        DoubleVector best = DoubleVector.fromArray(DS, x, row + q), at = DoubleVector.broadcast(DS, 0.0);
        DoubleVector b = DoubleVector.fromArray(DS, x, row + q + 1);
        VectorMask<Double> t = b.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
        best = best.blend(b, t);
        at = at.blend(DoubleVector.broadcast(DS, 1.0), t);
        DoubleVector c = DoubleVector.fromArray(DS, x, row + W + q);
        t = c.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
        best = best.blend(c, t);
        at = at.blend(DoubleVector.broadcast(DS, W), t);
        DoubleVector d = DoubleVector.fromArray(DS, x, row + W + q + 1);
        t = d.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
        best = best.blend(d, t);
        at = at.blend(DoubleVector.broadcast(DS, W + 1), t);
        best.intoArray(m, q);
        at.intoArray(k, q);
    }

    /** {@link #rows(double[], int, int, double[], double[])} in float lanes. */
    static void rows(float[] x, int row, int W, float[] m, float[] k) {
        int V = FS.length(), q = 0;
        for (; V >= 2 && q + V <= W - 1; q += V) { // V >= 2: a vector of one lane would end at an odd column
            windows(x, row, W, m, k, q);
        }
        if (V >= 2 && q < W && V <= W - 1) {
            q = (W - 1 - V) & ~1;
            windows(x, row, W, m, k, q);
            q += V;
        }
        for (; q < W; q += 2) {
            int i = row + q;
            int chosen = FloatMaxPool2D.select(x, i, i + 1, i + W, i + W + 1);
            m[q] = x[chosen];
            k[q] = chosen - i;
        }
    }

    /** {@link #windows(double[], int, int, double[], double[], int)} in float lanes. */
    private static void windows(float[] x, int row, int W, float[] m, float[] k, int q) {
        FloatVector best = FloatVector.fromArray(FS, x, row + q), at = FloatVector.broadcast(FS, 0f);
        FloatVector b = FloatVector.fromArray(FS, x, row + q + 1);
        VectorMask<Float> t = b.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
        best = best.blend(b, t);
        at = at.blend(FloatVector.broadcast(FS, 1f), t);
        FloatVector c = FloatVector.fromArray(FS, x, row + W + q);
        t = c.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
        best = best.blend(c, t);
        at = at.blend(FloatVector.broadcast(FS, W), t);
        FloatVector d = FloatVector.fromArray(FS, x, row + W + q + 1);
        t = d.compare(VectorOperators.LE, best).not().and(best.compare(VectorOperators.EQ, best));
        best = best.blend(d, t);
        at = at.blend(FloatVector.broadcast(FS, W + 1), t);
        best.intoArray(m, q);
        at.intoArray(k, q);
    }
}
