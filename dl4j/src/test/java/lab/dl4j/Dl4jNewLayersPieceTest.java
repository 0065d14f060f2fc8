package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * Each layer and option of issue 31, as a piece on DL4J ({@link Dl4jNetworks#piece}, parameters set through
 * {@link Dl4jParams#toDl4j(Dl4jPiece, int, List)}) against the reference layers of the same specs: the output,
 * dx and every parameter gradient of L = sum(out * dout) agree to 1e-12 of each tensor's largest value, in
 * double, on several input shapes. This is where the mapping's facts (Same padding's split, the average's
 * divisor, depthwise's permuted W, deconv's transpose, leaky ReLU's slope, softmax over the vector, batchnorm
 * in training mode) meet DL4J itself. A bias right before batchnorm is left out: its gradient is zero in exact
 * arithmetic, so both stacks give rounding noise, which no relative tolerance compares (the lockstep test
 * trains one).
 */
class Dl4jNewLayersPieceTest {

    private static final double TOLERANCE = 1e-12;

    /** Shapes every piece fits: odd and even sides, one to three channels, non-square. */
    private static final List<Shape> SHAPES = List.of(new Shape(2, 7, 7), new Shape(3, 6, 5), new Shape(1, 5, 8));

    private static final List<String> CONVS = List.of("conv(3,k3,d2)", "conv(2,k2x3,s2,p1,d2x1)", "conv(4,k3,same)",
            "conv(3,k2,s2,same)", "conv(2,k4,s3,same,d2)", "conv(3,k3,nobias)", "conv(2,k3,same,nobias)-sigmoid",
            "conv(2,k3,p1)-leakyrelu(0.2)", "local(3,k2,nobias)", "local(2,k3,p1)-sigmoid", "local(2,k2)-leakyrelu(0.3)",
            "dwconv(2,k3,p1)", "dwconv(3,k2x3,s2)", "dwconv(1,k3,nobias)-leakyrelu(0.1)", "dwconv(2,k3,s2,p1)-relu",
            "deconv(3,k2,s2)", "deconv(2,k3,s2,p1)", "deconv(2,k3x2,s1x2,nobias)-tanh", "deconv(1,k4,s2,p1)-sigmoid");

    private static final List<String> POOLS = List.of("maxpool(k3,s2,p1)", "maxpool(k3,s1,p1)", "avgpool(k3,s2,p1)",
            "avgpool(k3,s1,p1)", "avgpool(k2,s2,same)", "maxpool(k3,s2,same)", "avgpool(k3,s2)", "maxpool(k2x3,s2,p1x0)",
            "avgpool(k3x2,s2x1,same)", "upsample(2)", "upsample(2x3)");

    private static final List<String> OTHERS = List.of("batchnorm", "conv(3,k3,nobias)-batchnorm", "flatten-batchnorm",
            "gap-batchnorm", "dense(6,nobias)-batchnorm", "sigmoid", "leakyrelu(0.3)", "leakyrelu", "relu", "tanh",
            "dense(5,nobias)", "dense(4)-softmax", "flatten-softmax", "gap-softmax", "dense(5)-leakyrelu(0.2)",
            "dense(4,nobias)-sigmoid", "dense(3)-relu-softmax");

    @Test
    void convolutionsWithDilationSamePaddingNoBiasDepthwiseAndTransposedAgree() {
        agreeOnEveryShape(CONVS, 1);
    }

    @Test
    void poolsWithPaddingSamePaddingAndFloorAndUpsamplingAgree() {
        agreeOnEveryShape(POOLS, 2);
    }

    @Test
    void batchnormActivationsSoftmaxAndDenseWithoutBiasAgree() {
        agreeOnEveryShape(OTHERS, 3);
    }

    /**
     * Same windows that end two or more rows (or columns) short of the input, which stock DL4J M2.1 refuses
     * (each case is checked to be one it refuses) and the mapping crops first: kernels smaller than their
     * stride, on sides the stride does not divide, with dilation, without bias, with Same padding on the other
     * axis (where an average's divisor leaves the padding out), and cropped on both axes.
     */
    @Test
    void sameWindowsThatStockDl4jRefusesAgreeOnceCropped() {
        List<String> texts = List.of("conv(1,k4x1,s3,same)", "conv(2,k1,s3,same)", "conv(2,k2x1,s4x3,same,nobias)-relu",
                "conv(2,k2,s5,same,d2)", "conv(1,k1,s4,same)", "maxpool(k1,s3,same)", "maxpool(k2x1,s4x3,same)",
                "maxpool(k1x3,s3x2,same)", "avgpool(k1x2,s3x2,same)", "avgpool(k2,s5x2,same)", "avgpool(k1,s3,same)");
        List<Shape> shapes = List.of(new Shape(1, 3, 6), new Shape(3, 6, 5), new Shape(2, 8, 8), new Shape(1, 10, 4),
                new Shape(2, 7, 11), new Shape(2, 6, 7), new Shape(1, 8, 5), new Shape(3, 6, 6), new Shape(2, 3, 3),
                new Shape(1, 9, 5), new Shape(1, 6, 6));
        Random rng = new Random(7);
        int compared = 0;
        for (int c = 0; c < texts.size(); c++) {
            String text = texts.get(c);
            Shape in = shapes.get(c);
            String first = Architecture.parseLayers(text).get(0).toString();
            StockSamePadding.Outcome stock = StockSamePadding.run(first, in);
            assertNotEquals("none", stock.stage(), first + " on " + in + ": stock DL4J should refuse it");
            int n = 3;
            double[] x = rng.doubles(n * in.size(), -1, 1).toArray();
            List<Layer> layers = Architecture.layers(Architecture.parseLayers(text), in);
            double[] dout = rng.doubles(n * layers.get(layers.size() - 1).outputShape().size(), -1, 1).toArray();
            compared += agree(text, in, n, x, dout, rng);
        }
        assertTrue(compared >= texts.size() * 2, "tensors compared: " + compared);
    }

    /**
     * The activations at their kinks: inputs of exactly 0 and -0.0 (as a ReLU before, or blank pixels, give).
     * DL4J's leaky ReLU takes slope 1 there, its ReLU slope 0; the reference must take the same sides.
     */
    @Test
    void activationsAgreeAtExactlyZero() {
        Shape in = new Shape(2, 3, 3);
        int n = 2;
        double[] x = new Random(4).doubles(n * in.size(), -1, 1).toArray();
        for (int i = 0; i < x.length; i += 3) {
            x[i] = i % 2 == 0 ? 0.0 : -0.0;
        }
        for (String text : List.of("relu", "leakyrelu(0.3)", "leakyrelu", "sigmoid", "tanh", "flatten-softmax")) {
            double[] dout = new Random(5).doubles(n * in.size(), -1, 1).toArray();
            agree(text, in, n, x, dout, new Random(6));
        }
    }

    private static void agreeOnEveryShape(List<String> pieces, long seed) {
        Random rng = new Random(seed);
        int compared = 0;
        for (String text : pieces) {
            for (Shape in : SHAPES) {
                int n = 3;
                double[] x = rng.doubles(n * in.size(), -1, 1).toArray();
                List<Layer> layers = Architecture.layers(Architecture.parseLayers(text), in);
                double[] dout = rng.doubles(n * layers.get(layers.size() - 1).outputShape().size(), -1, 1).toArray();
                compared += agree(text, in, n, x, dout, rng);
            }
        }
        assertTrue(compared >= pieces.size() * SHAPES.size() * 2, "tensors compared: " + compared);
    }

    /** One piece on both stacks from the same parameters, input and upstream gradient; returns tensors compared. */
    private static int agree(String text, Shape in, int n, double[] x, double[] dout, Random rng) {
        List<Architecture.Spec> specs = Architecture.parseLayers(text);
        List<Layer> layers = Architecture.layers(specs, in);
        Dl4jPiece piece = Dl4jNetworks.piece(specs, in);
        for (int i = 0; i < layers.size(); i++) {
            for (Param p : layers.get(i).params()) {
                double centre = p.name().equals("gamma") ? 1 : 0; // a scale near 1, as training keeps it
                for (int k = 0; k < p.size(); k++) {
                    p.value()[k] = centre + rng.nextGaussian() * 0.5;
                }
            }
            Dl4jParams.toDl4j(piece, i, layers.get(i).params());
        }
        double[] out = x;
        for (Layer layer : layers) {
            out = layer.forward(out, n);
        }
        double[] dx = dout;
        for (int i = layers.size() - 1; i >= 0; i--) {
            dx = layers.get(i).backward(dx);
        }
        Dl4jPiece.Run run = piece.run(x, n, dout);
        String where = text + " on " + n + " x " + in;
        assertClose(out, run.output(), where + ": output");
        assertClose(dx, run.dx(), where + ": dx");
        int compared = 2;
        for (int i = 0; i < layers.size(); i++) {
            for (Param p : layers.get(i).params()) {
                String key = i + "_" + p.name();
                assertTrue(run.grads().containsKey(key), where + ": DL4J has no gradient " + key);
                assertClose(p.grad(), run.grads().get(key), where + ": d" + key);
                compared++;
            }
        }
        return compared;
    }

    /** Equal to {@link #TOLERANCE} of the reference tensor's largest magnitude, element by element. */
    static void assertClose(double[] reference, double[] dl4j, String what) {
        assertEquals(reference.length, dl4j.length, what + ": length");
        double scale = 0;
        for (double v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < reference.length; i++) {
            int at = i;
            assertEquals(reference[i], dl4j[i], TOLERANCE * Math.max(scale, 1e-300),
                    () -> what + " [" + at + "] of " + reference.length);
        }
    }
}
