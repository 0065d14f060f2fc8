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
 * that holds it (activations fold into the layer before them, so j <= i). Most logical shapes are the same on
 * both sides: conv W (F, C, KH, KW) = DL4J [nOut, nIn, kH, kW]; deconv W (C, F, KH, KW) = DL4J's
 * Deconvolution2D [nIn, nOut, kH, kW]; dense W (in, out) = DL4J [nIn, nOut]; b (out); batchnorm gamma and beta
 * (C). The reference stores row-major, so a 'c'-order array of the same shape holds the same buffer; DL4J's
 * own flat views ('f' order for dense W, [b | W] for conv) are never touched directly: writing assigns into
 * the parameter's view by shape, and reading goes through a 'c'-order copy.
 * Locally connected W (OH*OW, C*KH*KW, F) = DL4J's LocallyConnected2D [outH*outW, kH*kW*nIn, nOut], 'c'
 * order, position p = oh*OW + ow (in the corrected layer, see Dl4jNetworks.TextbookLocallyConnected2D),
 * tap c*KH*KW + kh*KW + kw; its b is [nOut], one per filter.
 * One layout is a permutation, converted both ways ({@link #toDl4jLayout}, {@link #toReferenceLayout}):
 * depthwise W (C, M, KH, KW) is DL4J's DepthwiseConvolution2D [kH, kW, nIn, depthMultiplier], axes (2, 3, 0, 1)
 * of the reference's; its b (C*M) is the same on both sides, output channel c*M + m.
 * A layer built with nobias has W alone on both sides. Batchnorm's running statistics are not parameters in
 * the reference, but are in DL4J ({@code mean}, and {@code log10stdev} = log10(sqrt(var)), trained by a NoOp
 * updater): {@link #runningStats} reads them as a mean and a variance, and the network copies carry them.
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

    /**
     * Copies every reference parameter into the DL4J network (converted to its data type), and each batchnorm's
     * running statistics, so that both stacks also evaluate alike.
     */
    public static void toDl4j(Network ref, Dl4jNetworks.Built built) {
        for (Network.NamedParam p : ref.params()) {
            assign(built.net(), dl4jKey(built, p.key()), specOf(built, p.key()), p.param());
        }
        for (int i = 0; i < ref.layers().size(); i++) {
            if (ref.layers().get(i) instanceof lab.reference.BatchNorm bn) {
                int j = built.dl4jLayerOf()[i];
                INDArray mean = built.net().getParam(j + "_mean");
                mean.assign(Nd4j.create(bn.runningMean(), mean.shape(), 'c').castTo(mean.dataType()));
                double[] log10std = Arrays.stream(bn.runningVar()).map(v -> Math.log10(Math.sqrt(v))).toArray();
                INDArray std = built.net().getParam(j + "_log10stdev");
                std.assign(Nd4j.create(log10std, std.shape(), 'c').castTo(std.dataType()));
            }
        }
    }

    /** The spec of the reference layer a key such as {@code 3_W} belongs to. */
    private static Architecture.Spec specOf(Dl4jNetworks.Built built, String referenceKey) {
        return built.architecture().specs().get(Integer.parseInt(referenceKey.substring(0, referenceKey.indexOf('_'))));
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
            assign(piece.net(), dl4jKey(piece.dl4jLayerOf(), layer + "_" + want.name()), spec, given);
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

    private static void assign(MultiLayerNetwork net, String key, Architecture.Spec spec, Param p) {
        INDArray target = net.getParam(key);
        if (target.length() != p.size()) {
            throw new IllegalStateException(key + ": DL4J has " + target.length() + " values, the reference "
                    + p.size() + " (" + p + ")");
        }
        INDArray logical = Nd4j.create(p.value(), longs(p.shape()), 'c').castTo(target.dataType());
        INDArray source = toDl4jLayout(spec, p.name(), logical).reshape('c', target.shape());
        // assign, not net.setParam: for SameDiff layers (LocallyConnected2D) M2.1's setParam checks the
        // shape and copies nothing. assign into the view copies by shape, whatever the view's order.
        target.assign(source);
    }

    /**
     * The names of a parameter's axes in its logical shape, for messages that point at an element: conv
     * W (f, c, kh, kw), deconv W (c, f, kh, kw), depthwise W (c, m, kh, kw) and b (cm) with cm = c*M + m,
     * local W (p, tap, f) with p = oh*OW + ow and tap = c*KH*KW + kh*KW + kw, dense W (in, out), b (f) or
     * (out), batchnorm gamma and beta (c).
     */
    public static List<String> axes(Architecture.Spec spec, String param) {
        boolean dense = spec instanceof Architecture.Dense;
        if (spec instanceof Architecture.BatchNorm && (param.equals("gamma") || param.equals("beta"))) {
            return List.of("c");
        }
        if (param.equals("b")) {
            return List.of(dense ? "out" : spec instanceof Architecture.DepthwiseConv ? "cm" : "f");
        }
        if (param.equals("W")) {
            if (spec instanceof Architecture.Conv) {
                return List.of("f", "c", "kh", "kw");
            }
            if (spec instanceof Architecture.Deconv) {
                return List.of("c", "f", "kh", "kw");
            }
            if (spec instanceof Architecture.DepthwiseConv) {
                return List.of("c", "m", "kh", "kw");
            }
            if (spec instanceof Architecture.Local) {
                return List.of("p", "tap", "f");
            }
            if (dense) {
                return List.of("in", "out");
            }
        }
        throw new IllegalArgumentException(spec + " has no parameter " + param);
    }

    /**
     * A parameter (or its gradient) in the reference's logical shape and order, {@code logical}, as DL4J holds
     * it: a view of {@code logical} in DL4J's shape. Only depthwise W differs: (C, M, KH, KW) -> [kH, kW, C, M].
     */
    public static INDArray toDl4jLayout(Architecture.Spec spec, String param, INDArray logical) {
        return isDepthwiseW(spec, param) ? logical.permute(2, 3, 0, 1) : logical;
    }

    /** The inverse of {@link #toDl4jLayout}: a DL4J parameter (or gradient) in the reference's logical shape. */
    public static INDArray toReferenceLayout(Architecture.Spec spec, String param, INDArray dl4j) {
        return isDepthwiseW(spec, param) ? dl4j.permute(2, 3, 0, 1) : dl4j; // the permutation is its own inverse
    }

    private static boolean isDepthwiseW(Architecture.Spec spec, String param) {
        return spec instanceof Architecture.DepthwiseConv && param.equals("W");
    }

    /**
     * A DL4J parameter of reference layer {@code spec}, or its gradient, as the reference holds it: values in
     * the reference's row-major order of its logical shape, as doubles.
     */
    public static double[] values(Architecture.Spec spec, String param, INDArray dl4j) {
        return values(toReferenceLayout(spec, param, dl4j));
    }

    /** A batchnorm's running statistics, (C) each: what the reference's BatchNorm keeps, in its terms. */
    public record RunningStats(double[] mean, double[] var) {
    }

    /**
     * The running statistics of reference layer {@code referenceLayer}, a batchnorm, as DL4J holds them: its
     * {@code mean}, and the variance from its {@code log10stdev} l as DL4J computes it at evaluation,
     * (10^l)^2.
     */
    public static RunningStats runningStats(Dl4jNetworks.Built built, int referenceLayer) {
        Architecture.Spec spec = built.architecture().specs().get(referenceLayer);
        if (!(spec instanceof Architecture.BatchNorm)) {
            throw new IllegalArgumentException("reference layer " + referenceLayer + " is " + spec
                    + ", not batchnorm: it has no running statistics");
        }
        int j = built.dl4jLayerOf()[referenceLayer];
        return new RunningStats(values(built.net().getParam(j + "_mean")),
                variance(built.net().getParam(j + "_log10stdev")));
    }

    /** The variance a batchnorm's {@code log10stdev} l stands for, as DL4J computes it at evaluation: (10^l)^2. */
    static double[] variance(INDArray log10stdev) {
        return Arrays.stream(values(log10stdev)).map(l -> Math.pow(Math.pow(10, l), 2)).toArray();
    }

    private static String axesText(Architecture.Spec spec, String param) {
        return "(" + String.join(", ", axes(spec, param)) + ")";
    }

    /** Copies every DL4J parameter into the reference network (as doubles), and each batchnorm's running statistics. */
    public static void fromDl4j(Dl4jNetworks.Built built, Network ref) {
        for (Network.NamedParam p : ref.params()) {
            double[] values = values(specOf(built, p.key()), p.param().name(),
                    built.net().getParam(dl4jKey(built, p.key())));
            System.arraycopy(values, 0, p.param().value(), 0, p.param().size());
        }
        for (int i = 0; i < ref.layers().size(); i++) {
            if (ref.layers().get(i) instanceof lab.reference.BatchNorm bn) {
                RunningStats stats = runningStats(built, i);
                System.arraycopy(stats.mean(), 0, bn.runningMean(), 0, stats.mean().length);
                System.arraycopy(stats.var(), 0, bn.runningVar(), 0, stats.var().length);
            }
        }
    }

    /**
     * The output of reference layer {@code referenceLayer} for {@code input} (N, C*H*W), as the reference
     * holds it. DL4J runs only up to the layer that has it, and no further than it needs.
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
     * The pre-activation {@code x W + b} ({@code x W} with nobias) of DL4J dense (or output) layer {@code dl4jLayer}, for its input
     * {@code in}: (N, nIn), or NCHW, which DL4J's preprocessor flattens in 'c' order. W is [nIn, nOut].
     */
    public static INDArray denseLogits(MultiLayerNetwork net, int dl4jLayer, INDArray in) {
        INDArray x = in.rank() > 2 ? in.reshape('c', in.size(0), in.length() / in.size(0)) : in;
        INDArray logits = x.mmul(net.getParam(dl4jLayer + "_W"));
        return net.paramTable().containsKey(dl4jLayer + "_b") ? logits.addiRowVector(net.getParam(dl4jLayer + "_b"))
                : logits; // dense(K,nobias)
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
        return values(specOf(built, referenceKey), referenceKey.substring(referenceKey.indexOf('_') + 1), g);
    }

    private static long[] longs(int[] shape) {
        return Arrays.stream(shape).asLongStream().toArray();
    }
}
