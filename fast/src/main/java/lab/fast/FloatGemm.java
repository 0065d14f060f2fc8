package lab.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link VectorGemm} in float lanes: the same blocks, the same chains of fused multiply-adds in the same
 * order, on {@code float[]} and {@code FloatVector} (twice the lanes per vector), so it is bit-equal to the
 * plain float loops of {@link FloatConvLoops} and {@link FloatDenseLoops} on any vector width.
 *
 * <p>Why a second copy and not one generic body: Java has no generics over {@code double[]} and
 * {@code float[]}, and the Vector API's generic {@code Vector<E>} cannot broadcast a {@code double} or
 * {@code float} (its {@code broadcast} takes a {@code long}) nor store into an array; and HotSpot 17
 * compiles a vector kernel to machine vectors only when its species is a constant, which a body shared
 * across two species is not. So each precision has its own text, line for line the other's:
 * {@code FloatKernelsTest} holds both to the chains of the plain loops, and a change to one belongs in the other.
 *
 * <pre>
 *   out[out0 + o*os + q] = c + sum_i m[m0 + o*so + i*si] * in[inOff[i] + q],   o < O, i < I (in order), q < len
 *   where c = start[o] (a bias, or 0) if start is given, else out's value before the call
 * </pre>
 * Loaded only when the JVM has jdk.incubator.vector (see {@link Kernels}). Not a general GEMM library.
 */
final class FloatGemm {

    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private FloatGemm() {
    }

    static void gemm(float[] out, int out0, int os, int O, float[] in, int[] inOff, int I, float[] m, int m0,
                     int so, int si, int len, float[] start) {
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
    private static void rows4(float[] out, int a0, int os, int rows, float[] in, int[] inOff, int I, float[] m,
                              int w0, int so, int si, int q0, int whole, int len, float[] start, int s0) {
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
            float c0 = out[a0 + q], c1 = out[a1 + q], c2 = out[a2 + q], c3 = out[a3 + q];
            for (int i = 0; i < I; i++) {
                float x = in[inOff[i] + q];
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
    private static void block8x2(float[] out, int a, int os, float[] in, int[] inOff, int q, int I, float[] m,
                                 int w, int so, int si, float[] start, int s0) {
        int V = S.length();
        FloatVector c00, c01, c10, c11, c20, c21, c30, c31, c40, c41, c50, c51, c60, c61, c70, c71;
        if (start != null) {
            c00 = FloatVector.broadcast(S, start[s0]);
            c01 = FloatVector.broadcast(S, start[s0]);
            c10 = FloatVector.broadcast(S, start[s0 + 1]);
            c11 = FloatVector.broadcast(S, start[s0 + 1]);
            c20 = FloatVector.broadcast(S, start[s0 + 2]);
            c21 = FloatVector.broadcast(S, start[s0 + 2]);
            c30 = FloatVector.broadcast(S, start[s0 + 3]);
            c31 = FloatVector.broadcast(S, start[s0 + 3]);
            c40 = FloatVector.broadcast(S, start[s0 + 4]);
            c41 = FloatVector.broadcast(S, start[s0 + 4]);
            c50 = FloatVector.broadcast(S, start[s0 + 5]);
            c51 = FloatVector.broadcast(S, start[s0 + 5]);
            c60 = FloatVector.broadcast(S, start[s0 + 6]);
            c61 = FloatVector.broadcast(S, start[s0 + 6]);
            c70 = FloatVector.broadcast(S, start[s0 + 7]);
            c71 = FloatVector.broadcast(S, start[s0 + 7]);
        } else {
            c00 = FloatVector.fromArray(S, out, a);
            c01 = FloatVector.fromArray(S, out, a + V);
            c10 = FloatVector.fromArray(S, out, a + os);
            c11 = FloatVector.fromArray(S, out, a + os + V);
            c20 = FloatVector.fromArray(S, out, a + 2 * os);
            c21 = FloatVector.fromArray(S, out, a + 2 * os + V);
            c30 = FloatVector.fromArray(S, out, a + 3 * os);
            c31 = FloatVector.fromArray(S, out, a + 3 * os + V);
            c40 = FloatVector.fromArray(S, out, a + 4 * os);
            c41 = FloatVector.fromArray(S, out, a + 4 * os + V);
            c50 = FloatVector.fromArray(S, out, a + 5 * os);
            c51 = FloatVector.fromArray(S, out, a + 5 * os + V);
            c60 = FloatVector.fromArray(S, out, a + 6 * os);
            c61 = FloatVector.fromArray(S, out, a + 6 * os + V);
            c70 = FloatVector.fromArray(S, out, a + 7 * os);
            c71 = FloatVector.fromArray(S, out, a + 7 * os + V);
        }
        for (int i = 0; i < I; i++) {
            int p = inOff[i] + q, k = w + i * si;
            FloatVector x0 = FloatVector.fromArray(S, in, p), x1 = FloatVector.fromArray(S, in, p + V);
            FloatVector m0 = FloatVector.broadcast(S, m[k]);
            c00 = m0.fma(x0, c00);
            c01 = m0.fma(x1, c01);
            FloatVector m1 = FloatVector.broadcast(S, m[k + so]);
            c10 = m1.fma(x0, c10);
            c11 = m1.fma(x1, c11);
            FloatVector m2 = FloatVector.broadcast(S, m[k + 2 * so]);
            c20 = m2.fma(x0, c20);
            c21 = m2.fma(x1, c21);
            FloatVector m3 = FloatVector.broadcast(S, m[k + 3 * so]);
            c30 = m3.fma(x0, c30);
            c31 = m3.fma(x1, c31);
            FloatVector m4 = FloatVector.broadcast(S, m[k + 4 * so]);
            c40 = m4.fma(x0, c40);
            c41 = m4.fma(x1, c41);
            FloatVector m5 = FloatVector.broadcast(S, m[k + 5 * so]);
            c50 = m5.fma(x0, c50);
            c51 = m5.fma(x1, c51);
            FloatVector m6 = FloatVector.broadcast(S, m[k + 6 * so]);
            c60 = m6.fma(x0, c60);
            c61 = m6.fma(x1, c61);
            FloatVector m7 = FloatVector.broadcast(S, m[k + 7 * so]);
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
    private static void block4x2(float[] out, int a0, int a1, int a2, int a3, float[] in, int[] inOff, int q,
                                 int I, float[] m, int w0, int w1, int w2, int w3, int si) {
        int V = S.length();
        FloatVector c00 = FloatVector.fromArray(S, out, a0), c01 = FloatVector.fromArray(S, out, a0 + V);
        FloatVector c10 = FloatVector.fromArray(S, out, a1), c11 = FloatVector.fromArray(S, out, a1 + V);
        FloatVector c20 = FloatVector.fromArray(S, out, a2), c21 = FloatVector.fromArray(S, out, a2 + V);
        FloatVector c30 = FloatVector.fromArray(S, out, a3), c31 = FloatVector.fromArray(S, out, a3 + V);
        for (int i = 0; i < I; i++) {
            int p = inOff[i] + q;
            FloatVector x0 = FloatVector.fromArray(S, in, p), x1 = FloatVector.fromArray(S, in, p + V);
            FloatVector m0 = FloatVector.broadcast(S, m[w0 + i * si]);
            c00 = m0.fma(x0, c00);
            c01 = m0.fma(x1, c01);
            FloatVector m1 = FloatVector.broadcast(S, m[w1 + i * si]);
            c10 = m1.fma(x0, c10);
            c11 = m1.fma(x1, c11);
            FloatVector m2 = FloatVector.broadcast(S, m[w2 + i * si]);
            c20 = m2.fma(x0, c20);
            c21 = m2.fma(x1, c21);
            FloatVector m3 = FloatVector.broadcast(S, m[w3 + i * si]);
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
    private static void block4x1(float[] out, int a0, int a1, int a2, int a3, float[] in, int[] inOff, int q,
                                 int I, float[] m, int w0, int w1, int w2, int w3, int si) {
        FloatVector c0 = FloatVector.fromArray(S, out, a0), c1 = FloatVector.fromArray(S, out, a1);
        FloatVector c2 = FloatVector.fromArray(S, out, a2), c3 = FloatVector.fromArray(S, out, a3);
        for (int i = 0; i < I; i++) {
            FloatVector x = FloatVector.fromArray(S, in, inOff[i] + q);
            c0 = FloatVector.broadcast(S, m[w0 + i * si]).fma(x, c0);
            c1 = FloatVector.broadcast(S, m[w1 + i * si]).fma(x, c1);
            c2 = FloatVector.broadcast(S, m[w2 + i * si]).fma(x, c2);
            c3 = FloatVector.broadcast(S, m[w3 + i * si]).fma(x, c3);
        }
        c0.intoArray(out, a0);
        c1.intoArray(out, a1);
        c2.intoArray(out, a2);
        c3.intoArray(out, a3);
    }
}
