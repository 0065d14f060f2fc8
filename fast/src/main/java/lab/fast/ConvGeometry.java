package lab.fast;

/**
 * The sizes and tap offsets of one stride-1 conv layer, and the copies in and out of its zero-padded
 * image, shared by the kernels of both precisions ({@link ConvKernel} in double, {@link FloatConvKernel}
 * in float): everything about a conv that is not arithmetic. Legend as in {@link ConvKernel}.
 */
abstract class ConvGeometry {

    final int C, H, W, F, KH, KW, PH, PW, OH, OW;
    final int HP, WP, L, T;
    final int[] tapOffset; // (T): where tap t reads the padded image, relative to output q: c*HP*WP + kh*WP + kw

    ConvGeometry(int C, int H, int W, int F, int KH, int KW, int PH, int PW, int OH, int OW) {
        this.C = C;
        this.H = H;
        this.W = W;
        this.F = F;
        this.KH = KH;
        this.KW = KW;
        this.PH = PH;
        this.PW = PW;
        this.OH = OH;
        this.OW = OW;
        HP = H + 2 * PH;
        WP = W + 2 * PW;
        L = OH * WP;
        T = C * KH * KW;
        tapOffset = new int[T];
        for (int c = 0; c < C; c++) {
            for (int kh = 0; kh < KH; kh++) {
                for (int kw = 0; kw < KW; kw++) {
                    tapOffset[(c * KH + kh) * KW + kw] = c * HP * WP + kh * WP + kw;
                }
            }
        }
    }

    /**
     * The length of the padded image (C, HP, WP) plus KW slack: the last tap of the last output reads
     * HP*WP + KW - 2 past its channel's start.
     */
    final int paddedLength() {
        return C * HP * WP + KW;
    }

    /**
     * Copies the example x[x0 ..] (C, H, W) into the interior of the padded image xp; the borders stay as
     * they are (0: never written). x and xp are both double[] or both float[] (System.arraycopy's rule).
     */
    final void pad(Object x, int x0, Object xp) {
        for (int c = 0; c < C; c++) {
            for (int ih = 0; ih < H; ih++) {
                System.arraycopy(x, x0 + (c * H + ih) * W, xp, (c * HP + ih + PH) * WP + PW, W);
            }
        }
    }

    /** dx[dx0 ..] (C, H, W) from the padded gradient dxp (C, HP, WP): its interior. Both of one precision. */
    final void copyInterior(Object dxp, Object dx, int dx0) {
        for (int c = 0; c < C; c++) {
            for (int ih = 0; ih < H; ih++) {
                System.arraycopy(dxp, (c * HP + ih + PH) * WP + PW, dx, dx0 + (c * H + ih) * W, W);
            }
        }
    }
}
