package lab.reference;

import java.util.Random;

/**
 * Weight initialisers, driven by an explicit seed. Biases always start at 0. Fan-in and fan-out follow
 * DL4J: dense fanIn = in, fanOut = out; conv fanIn = C*KH*KW, fanOut = F*KH*KW / (SH*SW); a locally connected
 * layer uses the conv's (each position's kernel is drawn as a conv kernel would be), as DL4J's does.
 */
public enum Init {
    /** The book's: W ~ U(-1/sqrt(fanIn), +1/sqrt(fanIn)). */
    UNIFORM,
    /** DL4J's XAVIER: W ~ N(0, 2 / (fanIn + fanOut)). */
    XAVIER,
    /** DL4J's RELU (He): W ~ N(0, 2 / fanIn). */
    HE;

    /** Fills {@code w} (its biases are left at 0) from {@code rng}. */
    void fill(double[] w, double fanIn, double fanOut, Random rng) {
        for (int i = 0; i < w.length; i++) {
            w[i] = switch (this) {
                case UNIFORM -> (2 * rng.nextDouble() - 1) / Math.sqrt(fanIn);
                case XAVIER -> rng.nextGaussian() * Math.sqrt(2.0 / (fanIn + fanOut));
                case HE -> rng.nextGaussian() * Math.sqrt(2.0 / fanIn);
            };
        }
    }

    /** Initialises every weight of {@code layer}; W is drawn, b set to 0. */
    void apply(Layer layer, Random rng) {
        double fanIn;
        double fanOut;
        if (layer instanceof Conv2D conv) {
            int[] s = conv.params().get(0).shape(); // W (F, C, KH, KW)
            fanIn = (double) s[1] * s[2] * s[3];
            fanOut = (double) s[0] * s[2] * s[3] / conv.strideArea();
        } else if (layer instanceof LocallyConnected2D local) {
            fanIn = local.fanIn();
            fanOut = local.fanOut();
        } else if (layer instanceof Dense dense) {
            int[] s = dense.params().get(0).shape(); // W (D, U)
            fanIn = s[0];
            fanOut = s[1];
        } else {
            return; // no parameters
        }
        for (Param p : layer.params()) {
            if (p.name().equals("W")) {
                fill(p.value(), fanIn, fanOut, rng);
            } else {
                java.util.Arrays.fill(p.value(), 0.0);
            }
        }
    }
}
