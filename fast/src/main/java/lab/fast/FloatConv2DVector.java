package lab.fast;

import java.util.Arrays;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code Conv2DVector} in float lanes (twice as many per vector), bit-equal to the plain loops of
 * {@link FloatConvLoops} on any vector width: every vector's lanes are independent outputs, each the chain
 * {@link ConvKernel} gives, rounded to float at every step. Forward and dx are {@link FloatGemm} products
 * with lanes along the flat output q; dW has the filters in its lanes (see {@code Conv2DVector}).
 *
 * <p>A second copy of {@code Conv2DVector}'s text for the reason {@link FloatGemm} gives (no generics over
 * primitive arrays or vector species that HotSpot compiles): keep the two line for line alike. Loaded only
 * when the JVM has jdk.incubator.vector (see {@link Kernels}).
 *
 * <pre>
 * Legend as in ConvKernel; V lanes per vector, FP = F rounded up to whole vectors (lanes past F stay 0).
 * </pre>
 */
final class FloatConv2DVector extends FloatConvKernel {

    private static final VectorSpecies<Float> S = FloatGemm.S;
    private static final int TAPS = 9; // taps per pass of the dW kernel: nine accumulators

    private final int V = S.length(), FP;
    private final int[] dzOffset; // (F): row f of dz starts at f * L
    private final int[] flat; // (OH*OW): output position j = oh*OW + ow sits at q = oh*WP + ow
    // One thread's scratch, kept between examples.
    private final float[] acc; // (F, L): the output of filter f, with waste columns
    private final float[] zeros; // (T): where every dcol chain starts
    private final float[] dz; // (F, L): dout of filter f; the waste columns are never written, so stay 0
    private final float[] dzT; // (OH*OW, FP): dout transposed, a vector of filters per output position
    private final float[] dwT; // (T, FP): this example's dW, transposed
    private final float[] dbT; // (FP): this example's db
    private final float[] dcol; // (T, L): d loss / d (the input tap t read at q)
    private final float[] dxp; // (C, HP, WP) + slack: d loss / d padded x

    FloatConv2DVector(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
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
        acc = new float[F * L];
        dz = new float[F * L];
        dzT = new float[OH * OW * FP];
        dwT = new float[T * FP];
        dbT = new float[FP];
        dcol = new float[T * L];
        zeros = new float[T];
        dxp = new float[xp.length];
    }

    @Override
    void forward(float[] x, int x0, float[] w, float[] b, float[] out, int o0) {
        pad(x, x0, xp);
        // forward: out[f][q] = b[f] + sum_t w[f, t] * xp[q + tapOffset[t]]
        FloatGemm.gemm(acc, 0, L, F, xp, tapOffset, T, w, 0, T, 1, L, b);
        for (int f = 0; f < F; f++) {
            for (int oh = 0; oh < OH; oh++) {
                System.arraycopy(acc, f * L + oh * WP, out, o0 + (f * OH + oh) * OW, OW);
            }
        }
    }

    @Override
    void backward(float[] dout, int o0, float[] x, int x0, float[] w, float[] dwPart, int p0,
                  float[] dbPart, int b0, float[] dx, int dx0) {
        pad(x, x0, xp);
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
        FloatGemm.gemm(dcol, 0, L, T, dz, dzOffset, F, w, 0, 1, T, L, zeros);
        // col2im: tap t read padded x at q + tapOffset[t], so that is where its gradient goes, tap by tap
        Arrays.fill(dxp, 0f);
        int whole = L - L % V;
        for (int t = 0; t < T; t++) {
            int shift = tapOffset[t], row = t * L;
            int q = 0;
            for (; q < whole; q += V) {
                FloatVector.fromArray(S, dxp, shift + q).add(FloatVector.fromArray(S, dcol, row + q))
                        .intoArray(dxp, shift + q);
            }
            for (; q < L; q++) {
                dxp[shift + q] += dcol[row + q];
            }
        }
        copyInterior(dxp, dx, dx0);
    }

    /** +0.0f in every lane, as the scalar sums start (not FloatVector.zero: see dw9). */
    private static FloatVector zero() {
        return FloatVector.broadcast(S, 0f);
    }

    /**
     * dwT[t .. t+8][k .. k+V) = the sums over the output positions j of dz's filters k.. times tap t's input
     * at q = flat[j], nine taps at a time (a 3x3 kernel's, or a ninth of 8 channels'), and dbT[k .. k+V) the
     * sums of dz itself. Taps past T repeat the last one (their equal sums are stored twice). One flat loop
     * over j, not a loop over oh around one over ow: HotSpot 17 keeps vectors in registers across the back
     * edge of an innermost loop only, and boxes them (an allocation per step, 30x slower) across two.
     */
    private static void dw9(float[] dzT, float[] xp, int[] tapOffset, int[] flat, float[] dwT, float[] dbT,
                            int k, int t, int T, int FP) {
        int t1 = Math.min(t + 1, T - 1), t2 = Math.min(t + 2, T - 1), t3 = Math.min(t + 3, T - 1);
        int t4 = Math.min(t + 4, T - 1), t5 = Math.min(t + 5, T - 1), t6 = Math.min(t + 6, T - 1);
        int t7 = Math.min(t + 7, T - 1), t8 = Math.min(t + 8, T - 1);
        int s0 = tapOffset[t], s1 = tapOffset[t1], s2 = tapOffset[t2], s3 = tapOffset[t3], s4 = tapOffset[t4];
        int s5 = tapOffset[t5], s6 = tapOffset[t6], s7 = tapOffset[t7], s8 = tapOffset[t8];
        // each from its own broadcast: the shared constant FloatVector.zero returns is boxed in every step
        FloatVector a0 = zero(), a1 = zero(), a2 = zero(), a3 = zero(), a4 = zero(), a5 = zero(), a6 = zero(),
                a7 = zero(), a8 = zero(), sum = zero();
        for (int j = 0; j < flat.length; j++) {
            int q = flat[j];
            FloatVector g = FloatVector.fromArray(S, dzT, j * FP + k);
            sum = sum.add(g);
            a0 = g.fma(FloatVector.broadcast(S, xp[s0 + q]), a0);
            a1 = g.fma(FloatVector.broadcast(S, xp[s1 + q]), a1);
            a2 = g.fma(FloatVector.broadcast(S, xp[s2 + q]), a2);
            a3 = g.fma(FloatVector.broadcast(S, xp[s3 + q]), a3);
            a4 = g.fma(FloatVector.broadcast(S, xp[s4 + q]), a4);
            a5 = g.fma(FloatVector.broadcast(S, xp[s5 + q]), a5);
            a6 = g.fma(FloatVector.broadcast(S, xp[s6 + q]), a6);
            a7 = g.fma(FloatVector.broadcast(S, xp[s7 + q]), a7);
            a8 = g.fma(FloatVector.broadcast(S, xp[s8 + q]), a8);
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
