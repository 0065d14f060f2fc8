package lab.fast;

import java.util.Arrays;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The stride-1 conv of {@link ConvKernel} on the Vector API, bit-equal to the scalar {@link Conv2DFast}
 * on any vector width: every vector's lanes are independent outputs, each summed in the scalar order.
 * Forward and dx are {@link VectorGemm} products with lanes along the flat output q (the forward reads the
 * padded image at each tap's offset directly, so there is no im2col copy). dW is where the scalar path
 * is stuck at scalar speed, its sums running along q: here the lanes are FILTERS instead, so each lane
 * still sums its own (f, t) along q in raster order, and a vector of filters' dout (dz transposed, one row
 * per output position) meets one broadcast input value per tap. Loaded only when the JVM has
 * jdk.incubator.vector (see {@link Kernels}).
 *
 * <pre>
 * Legend as in ConvKernel; V lanes per vector, FP = F rounded up to whole vectors (lanes past F stay 0).
 * </pre>
 */
final class Conv2DVector extends ConvKernel {

    private static final VectorSpecies<Double> S = VectorGemm.S;
    private static final int TAPS = 9; // taps per pass of the dW kernel: nine accumulators

    private final int V = S.length(), FP;
    private final int[] dzOffset; // (F): row f of dz starts at f * L
    private final int[] flat; // (OH*OW): output position j = oh*OW + ow sits at q = oh*WP + ow
    // One thread's scratch, kept between examples.
    private final double[] acc; // (F, L): the output of filter f, with waste columns
    private final double[] zeros; // (T): where every dcol chain starts
    private final double[] dz; // (F, L): dout of filter f; the waste columns are never written, so stay 0
    private final double[] dzT; // (OH*OW, FP): dout transposed, a vector of filters per output position
    private final double[] dwT; // (T, FP): this example's dW, transposed
    private final double[] dbT; // (FP): this example's db
    private final double[] dcol; // (T, L): d loss / d (the input tap t read at q)
    private final double[] dxp; // (C, HP, WP) + slack: d loss / d padded x

    Conv2DVector(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        super(C, H, W, F, KH, KW, PH, PW, OH, OW);
        FP = (F + V - 1) / V * V;
        dzOffset = new int[F];
        for (int f = 0; f < F; f++) {
            dzOffset[f] = f * L;
        }
        flat = new int[OH * OW];
        for (int j = 0; j < flat.length; j++) {
            flat[j] = j / OW * WP + j % OW;
        }
        acc = new double[F * L];
        dz = new double[F * L];
        dzT = new double[OH * OW * FP];
        dwT = new double[T * FP];
        dbT = new double[FP];
        dcol = new double[T * L];
        zeros = new double[T];
        dxp = new double[xp.length];
    }

    @Override
    void forward(double[] x, int x0, double[] w, double[] b, double[] out, int o0) {
        pad(x, x0);
        // forward: out[f][q] = b[f] + sum_t w[f, t] * xp[q + tapOffset[t]]
        VectorGemm.gemm(acc, 0, L, F, xp, tapOffset, T, w, 0, T, 1, L, b);
        for (int f = 0; f < F; f++) {
            for (int oh = 0; oh < OH; oh++) {
                System.arraycopy(acc, f * L + oh * WP, out, o0 + (f * OH + oh) * OW, OW);
            }
        }
    }

    @Override
    void backward(double[] dout, int o0, double[] x, int x0, double[] w, double[] dwPart, int p0,
                  double[] dbPart, int b0, double[] dx, int dx0) {
        pad(x, x0);
        int positions = OH * OW;
        // dz transposed, filter by filter: each filter's dout read in order, written a lane of every row
        for (int f = 0; f < F; f++) {
            int from = o0 + f * positions;
            for (int j = 0; j < positions; j++) {
                dzT[j * FP + f] = dout[from + j];
            }
        }
        for (int k = 0; k < FP; k += V) {
            // forward was: out[f][q] = b[f] + w[f, t] * xp[q + tapOffset[t]] + ..., for every q: dw[f, t] and
            // db[f] sum over q
            for (int t = 0; t < T; t += TAPS) {
                dw9(dzT, xp, tapOffset, flat, dwT, dbT, k, t, T, FP);
            }
        }
        System.arraycopy(dbT, 0, dbPart, b0, F);
        for (int f = 0; f < F; f++) {
            for (int t = 0; t < T; t++) {
                dwPart[p0 + f * T + t] = dwT[t * FP + f];
            }
        }
        if (dx == null) {
            return; // the network's first layer: nobody wants d loss / d x
        }
        for (int f = 0; f < F; f++) {
            int o = o0 + f * positions;
            for (int oh = 0; oh < OH; oh++) {
                System.arraycopy(dout, o + oh * OW, dz, f * L + oh * WP, OW);
            }
        }
        // ... and the input read by tap t at q fed every filter: dcol[t][q] = sum_f w[f, t] * dz[f][q]
        VectorGemm.gemm(dcol, 0, L, T, dz, dzOffset, F, w, 0, 1, T, L, zeros);
        // col2im: tap t read padded x at q + tapOffset[t], so that is where its gradient goes, tap by tap
        Arrays.fill(dxp, 0.0);
        int whole = L - L % V;
        for (int t = 0; t < T; t++) {
            int shift = tapOffset[t], row = t * L;
            int q = 0;
            for (; q < whole; q += V) {
                DoubleVector.fromArray(S, dxp, shift + q).add(DoubleVector.fromArray(S, dcol, row + q))
                        .intoArray(dxp, shift + q);
            }
            for (; q < L; q++) {
                dxp[shift + q] += dcol[row + q];
            }
        }
        copyInterior(dxp, dx, dx0);
    }

    /** +0.0 in every lane, as the scalar sums start (not DoubleVector.zero: see dw9). */
    private static DoubleVector zero() {
        return DoubleVector.broadcast(S, 0.0);
    }

    /**
     * dwT[t .. t+8][k .. k+V) = the sums over the output positions j of dz's filters k.. times tap t's input
     * at q = flat[j], nine taps at a time (a 3x3 kernel's, or a ninth of 8 channels'), and dbT[k .. k+V) the
     * sums of dz itself. Taps past T repeat the last one (their equal sums are stored twice). One flat loop
     * over j, not a loop over oh around one over ow: HotSpot 17 keeps vectors in registers across the back
     * edge of an innermost loop only, and boxes them (an allocation per step, 30x slower) across two.
     */
    private static void dw9(double[] dzT, double[] xp, int[] tapOffset, int[] flat, double[] dwT, double[] dbT,
                            int k, int t, int T, int FP) {
        int t1 = Math.min(t + 1, T - 1), t2 = Math.min(t + 2, T - 1), t3 = Math.min(t + 3, T - 1);
        int t4 = Math.min(t + 4, T - 1), t5 = Math.min(t + 5, T - 1), t6 = Math.min(t + 6, T - 1);
        int t7 = Math.min(t + 7, T - 1), t8 = Math.min(t + 8, T - 1);
        int s0 = tapOffset[t], s1 = tapOffset[t1], s2 = tapOffset[t2], s3 = tapOffset[t3], s4 = tapOffset[t4];
        int s5 = tapOffset[t5], s6 = tapOffset[t6], s7 = tapOffset[t7], s8 = tapOffset[t8];
        // each from its own broadcast: the shared constant DoubleVector.zero returns is boxed in every step
        DoubleVector a0 = zero(), a1 = zero(), a2 = zero(), a3 = zero(), a4 = zero(), a5 = zero(), a6 = zero(),
                a7 = zero(), a8 = zero(), sum = zero();
        for (int j = 0; j < flat.length; j++) {
            int q = flat[j];
            DoubleVector g = DoubleVector.fromArray(S, dzT, j * FP + k);
            sum = sum.add(g);
            a0 = g.fma(DoubleVector.broadcast(S, xp[s0 + q]), a0);
            a1 = g.fma(DoubleVector.broadcast(S, xp[s1 + q]), a1);
            a2 = g.fma(DoubleVector.broadcast(S, xp[s2 + q]), a2);
            a3 = g.fma(DoubleVector.broadcast(S, xp[s3 + q]), a3);
            a4 = g.fma(DoubleVector.broadcast(S, xp[s4 + q]), a4);
            a5 = g.fma(DoubleVector.broadcast(S, xp[s5 + q]), a5);
            a6 = g.fma(DoubleVector.broadcast(S, xp[s6 + q]), a6);
            a7 = g.fma(DoubleVector.broadcast(S, xp[s7 + q]), a7);
            a8 = g.fma(DoubleVector.broadcast(S, xp[s8 + q]), a8);
        }
        sum.intoArray(dbT, k);
        a8.intoArray(dwT, t8 * FP + k); // the repeated taps first, so each real one's store is the last
        a7.intoArray(dwT, t7 * FP + k);
        a6.intoArray(dwT, t6 * FP + k);
        a5.intoArray(dwT, t5 * FP + k);
        a4.intoArray(dwT, t4 * FP + k);
        a3.intoArray(dwT, t3 * FP + k);
        a2.intoArray(dwT, t2 * FP + k);
        a1.intoArray(dwT, t1 * FP + k);
        a0.intoArray(dwT, t * FP + k);
    }
}
