package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;

import org.junit.jupiter.api.Test;

/** Conv2DFast.gemm on known answers, and what it throws when its kernels fail; VectorGemm.gemm against its chain. */
class GemmTest {

    /**
     * out[o][q] += sum_i m[o*so + i*si] in[i][q], exact on small integers, for O = 1..3 and I = 1..5 (the
     * 2x3 blocks and every tail), with m read both row-major (so = I, si = 1) and transposed (so = 1, si = O).
     */
    @Test
    void gemmGivesTheKnownProductForEveryBlockAndTail() {
        int len = 3;
        for (int O = 1; O <= 3; O++) {
            for (int I = 1; I <= 5; I++) {
                double[][] in = new double[I][len];
                for (int i = 0; i < I; i++) {
                    for (int q = 0; q < len; q++) {
                        in[i][q] = i + 1 + 10 * q; // in[i][q] = (i+1) + 10q
                    }
                }
                for (boolean transposed : new boolean[] {false, true}) {
                    int so = transposed ? 1 : I, si = transposed ? O : 1;
                    double[] m = new double[O * I];
                    double[][] expected = new double[O][len];
                    double[][] out = new double[O][len];
                    for (int o = 0; o < O; o++) {
                        for (int i = 0; i < I; i++) {
                            m[o * so + i * si] = o - 2 * i; // m(o, i) = o - 2i
                        }
                        for (int q = 0; q < len; q++) {
                            out[o][q] = 100;
                            expected[o][q] = 100;
                            for (int i = 0; i < I; i++) {
                                expected[o][q] += (o - 2 * i) * (i + 1 + 10 * q);
                            }
                        }
                    }
                    Conv2DFast.gemm(out, 0, O, in, I, m, so, si, len);
                    for (int o = 0; o < O; o++) {
                        assertArrayEquals(expected[o], out[o], 0.0, "O " + O + " I " + I + " row " + o
                                + (transposed ? " transposed" : ""));
                    }
                }
            }
        }
    }

    /**
     * VectorGemm.gemm is the chain of its Javadoc to the bit, and writes nothing else: out[out0 + o*os + q] =
     * c then fma(m[m0 + o*so + i*si], in[inOff[i] + q], .) for i in order, c = start[o] if given, else
     * out's own value there (a different one on every row). O = 1..19 rows (the 8- and 4-row blocks and every
     * tail), column counts around one to four vectors, rows padded and offset, m row-major and transposed.
     */
    @Test
    void vectorGemmIsTheFmaChainOfItsJavadocAndWritesNothingElse() {
        int V = VectorGemm.S.length();
        Random rng = new Random(30);
        for (int O = 1; O <= 19; O++) {
            for (int len : new int[] {1, V - 1, V, 2 * V, 2 * V + 1, 3 * V + 2, 4 * V + 1}) {
                for (int I : new int[] {1, 3}) {
                    for (boolean transposed : new boolean[] {false, true}) {
                        for (boolean started : new boolean[] {false, true}) {
                            String what = "O " + O + " len " + len + " I " + I + (transposed ? " transposed" : "")
                                    + (started ? " from start" : " from out") + ", V " + V;
                            sameAsTheChain(what, O, Math.max(1, len), I, transposed, started, rng);
                        }
                    }
                }
            }
        }
    }

    private static void sameAsTheChain(String what, int O, int len, int I, boolean transposed, boolean started,
                                       Random rng) {
        int out0 = 5, os = len + 3, m0 = 3, so = transposed ? 1 : I, si = transposed ? O : 1;
        double[] out = gaussian(out0 + O * os + 4, rng); // every value distinct: a row read for another shows
        double[] in = gaussian(2 + I * (len + 2), rng);
        int[] inOff = new int[I];
        for (int i = 0; i < I; i++) {
            inOff[i] = 2 + (I - 1 - i) * (len + 2); // rows in reverse order, with gaps: only inOff says where
        }
        double[] m = gaussian(m0 + O * I + 2, rng);
        double[] start = started ? gaussian(O, rng) : null;
        double[] expected = out.clone();
        for (int o = 0; o < O; o++) {
            for (int q = 0; q < len; q++) {
                int at = out0 + o * os + q;
                double c = started ? start[o] : out[at];
                for (int i = 0; i < I; i++) {
                    c = Math.fma(m[m0 + o * so + i * si], in[inOff[i] + q], c);
                }
                expected[at] = c;
            }
        }
        VectorGemm.gemm(out, out0, os, O, in, inOff, I, m, m0, so, si, len, start);
        for (int k = 0; k < out.length; k++) {
            if (Double.doubleToLongBits(expected[k]) != Double.doubleToLongBits(out[k])) {
                throw new AssertionError(what + ": out[" + k + "] " + out[k] + ", the chain " + expected[k]);
            }
        }
    }

    private static double[] gaussian(int length, Random rng) {
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    /** A kernel reading past a row (len longer than in's rows) throws its own exception, not a wrapped one. */
    @Test
    void aKernelsUncheckedExceptionComesOutUnwrapped() {
        for (int O = 1; O <= 2; O++) {
            for (int I = 1; I <= 3; I += 2) {
                int o = O, i = I;
                assertThrows(ArrayIndexOutOfBoundsException.class,
                        () -> Conv2DFast.gemm(new double[o][4], 0, o, new double[i][2], i, new double[o * i], i, 1, 4),
                        "O " + O + " I " + I);
            }
        }
    }
}
