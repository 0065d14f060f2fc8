package lab.fast;

import java.util.Arrays;

/**
 * The float conv kernel as plain loops, each value's chain written in the order {@link ConvKernel} gives
 * it: the order {@code FloatConv2DVector} keeps lane by lane, so the two agree to the bit and this is the
 * witness that the vector kernel's results do not depend on its vector width. It runs where the JVM has
 * no Vector API ({@link Kernels#SCALAR}), at scalar speed: the float path is worth its rounding only in
 * float lanes.
 */
final class FloatConvLoops extends FloatConvKernel {

    private final float[] dxp; // (C, HP, WP) + slack: d loss / d padded x, one thread's scratch

    FloatConvLoops(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        super(C, H, W, F, KH, KW, PH, PW, OH, OW);
        dxp = new float[xp.length];
    }

    @Override
    void forward(float[] x, int x0, float[] w, float[] b, float[] out, int o0) {
        pad(x, x0, xp);
        for (int f = 0; f < F; f++) {
            for (int oh = 0; oh < OH; oh++) {
                for (int ow = 0; ow < OW; ow++) {
                    int q = oh * WP + ow;
                    float sum = b[f];
                    for (int t = 0; t < T; t++) {
                        sum = Math.fma(w[f * T + t], xp[q + tapOffset[t]], sum);
                    }
                    out[o0 + (f * OH + oh) * OW + ow] = sum;
                }
            }
        }
    }

    @Override
    void backward(float[] dout, int o0, float[] x, int x0, float[] w, float[] dwPart, int p0, float[] dbPart, int b0,
                  float[] dx, int dx0) {
        pad(x, x0, xp);
        int positions = OH * OW;
        for (int f = 0; f < F; f++) {
            // forward was: out[f, oh, ow] = b[f] + sum_t w[f, t] * xp[q + tapOffset[t]], for every (oh, ow)
            float db = 0;
            for (int j = 0; j < positions; j++) {
                db += dout[o0 + f * positions + j];
            }
            dbPart[b0 + f] = db;
            for (int t = 0; t < T; t++) {
                float dw = 0;
                for (int j = 0; j < positions; j++) {
                    dw = Math.fma(dout[o0 + f * positions + j], xp[j / OW * WP + j % OW + tapOffset[t]], dw);
                }
                dwPart[p0 + f * T + t] = dw;
            }
        }
        if (dx == null) {
            return; // the network's first layer: nobody wants d loss / d x
        }
        // ... and the input tap t read at q fed every filter: dcol[t][q] = sum_f w[f, t] * dz[f][q], then
        // col2im adds it where tap t read, tap by tap (q past OW in a row is a waste column: dz there is 0)
        Arrays.fill(dxp, 0f);
        for (int t = 0; t < T; t++) {
            for (int oh = 0; oh < OH; oh++) {
                for (int ow = 0; ow < WP; ow++) {
                    float dcol = 0;
                    for (int f = 0; f < F; f++) {
                        float dz = ow < OW ? dout[o0 + (f * OH + oh) * OW + ow] : 0f;
                        dcol = Math.fma(w[f * T + t], dz, dcol);
                    }
                    dxp[oh * WP + ow + tapOffset[t]] += dcol;
                }
            }
        }
        copyInterior(dxp, dx, dx0);
    }
}
