package lab.dl4j;

import java.util.Arrays;
import java.util.List;

import lab.reference.Architecture;
import lab.reference.Network;
import lab.reference.Param;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The one class that knows DL4J's parameter layouts, and converts between the stacks by name, both ways.
 * Reference key {@code <i>_W} (layer i of the reference list) is DL4J key {@code <j>_W}, j the DL4J layer
 * that holds it (activations fold into the layer before them, so j <= i). Logical shapes are the same on
 * both sides: conv W (F, C, KH, KW) = DL4J [nOut, nIn, kH, kW]; dense W (in, out) = DL4J [nIn, nOut];
 * b (out). The reference stores row-major, so a 'c'-order array of the same shape holds the same
 * buffer; DL4J's own flat views ('f' order for dense W, [b | W] for conv) are never touched directly:
 * writing assigns into the parameter's view by shape, and reading goes through a 'c'-order copy.
 * Locally connected W (OH*OW, C*KH*KW, F) = DL4J's LocallyConnected2D [outH*outW, kH*kW*nIn, nOut], 'c'
 * order, position p = oh*OW + ow (in the corrected layer, see Dl4jNetworks.TextbookLocallyConnected2D),
 * tap c*KH*KW + kh*KW + kw; its b is [nOut], one per filter.
 */
public final class Dl4jParams {

    private Dl4jParams() {
    }

    /** The DL4J key of a reference parameter key such as {@code 3_W}. */
    public static String dl4jKey(Dl4jNetworks.Built built, String referenceKey) {
        return dl4jKey(built.dl4jLayerOf(), referenceKey);
    }

    /** As above, given for each reference layer the DL4J layer that holds its parameters (or -1). */
    static String dl4jKey(int[] dl4jLayerOf, String referenceKey) {
        int sep = referenceKey.indexOf('_');
        int layer = Integer.parseInt(referenceKey.substring(0, sep));
        int j = dl4jLayerOf[layer];
        if (j < 0) {
            throw new IllegalArgumentException("reference layer " + layer + " has no parameters in DL4J");
        }
        return j + "_" + referenceKey.substring(sep + 1);
    }

    /** Copies every reference parameter into the DL4J network (converted to its data type). */
    public static void toDl4j(Network ref, Dl4jNetworks.Built built) {
        for (Network.NamedParam p : ref.params()) {
            assign(built.net(), dl4jKey(built, p.key()), p.param());
        }
    }

    /**
     * Copies the parameters of layer {@code layer} of a piece into DL4J, by name ({@code W}, {@code b}),
     * each in the reference's logical shape ({@link #axes}); a missing name, an unknown one or a wrong
     * shape throws, naming the parameter, the shape expected and the one given.
     */
    public static void toDl4j(Dl4jPiece piece, int layer, List<Param> params) {
        Architecture.Spec spec = piece.specs().get(layer);
        List<Param> expected = Architecture.layers(piece.specs(), piece.input()).get(layer).params();
        for (Param want : expected) {
            Param given = params.stream().filter(p -> p.name().equals(want.name())).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException(spec + ": no parameter named " + want.name()
                            + "; DL4J's " + spec + " has " + names(expected)));
            if (!Arrays.equals(given.shape(), want.shape())) {
                throw new IllegalArgumentException(spec + ": parameter " + want.name() + " should have shape "
                        + Arrays.toString(want.shape()) + " " + axesText(spec, want.name()) + ", got "
                        + Arrays.toString(given.shape()));
            }
            assign(piece.net(), dl4jKey(piece.dl4jLayerOf(), layer + "_" + want.name()), given);
        }
        for (Param p : params) {
            if (expected.stream().noneMatch(e -> e.name().equals(p.name()))) {
                throw new IllegalArgumentException(spec + ": parameter " + p.name() + " has no counterpart in DL4J's "
                        + spec + ", which has " + names(expected));
            }
        }
    }

    private static String names(List<Param> params) {
        return params.isEmpty() ? "none" : String.join(" and ", params.stream().map(Param::name).toList());
    }

    private static void assign(MultiLayerNetwork net, String key, Param p) {
        INDArray target = net.getParam(key);
        if (target.length() != p.size()) {
            throw new IllegalStateException(key + ": DL4J has " + target.length() + " values, the reference "
                    + p.size() + " (" + p + ")");
        }
        INDArray source = Nd4j.create(p.value(), longs(p.shape()), 'c').castTo(target.dataType())
                .reshape('c', target.shape());
        // assign, not net.setParam: for SameDiff layers (LocallyConnected2D) M2.1's setParam checks the
        // shape and copies nothing. assign into the view copies by shape, whatever the view's order.
        target.assign(source);
    }

    /**
     * The names of a parameter's axes in its logical shape, for messages that point at an element: conv
     * W (f, c, kh, kw), local W (p, tap, f) with p = oh*OW + ow and tap = c*KH*KW + kh*KW + kw, dense W
     * (in, out), b (f) or (out).
     */
    public static List<String> axes(Architecture.Spec spec, String param) {
        boolean dense = spec instanceof Architecture.Dense;
        if (param.equals("b")) {
            return List.of(dense ? "out" : "f");
        }
        if (spec instanceof Architecture.Conv) {
            return List.of("f", "c", "kh", "kw");
        }
        if (spec instanceof Architecture.Local) {
            return List.of("p", "tap", "f");
        }
        if (dense) {
            return List.of("in", "out");
        }
        throw new IllegalArgumentException(spec + " has no parameter " + param);
    }

    private static String axesText(Architecture.Spec spec, String param) {
        return "(" + String.join(", ", axes(spec, param)) + ")";
    }

    /** Copies every DL4J parameter into the reference network (as doubles). */
    public static void fromDl4j(Dl4jNetworks.Built built, Network ref) {
        for (Network.NamedParam p : ref.params()) {
            double[] values = values(built.net().getParam(dl4jKey(built, p.key())));
            System.arraycopy(values, 0, p.param().value(), 0, p.param().size());
        }
    }

    /**
     * The output of reference layer {@code referenceLayer} for {@code input} (N, C*H*W), as the reference
     * holds it. DL4J runs only up to the layer that has it: a later in-place layer (an ActivationLayer after
     * a pool) would overwrite it in a whole feedForward list.
     */
    public static double[] output(Dl4jNetworks.Built built, INDArray input, int referenceLayer) {
        int j = built.dl4jOutputOf()[referenceLayer];
        if (j < 0) {
            throw new IllegalArgumentException("reference layer " + referenceLayer + " ("
                    + built.architecture().specs().get(referenceLayer) + ") has no output of its own in DL4J");
        }
        return values(built.net().feedForwardToLayer(j, input, false).get(j + 1)); // entry 0 is the input
    }

    /**
     * The pre-activation {@code x W + b} of DL4J dense (or output) layer {@code dl4jLayer}, for its input
     * {@code in}: (N, nIn), or NCHW, which DL4J's preprocessor flattens in 'c' order. W is [nIn, nOut].
     */
    public static INDArray denseLogits(MultiLayerNetwork net, int dl4jLayer, INDArray in) {
        INDArray x = in.rank() > 2 ? in.reshape('c', in.size(0), in.length() / in.size(0)) : in;
        return x.mmul(net.getParam(dl4jLayer + "_W")).addiRowVector(net.getParam(dl4jLayer + "_b"));
    }

    /** A DL4J array's values in row-major ('c') order, as doubles: the reference's layout. */
    public static double[] values(INDArray array) {
        return array.dup('c').castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
    }

    /** The DL4J gradient of each reference parameter, from a gradient map (summed over the batch). */
    public static double[] gradient(Dl4jNetworks.Built built, java.util.Map<String, INDArray> grads, String referenceKey) {
        INDArray g = grads.get(dl4jKey(built, referenceKey));
        if (g == null) {
            throw new IllegalArgumentException("no DL4J gradient for " + referenceKey + "; DL4J has " + grads.keySet());
        }
        return values(g);
    }

    private static long[] longs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
