package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Conv2DFast.gemm on known answers, and what it throws when its kernels fail. */
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
