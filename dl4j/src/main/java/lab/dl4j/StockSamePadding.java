package lab.dl4j;

import java.util.Arrays;
import java.util.List;

import lab.reference.Architecture;
import lab.reference.Shape;

/**
 * DL4J 1.0.0-M2.1's ConvolutionMode.Same refusing a window the reference (and TensorFlow, whose Same it copies)
 * takes, on DL4J's stock layers; what {@link Dl4jNetworks} crops around (see its class comment).
 *
 * <p>The bug: {@code ConvolutionUtils.getSameModeTopLeftPadding} computes the top padding as
 * ((OH - 1) SH + KH' - H) / 2 and does not clamp the total at 0. Where a kernel smaller than its stride leaves
 * two or more rows after the last window (a side the stride does not divide), the total is -2 or less, the
 * padding negative, and it throws {@code IllegalStateException: Invalid padding values calculated}. The
 * minimal case, {@link #MINIMAL} on {@link #MINIMAL_INPUT}: output 1 x 2, Same padding 1 (H) and 0 (W) in the
 * reference; DL4J's formula gives [0, -1]. ConvolutionLayer throws in forward (so did DepthwiseConvolution2D in
 * a probe; not pinned, as the project maps it in Truncate only); SubsamplingLayer runs forward (libnd4j's
 * pooling op computes its own padding) and throws in backward, for max and average alike.
 * Dl4jNewLayersBugsTest pins all three, so an upgrade that fixes it shows.
 */
public final class StockSamePadding {

    /** The minimal case: a 4 x 1 kernel at stride 3 on 3 x 6, which leaves columns 4 and 5 unread. */
    public static final String MINIMAL = "conv(1,k4x1,s3,same)";

    /** The input of {@link #MINIMAL}: one channel, 3 x 6. */
    public static final Shape MINIMAL_INPUT = new Shape(1, 3, 6);

    private StockSamePadding() {
    }

    /** Where DL4J's pass stopped: the stage that threw ({@code forward}, {@code backward}) or {@code none}. */
    public record Outcome(String stage, String message) {
    }

    /**
     * Runs DL4J's stock Same layer for {@code layer} (a {@code same} conv or pool, one spec) on one example of
     * {@code input}: forward, then backward from an upstream gradient of ones.
     */
    public static Outcome run(String layer, Shape input) {
        List<Architecture.Spec> specs = Architecture.parseLayers(layer);
        if (specs.size() != 1) {
            throw new IllegalArgumentException(layer + ": one same conv or pool, got " + specs.size() + " layers");
        }
        Dl4jPiece piece = Dl4jNetworks.stockSame(specs.get(0), input);
        double[] x = new double[input.size()];
        Arrays.fill(x, 0.5);
        double[] out;
        try {
            out = piece.forward(x, 1);
        } catch (IllegalStateException e) {
            return new Outcome("forward", e.getMessage());
        }
        double[] dout = new double[out.length];
        Arrays.fill(dout, 1);
        try {
            piece.run(x, 1, dout);
        } catch (IllegalStateException e) {
            return new Outcome("backward", e.getMessage());
        }
        return new Outcome("none", "");
    }
}
