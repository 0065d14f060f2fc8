package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * LocallyConnected2D's layout, which a gradient check cannot see (a layer consistently wrong in its
 * shapes or its weight index passes one): an answer worked by hand on a non-square input at stride
 * (1, 2), and proof that every output position has a kernel of its own, forward and backward.
 */
class LocallyConnected2DTest {

    @Test
    void locallyConnectedWorkedByHandAtStride1x2() {
        // x (1,1,3,5) = 1..15 row by row, x[r][c] = 5r + c + 1. Kernel 2x2, stride (1, 2), no padding:
        // OH = (3 - 2) / 1 + 1 = 2, OW = (5 - 2) / 2 + 1 = 2 (rounded down); window (oh, ow) covers rows
        // oh..oh+1 and columns 2ow..2ow+1. W (P=4, T=4, F=2), position p = oh*2 + ow, tap t = kh*2 + kw.
        // Filter 0: position p reads only its tap t = p, with weight p + 1:
        //   p0 (0,0) tap (0,0) -> x[0][0] = 1;  p1 (0,1) tap (0,1) -> x[0][3] = 4;
        //   p2 (1,0) tap (1,0) -> x[2][0] = 11; p3 (1,1) tap (1,1) -> x[2][3] = 14
        //   out = 1*1, 2*4, 3*11, 4*14, plus b0 = 0.5.
        // Filter 1: position p reads only tap t = 3 - p, with weight 10:
        //   p0 tap (1,1) -> x[1][1] = 7;  p1 tap (1,0) -> x[1][2] = 8;
        //   p2 tap (0,1) -> x[1][1] = 7;  p3 tap (0,0) -> x[1][2] = 8;   out = 10 x, plus b1 = -1.
        LocallyConnected2D local = new LocallyConnected2D(new Shape(1, 3, 5), 2, 2, 2, 1, 2, 0, 0);
        assertEquals(new Shape(2, 2, 2), local.outputShape());
        double[] w = local.params().get(0).value(); // (P, T, F)
        assertEquals(4 * 4 * 2, w.length);
        for (int p = 0; p < 4; p++) {
            w[(p * 4 + p) * 2] = p + 1;
            w[(p * 4 + (3 - p)) * 2 + 1] = 10;
        }
        local.params().get(1).value()[0] = 0.5;
        local.params().get(1).value()[1] = -1;
        double[] x = new double[15];
        java.util.Arrays.setAll(x, i -> i + 1);
        assertArrayEquals(new double[] {1.5, 8.5, 33.5, 56.5, 69, 79, 69, 79}, local.forward(x, 1), 0);

        // Backward with dout = 1 everywhere: dW[p, t, f] is the input under tap t of window p (batch of 1),
        // for both filters alike; the window of p1 = (0, 1) is rows 0-1, columns 2-3: 3, 4, 8, 9.
        local.params().forEach(Param::zeroGrad);
        local.backward(new double[] {1, 1, 1, 1, 1, 1, 1, 1});
        double[] dw = local.params().get(0).grad();
        double[][] windows = {{1, 2, 6, 7}, {3, 4, 8, 9}, {6, 7, 11, 12}, {8, 9, 13, 14}};
        for (int p = 0; p < 4; p++) {
            for (int t = 0; t < 4; t++) {
                for (int f = 0; f < 2; f++) {
                    assertEquals(windows[p][t], dw[(p * 4 + t) * 2 + f], 0, "dW[" + p + ", " + t + ", " + f + "]");
                }
            }
        }
        assertArrayEquals(new double[] {4, 4}, local.params().get(1).grad(), 0); // b: summed over positions
    }

    @Test
    void outputShapeRoundsDownPerAxisWithItsOwnStride() {
        // H 7 + 2*1 - 3 = 6 at stride 3: 3 rows; W 4 + 2*0 - 2 = 2 at stride 1: 3 columns.
        assertEquals(new Shape(2, 3, 3), new LocallyConnected2D(new Shape(1, 7, 4), 2, 3, 2, 3, 1, 1, 0).outputShape());
        // W 6 - 1 = 5 at stride 2: 3 columns (rounded down); H 2 - 1 = 1 at stride 1: 2 rows.
        assertEquals(new Shape(1, 2, 3), new LocallyConnected2D(new Shape(1, 2, 6), 1, 1, 1, 1, 2, 0, 0).outputShape());
        // P = 3*3 kernels of C*KH*KW = 3*3*2 taps by F = 2 filters: 324 weights.
        assertEquals(324,
                new LocallyConnected2D(new Shape(3, 7, 4), 2, 3, 2, 3, 1, 1, 0).params().get(0).size());
    }

    /**
     * Perturbing the kernel of one position changes the outputs at that position (every example, every
     * filter it was perturbed for) and nowhere else; and a dout that is non-zero at one position gives a
     * weight gradient in that position's kernel only. Geometries with strides and padding per axis
     * (padding below the kernel, so every window reads some input).
     */
    @Test
    void everyPositionHasAKernelOfItsOwn() {
        int[][] geometries = { // C, H, W, F, KH, KW, SH, SW, PH, PW
            {1, 3, 5, 2, 2, 2, 1, 2, 0, 0}, {2, 6, 4, 2, 3, 2, 2, 1, 1, 1}, {1, 7, 8, 3, 2, 3, 3, 2, 1, 2},
            {3, 5, 5, 1, 1, 1, 1, 1, 0, 0}};
        Random rng = new Random(3);
        for (int[] g : geometries) {
            LocallyConnected2D local = new LocallyConnected2D(new Shape(g[0], g[1], g[2]), g[3], g[4], g[5], g[6],
                    g[7], g[8], g[9]);
            GradCheck.randomize(List.of(local), rng, 1.0);
            int n = 2, F = g[3], OH = local.outputShape().h(), OW = local.outputShape().w(), P = OH * OW;
            int perPosition = local.params().get(0).size() / P; // T * F weights
            double[] x = GradCheck.gaussian(n * local.inputShape().size(), rng);
            double[] base = local.forward(x, n).clone();
            double[] w = local.params().get(0).value();
            for (int p = 0; p < P; p++) {
                double[] saved = w.clone();
                for (int i = p * perPosition; i < (p + 1) * perPosition; i++) {
                    w[i] += 1.0;
                }
                double[] out = local.forward(x, n);
                System.arraycopy(saved, 0, w, 0, w.length);
                for (int o = 0; o < out.length; o++) {
                    int position = o % P; // out (N, F, OH, OW)
                    String where = local.describe() + ": position " + p + " perturbed, output " + o;
                    if (position == p) {
                        assertTrue(out[o] != base[o], where + " should change");
                    } else {
                        assertEquals(base[o], out[o], 0, where + " should not change");
                    }
                }

                // Backward: dout only at position p of filter f = p % F; dW only in kernel p, filter f.
                int f = p % F;
                double[] dout = new double[base.length];
                for (int in = 0; in < n; in++) {
                    dout[(in * F + f) * P + p] = rng.nextGaussian();
                }
                local.forward(x, n);
                local.params().forEach(Param::zeroGrad);
                local.backward(dout);
                double[] dw = local.params().get(0).grad();
                boolean any = false;
                for (int i = 0; i < dw.length; i++) {
                    boolean own = i / perPosition == p && i % F == f;
                    if (!own) {
                        assertEquals(0, dw[i], 0, local.describe() + ": dW[" + i + "] from dout at position " + p);
                    }
                    any |= own && dw[i] != 0;
                }
                assertTrue(any, local.describe() + ": position " + p + "'s kernel got no gradient");
            }
        }
    }
}
