package lab.fast;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API's matrix product on flat arrays, bit-equal to {@link Conv2DFast#gemm}: the lanes of a
 * vector are independent outputs (neighbouring q), and each output is the same chain of fused multiply-adds
 * over i, in the same order, whatever the vector width (AVX2's 4 doubles or AVX-512's 8). Only where its
 * chain's values live differs: in registers for the whole chain instead of memory after every third step.
 * Loaded only when the JVM has jdk.incubator.vector (see {@link Kernels}). Not a general GEMM library.
 *
 * <pre>
 *   out[out0 + o*os + q] = c + sum_i m[m0 + o*so + i*si] * in[inOff[i] + q],   o < O, i < I (in order), q < len
 *   where c = start[o] (a bias, or 0) if start is given, else out's value before the call
 * </pre>
 * Eight output rows by two vectors at a time (sixteen accumulators, each input vector loaded once for
 * eight rows, each weight broadcast once for two vectors), then four rows; rows past the last one repeat
 * it (their equal results are stored twice), columns past the last whole vector go one by one in scalar
 * fma. Every block keeps its chains in registers over the whole of i, in ONE loop: HotSpot 17 boxes
 * vectors that live across the back edges of two nested loops (see Conv2DVector).
 */
final class VectorGemm {

    static final VectorSpecies<Double> S = DoubleVector.SPECIES_PREFERRED;

    private VectorGemm() {
    }

    static void gemm(double[] out, int out0, int os, int O, double[] in, int[] inOff, int I, double[] m, int m0,
                     int so, int si, int len, double[] start) {
        int V = S.length();
        int whole = len - len % V;
        int o = 0;
        for (; o + 8 <= O; o += 8) {
            int a = out0 + o * os, w = m0 + o * so;
            int q = 0;
            for (; q + 2 * V <= whole; q += 2 * V) {
                block8x2(out, a + q, os, in, inOff, q, I, m, w, so, si, start, o);
            }
            if (q < len) { // the columns left: as four rows twice
                rows4(out, a, os, 4, in, inOff, I, m, w, so, si, q, whole, len, start, o);
                rows4(out, a + 4 * os, os, 4, in, inOff, I, m, w + 4 * so, so, si, q, whole, len, start, o + 4);
            }
        }
        for (; o < O; o += 4) {
            rows4(out, out0 + o * os, os, O - o, in, inOff, I, m, m0 + o * so, so, si, 0, whole, len, start, o);
        }
    }

    /**
     * Up to four rows (past {@code rows} they repeat the last), columns from q0: two vectors, one vector,
     * then one by one.
     */
    private static void rows4(double[] out, int a0, int os, int rows, double[] in, int[] inOff, int I, double[] m,
                              int w0, int so, int si, int q0, int whole, int len, double[] start, int s0) {
        int V = S.length();
        int r1 = Math.min(1, rows - 1), r2 = Math.min(2, rows - 1), r3 = Math.min(3, rows - 1);
        if (start != null) { // the chains start from start[row]: write it where they would load from
            for (int r = 0; r < rows; r++) {
                java.util.Arrays.fill(out, a0 + r * os + q0, a0 + r * os + len, start[s0 + r]);
            }
        }
        int a1 = a0 + r1 * os, a2 = a0 + r2 * os, a3 = a0 + r3 * os;
        int w1 = w0 + r1 * so, w2 = w0 + r2 * so, w3 = w0 + r3 * so;
        int q = q0;
        for (; q + 2 * V <= whole; q += 2 * V) {
            block4x2(out, a0 + q, a1 + q, a2 + q, a3 + q, in, inOff, q, I, m, w0, w1, w2, w3, si);
        }
        for (; q < whole; q += V) {
            block4x1(out, a0 + q, a1 + q, a2 + q, a3 + q, in, inOff, q, I, m, w0, w1, w2, w3, si);
        }
        for (; q < len; q++) {
            double c0 = out[a0 + q], c1 = out[a1 + q], c2 = out[a2 + q], c3 = out[a3 + q];
            for (int i = 0; i < I; i++) {
                double x = in[inOff[i] + q];
                c0 = Math.fma(m[w0 + i * si], x, c0);
                c1 = Math.fma(m[w1 + i * si], x, c1);
                c2 = Math.fma(m[w2 + i * si], x, c2);
                c3 = Math.fma(m[w3 + i * si], x, c3);
            }
            out[a0 + q] = c0;
            out[a1 + q] = c1;
            out[a2 + q] = c2;
            out[a3 + q] = c3;
        }
    }

    /** Rows a .. a + 7*os at columns q .. q + 2V: sixteen chains over i in registers. */
    private static void block8x2(double[] out, int a, int os, double[] in, int[] inOff, int q, int I, double[] m,
                                 int w, int so, int si, double[] start, int s0) {
        int V = S.length();
        DoubleVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (start != null) {
            c00 = DoubleVector.broadcast(S, start[s0]);
            c01 = DoubleVector.broadcast(S, start[s0]);
            c10 = DoubleVector.broadcast(S, start[s0 + 1]);
            c11 = DoubleVector.broadcast(S, start[s0 + 1]);
            c20 = DoubleVector.broadcast(S, start[s0 + 2]);
            c21 = DoubleVector.broadcast(S, start[s0 + 2]);
            c30 = DoubleVector.broadcast(S, start[s0 + 3]);
            c31 = DoubleVector.broadcast(S, start[s0 + 3]);
            c40 = DoubleVector.broadcast(S, start[s0 + 4]);
            c41 = DoubleVector.broadcast(S, start[s0 + 4]);
            c50 = DoubleVector.broadcast(S, start[s0 + 5]);
            c51 = DoubleVector.broadcast(S, start[s0 + 5]);
            c60 = DoubleVector.broadcast(S, start[s0 + 6]);
            c61 = DoubleVector.broadcast(S, start[s0 + 6]);
            c70 = DoubleVector.broadcast(S, start[s0 + 7]);
            c71 = DoubleVector.broadcast(S, start[s0 + 7]);
        } else {
            c00 = DoubleVector.fromArray(S, out, a);
            c01 = DoubleVector.fromArray(S, out, a + V);
            c10 = DoubleVector.fromArray(S, out, a + os);
            c11 = DoubleVector.fromArray(S, out, a + os + V);
            c20 = DoubleVector.fromArray(S, out, a + 2 * os);
            c21 = DoubleVector.fromArray(S, out, a + 2 * os + V);
            c30 = DoubleVector.fromArray(S, out, a + 3 * os);
            c31 = DoubleVector.fromArray(S, out, a + 3 * os + V);
            c40 = DoubleVector.fromArray(S, out, a + 4 * os);
            c41 = DoubleVector.fromArray(S, out, a + 4 * os + V);
            c50 = DoubleVector.fromArray(S, out, a + 5 * os);
            c51 = DoubleVector.fromArray(S, out, a + 5 * os + V);
            c60 = DoubleVector.fromArray(S, out, a + 6 * os);
            c61 = DoubleVector.fromArray(S, out, a + 6 * os + V);
            c70 = DoubleVector.fromArray(S, out, a + 7 * os);
            c71 = DoubleVector.fromArray(S, out, a + 7 * os + V);
        }
        for (int i = 0; i < I; i++) {
            int p = inOff[i] + q, k = w + i * si;
            DoubleVector x0 = DoubleVector.fromArray(S, in, p), x1 = DoubleVector.fromArray(S, in, p + V);
            DoubleVector m0 = DoubleVector.broadcast(S, m[k]);
            c00 = m0.fma(x0, c00);
            c01 = m0.fma(x1, c01);
            DoubleVector m1 = DoubleVector.broadcast(S, m[k + so]);
            c10 = m1.fma(x0, c10);
            c11 = m1.fma(x1, c11);
            DoubleVector m2 = DoubleVector.broadcast(S, m[k + 2 * so]);
            c20 = m2.fma(x0, c20);
            c21 = m2.fma(x1, c21);
            DoubleVector m3 = DoubleVector.broadcast(S, m[k + 3 * so]);
            c30 = m3.fma(x0, c30);
            c31 = m3.fma(x1, c31);
            DoubleVector m4 = DoubleVector.broadcast(S, m[k + 4 * so]);
            c40 = m4.fma(x0, c40);
            c41 = m4.fma(x1, c41);
            DoubleVector m5 = DoubleVector.broadcast(S, m[k + 5 * so]);
            c50 = m5.fma(x0, c50);
            c51 = m5.fma(x1, c51);
            DoubleVector m6 = DoubleVector.broadcast(S, m[k + 6 * so]);
            c60 = m6.fma(x0, c60);
            c61 = m6.fma(x1, c61);
            DoubleVector m7 = DoubleVector.broadcast(S, m[k + 7 * so]);
            c70 = m7.fma(x0, c70);
            c71 = m7.fma(x1, c71);
        }
        c00.intoArray(out, a);
        c01.intoArray(out, a + V);
        c10.intoArray(out, a + os);
        c11.intoArray(out, a + os + V);
        c20.intoArray(out, a + 2 * os);
        c21.intoArray(out, a + 2 * os + V);
        c30.intoArray(out, a + 3 * os);
        c31.intoArray(out, a + 3 * os + V);
        c40.intoArray(out, a + 4 * os);
        c41.intoArray(out, a + 4 * os + V);
        c50.intoArray(out, a + 5 * os);
        c51.intoArray(out, a + 5 * os + V);
        c60.intoArray(out, a + 6 * os);
        c61.intoArray(out, a + 6 * os + V);
        c70.intoArray(out, a + 7 * os);
        c71.intoArray(out, a + 7 * os + V);
    }

    /** Rows a0..a3 at columns q .. q + 2V: the whole chain over i in registers. */
    private static void block4x2(double[] out, int a0, int a1, int a2, int a3, double[] in, int[] inOff, int q,
                                 int I, double[] m, int w0, int w1, int w2, int w3, int si) {
        int V = S.length();
        DoubleVector c00 = DoubleVector.fromArray(S, out, a0), c01 = DoubleVector.fromArray(S, out, a0 + V);
        DoubleVector c10 = DoubleVector.fromArray(S, out, a1), c11 = DoubleVector.fromArray(S, out, a1 + V);
        DoubleVector c20 = DoubleVector.fromArray(S, out, a2), c21 = DoubleVector.fromArray(S, out, a2 + V);
        DoubleVector c30 = DoubleVector.fromArray(S, out, a3), c31 = DoubleVector.fromArray(S, out, a3 + V);
        for (int i = 0; i < I; i++) {
            int p = inOff[i] + q;
            DoubleVector x0 = DoubleVector.fromArray(S, in, p), x1 = DoubleVector.fromArray(S, in, p + V);
            DoubleVector m0 = DoubleVector.broadcast(S, m[w0 + i * si]);
            c00 = m0.fma(x0, c00);
            c01 = m0.fma(x1, c01);
            DoubleVector m1 = DoubleVector.broadcast(S, m[w1 + i * si]);
            c10 = m1.fma(x0, c10);
            c11 = m1.fma(x1, c11);
            DoubleVector m2 = DoubleVector.broadcast(S, m[w2 + i * si]);
            c20 = m2.fma(x0, c20);
            c21 = m2.fma(x1, c21);
            DoubleVector m3 = DoubleVector.broadcast(S, m[w3 + i * si]);
            c30 = m3.fma(x0, c30);
            c31 = m3.fma(x1, c31);
        }
        c00.intoArray(out, a0);
        c01.intoArray(out, a0 + V);
        c10.intoArray(out, a1);
        c11.intoArray(out, a1 + V);
        c20.intoArray(out, a2);
        c21.intoArray(out, a2 + V);
        c30.intoArray(out, a3);
        c31.intoArray(out, a3 + V);
    }

    /** Rows a0..a3 at columns q .. q + V. */
    private static void block4x1(double[] out, int a0, int a1, int a2, int a3, double[] in, int[] inOff, int q,
                                 int I, double[] m, int w0, int w1, int w2, int w3, int si) {
        DoubleVector c0 = DoubleVector.fromArray(S, out, a0), c1 = DoubleVector.fromArray(S, out, a1);
        DoubleVector c2 = DoubleVector.fromArray(S, out, a2), c3 = DoubleVector.fromArray(S, out, a3);
        for (int i = 0; i < I; i++) {
            DoubleVector x = DoubleVector.fromArray(S, in, inOff[i] + q);
            c0 = DoubleVector.broadcast(S, m[w0 + i * si]).fma(x, c0);
            c1 = DoubleVector.broadcast(S, m[w1 + i * si]).fma(x, c1);
            c2 = DoubleVector.broadcast(S, m[w2 + i * si]).fma(x, c2);
            c3 = DoubleVector.broadcast(S, m[w3 + i * si]).fma(x, c3);
        }
        c0.intoArray(out, a0);
        c1.intoArray(out, a1);
        c2.intoArray(out, a2);
        c3.intoArray(out, a3);
    }
}
