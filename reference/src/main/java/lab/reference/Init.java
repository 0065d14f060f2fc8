package lab.reference;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * Weight initialisers, driven by an explicit seed. Biases always start at 0. Each layer with weights says its
 * fan-in and fan-out ({@link Layer#fans()}), as DL4J counts them: dense fanIn = in, fanOut = out; conv fanIn =
 * C*KH*KW, fanOut = F*KH*KW / (SH*SW); a locally connected layer uses the conv's (each position's kernel is
 * drawn as a conv kernel would be), as DL4J's does.
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

    /** DL4J's fan-in and fan-out of a layer's weights: what the formulas above divide by. */
    public record Fans(double in, double out) {
    }

    /**
     * Initialises every weight of {@code layer}, as its {@link Layer#fans()} says: W is drawn, b set to 0. A
     * layer without fans (no weights) is left alone and draws nothing from {@code rng}.
     */
    void apply(Layer layer, Random rng) {
        Optional<Fans> fans = layer.fans();
        if (fans.isEmpty()) {
            return; // no parameters
        }
        for (Param p : layer.params()) {
            if (p.name().equals("W")) {
                fill(p.value(), fans.get().in(), fans.get().out(), rng);
            } else {
                Arrays.fill(p.value(), 0.0);
            }
        }
    }
}
