package lab.dl4j;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Shape;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LocallyConnected2D;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.Upsampling2D;
import org.deeplearning4j.nn.conf.layers.convolutional.Cropping2D;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.Cropping2DLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The one place that builds a DL4J MultiLayerNetwork from an {@link Architecture}, so both stacks run
 * the same description. Mapping: conv -> ConvolutionLayer (Truncate mode with explicit padding, like the
 * reference, or Same for {@code same}, after a Cropping2D where M2.1's Same would refuse the window, see below;
 * dilation; no b for {@code nobias}), local -> LocallyConnected2D (Truncate, explicit padding; with DL4J's
 * output-order and gradient bugs corrected, see {@link TextbookLocallyConnected2D}), dwconv ->
 * DepthwiseConvolution2D (Truncate), deconv -> Deconvolution2D (Truncate), an activation right after a conv,
 * dwconv, deconv, local or dense -> that layer's activation (otherwise an ActivationLayer that copies in
 * evaluation, {@link CopyingActivationLayer}, as M2.1's works in place on the caller's input when it comes first;
 * see {@link #takesActivation} for the exceptions), maxpool/avgpool -> SubsamplingLayer (Truncate with explicit
 * padding, or Same, cropped as the conv), upsample -> Upsampling2D, batchnorm -> BatchNormalization (eps 1e-5,
 * decay 0.9, log10 std), gap -> GlobalPoolingLayer(AVG) (output (N, C, 1, 1), as the reference's), dense ->
 * DenseLayer, the last dense -> OutputLayer (softmax + MCXENT), flatten -> nothing (DL4J inserts its own
 * CNN-to-dense preprocessor, which flattens NCHW in the same 'c' order; before a batchnorm or softmax the mapping
 * sets that preprocessor itself). Input is always flat, (N, C*H*W), as
 * {@code InputType.convolutionalFlat}. A piece of a network ({@link #piece}) maps the same way, without the loss.
 *
 * <p>What DL4J 1.0.0-M2.1 computes for the new layers, each seen on M2.1 itself (double precision) or read in
 * its bytecode, and what the reference copies:
 * <ul>
 * <li>Same padding (conv and pools): output ceil(H / S); total padding max(0, (OH - 1) S + KH' - H), with
 * KH' = KH + (KH - 1)(DH - 1) under dilation; top (left) floor(total / 2), the odd row at the bottom (right).
 * But M2.1 does not clamp the total at 0: where a kernel smaller than its stride leaves two or more rows after
 * the last window ((OH - 1) SH + KH' - H <= -2, e.g. conv(1,k4x1,s3,same) on 3 x 6), its top padding comes out
 * negative and it throws "Invalid padding values calculated" (ConvolutionLayer in forward, SubsamplingLayer in
 * backward): a bug, shown by {@link StockSamePadding}. The mapping crops those unread rows and columns off
 * first ({@link #cropForSame}); DL4J's Same then gives the reference's windows exactly, for max and average
 * pools too, as a zero padding layer would not (its zeros would win an all-negative max and count in a
 * Truncate average's divisor).
 * Dilation in Truncate: OH = (H + 2 PH - KH') / SH + 1. hasBias(false) leaves the key W alone.
 * <li>Pools with padding: padding never wins a max (an all-negative window gives its maximum, not 0), and an
 * average divides by the values inside the input only (M2.1's default avgPoolIncludePadInDivisor is false), in
 * Truncate and in Same alike. Truncate drops a row or column the last window would run past (floor).
 * <li>DepthwiseConvolution2D: W [kH, kW, nIn, depthMultiplier], b [nIn * M]; output channel c*M + m; a
 * cross-correlation like the conv (no kernel flip).
 * <li>Deconvolution2D (Truncate): W [nIn, nOut, kH, kW], b [nOut]; OH = (H - 1) SH + KH - 2 PH; input value
 * (c, i, j) adds W[c][f][kh][kw] times itself at output (f, i SH + kh - PH, j SW + kw - PW): the exact transpose
 * of the conv, no kernel flip.
 * <li>Upsampling2D(size KH x KW): nearest neighbour, each value repeated KH x KW times; backward sums each block.
 * <li>BatchNormalization: eps 1e-5, decay 0.9, lockGammaBeta false, useLogStd true by default: parameters
 * gamma, beta (C), mean and log10stdev (C; log10 of sqrt(running var)), starting at 1, 0, 0, 0. Training
 * normalises with the batch's mean and BIASED variance, sqrt(var + eps). The running statistics move in the
 * update step after backprop, not in forward: backprop emits (1 - decay)(running - batch) as their gradient
 * (in log10 std for the variance), which a NoOp updater applies undivided by the batch size, whatever the
 * network's updater: mean = 0.9 mean + 0.1 batchMean, var = 0.9 var + 0.1 biasedBatchVar (no eps).
 * Evaluation ({@code output(x, false)}) normalises with them: sqrt(runningVar + eps).
 * <li>Activations: SIGMOID; leaky ReLU as ActivationLReLU(alpha), whose derivative at exactly 0 (and -0.0) is 1,
 * not alpha (ReLU's at 0 is 0), and whose backward uses alpha rounded to float, even in double: a bug, corrected
 * by {@link LeakyReLUInDouble}; SOFTMAX as an ActivationLayer on (N, D) is a row softmax with the true Jacobian
 * in backward. On an (N, C, H, W) input DL4J's softmax runs over the last axis only, hence the preprocessor.
 * </ul>
 * Over 300 lines on purpose: the mapping and DL4J's LocallyConnected2D, which it corrects, read best beside
 * each other.
 */
public final class Dl4jNetworks {

    /**
     * A built network and, for each reference layer index, the DL4J layer index that holds its
     * parameters (or -1), and the DL4J layer whose output is that reference layer's output (or -1: a conv,
     * local or dense whose activation DL4J folds in, and the last dense, whose logits DL4J's output layer
     * turns into probabilities): what {@link Dl4jParams} needs to translate names and activations.
     */
    public record Built(MultiLayerNetwork net, Architecture architecture, Shape input, int[] dl4jLayerOf,
                        int[] dl4jOutputOf) {
    }

    private Dl4jNetworks() {
    }

    /**
     * Builds and initialises (DL4J's own initialiser for {@code init}, from {@code seed}).
     *
     * @param dtype   FLOAT or DOUBLE, for parameters and activations alike
     * @param updater DL4J's updater (see {@link #updater})
     */
    public static Built build(Architecture arch, Shape input, DataType dtype, IUpdater updater, Init init, long seed) {
        arch.layers(input); // the reference's checks first: the same errors, naming the same layer
        Mapped m = map(arch.specs(), input, true, arch.toString());
        return new Built(configure(m, input, dtype, updater, init, seed), arch, input, m.dl4jLayerOf(),
                m.dl4jOutputOf());
    }

    /**
     * A piece of a network, such as one layer checked on its own ({@code conv(4,k3,s2,p1)}, {@code maxpool(2)},
     * {@code conv(4,k3)-relu}): the same mapping as {@link #build}, without a loss at the end (a last dense
     * is a DenseLayer, not an OutputLayer), in double precision. Its gradients are taken from an upstream
     * gradient the caller gives ({@link Dl4jPiece#run}). Parameters are DL4J's initial ones until set.
     */
    public static Dl4jPiece piece(List<Architecture.Spec> specs, Shape input) {
        return piece(specs, input, DataType.DOUBLE);
    }

    /** As {@link #piece(List, Shape)}, with parameters and activations in {@code dtype} (FLOAT or DOUBLE). */
    public static Dl4jPiece piece(List<Architecture.Spec> specs, Shape input, DataType dtype) {
        Architecture.layers(specs, input); // the reference's checks first, naming the layer that does not fit
        Mapped m = map(specs, input, false, Architecture.text(specs));
        MultiLayerNetwork net = configure(m, input, dtype, new org.nd4j.linalg.learning.config.NoOp(),
                Init.XAVIER, 0);
        return new Dl4jPiece(net, specs, input, m.dl4jLayerOf());
    }

    /**
     * DL4J's layers for a list of specs, where each reference layer's parameters and output are, and the
     * input preprocessors the mapping sets itself (by DL4J layer index; DL4J adds the rest).
     */
    private record Mapped(List<Layer> layers, int[] dl4jLayerOf, int[] dl4jOutputOf,
                          Map<Integer, InputPreProcessor> preprocessors, boolean vectorInput) {
    }

    /**
     * What DL4J's activations are at a point of the mapping: still the flat input, which DL4J's own preprocessor
     * turns into a map for the first layer that reads one; a C x H x W map; or a vector (N, D).
     */
    private enum Held { INPUT, MAP, VECTOR }

    /**
     * The mapping of the class comment; {@code loss}: the last dense is DL4J's OutputLayer (softmax + MCXENT).
     * It follows the rank of DL4J's activations as it goes: (N, C, H, W) until a dense or a preprocessor makes
     * them (N, D). A layer that reads a C x H x W map after a vector gets D as D x 1 x 1, as the reference reads
     * it; batchnorm and softmax on what the reference holds as a vector (after flatten or gap) get it as
     * (N, D), so that DL4J normalises each feature and softmax runs over all of them. When that happens before
     * any layer has read the input as a map, the network's input is declared a vector instead
     * ({@link Mapped#vectorInput}): DL4J's flat input already holds the flattened values, and a batchnorm on a
     * declared image would otherwise be turned back into one.
     */
    private static Mapped map(List<Architecture.Spec> specs, Shape input, boolean loss, String text) {
        List<lab.reference.Layer> reference = Architecture.layers(specs, input);
        List<Layer> layers = new ArrayList<>();
        Map<Integer, InputPreProcessor> preprocessors = new java.util.HashMap<>();
        int[] dl4jLayerOf = new int[specs.size()];
        java.util.Arrays.fill(dl4jLayerOf, -1);
        int[] dl4jOutputOf = new int[specs.size()];
        Held held = Held.INPUT;
        boolean vectorInput = false;
        Shape map = input; // DL4J's C x H x W while not a vector: flatten changes the reference's shape, not DL4J's
        for (int i = 0; i < specs.size(); i++) {
            Architecture.Spec spec = specs.get(i);
            Shape in = i == 0 ? input : reference.get(i - 1).outputShape();
            boolean last = i == specs.size() - 1;
            IActivation act = Activation.IDENTITY.getActivationFunction();
            boolean foldNext = i + 1 < specs.size() && specs.get(i + 1) instanceof Architecture.Activation next
                    && takesActivation(spec, next);
            if (foldNext) {
                act = activation((Architecture.Activation) specs.get(i + 1));
            }
            boolean readsMap = !(spec instanceof Architecture.Dense || spec instanceof Architecture.Activation
                    || spec instanceof Architecture.Flatten || spec instanceof Architecture.BatchNorm);
            boolean softmax = spec instanceof Architecture.Activation a && a.kind() == Architecture.ActivationKind.SOFTMAX;
            boolean readsVector = (spec instanceof Architecture.BatchNorm || softmax && !foldedInto(specs, i))
                    && in.isVector();
            if (readsMap && held == Held.VECTOR) {
                preprocessors.put(layers.size(), new FeedForwardToCnnPreProcessor(1, 1, in.c()));
            } else if (readsVector && held == Held.MAP) {
                preprocessors.put(layers.size(), new CnnToFeedForwardPreProcessor(map.h(), map.w(), map.c()));
            } else if (readsVector && held == Held.INPUT) {
                vectorInput = true; // only activations came before: they run on the vector as well
            }
            if (readsMap || spec instanceof Architecture.BatchNorm && !readsVector) {
                held = Held.MAP;
            } else if (readsVector || spec instanceof Architecture.Dense) {
                held = Held.VECTOR;
            }
            if (spec instanceof Architecture.Conv c) {
                if (c.same()) {
                    cropForSame(in, c.kh(), c.kw(), c.sh(), c.sw(), c.dh(), c.dw()).ifPresent(layers::add);
                }
                dl4jLayerOf[i] = layers.size(); // the conv, not the crop before it
                layers.add(conv(c, act));
            } else if (spec instanceof Architecture.Local l) {
                Architecture.Spec before = previousLayer(specs, i);
                if (before instanceof Architecture.Dense || before instanceof Architecture.Flatten) {
                    throw new IllegalArgumentException("architecture '" + text + "': layer " + (i + 1) + " " + l
                            + " follows " + before + "; DL4J's LocallyConnected2D takes only a C x H x W input, not"
                            + " the vector a " + before + " gives (the reference would read it as D x 1 x 1)");
                }
                dl4jLayerOf[i] = layers.size();
                // A SameDiff layer: its activation is DL4J's enum, so only the kinds takesActivation lets in.
                layers.add(locallyConnected(l, foldNext ? Activation.valueOf(((Architecture.Activation) specs.get(i + 1))
                        .kind().name()) : Activation.IDENTITY));
            } else if (spec instanceof Architecture.DepthwiseConv d) {
                dl4jLayerOf[i] = layers.size();
                layers.add(new DepthwiseConvolution2D.Builder(d.kh(), d.kw()).stride(d.sh(), d.sw())
                        .padding(d.ph(), d.pw()).depthMultiplier(d.multiplier()).nOut((long) in.c() * d.multiplier())
                        .hasBias(d.bias()).activation(act).convolutionMode(ConvolutionMode.Truncate).build());
            } else if (spec instanceof Architecture.Deconv d) {
                dl4jLayerOf[i] = layers.size();
                layers.add(new Deconvolution2D.Builder(d.kh(), d.kw()).stride(d.sh(), d.sw()).padding(d.ph(), d.pw())
                        .nOut(d.filters()).hasBias(d.bias()).activation(act).convolutionMode(ConvolutionMode.Truncate)
                        .build());
            } else if (spec instanceof Architecture.GlobalPool) {
                // Not collapsed: (N, C, 1, 1), the reference's shape, so a conv, local or pooling may follow;
                // a dense gets DL4J's CNN-to-dense preprocessor, which flattens it to (N, C).
                layers.add(new GlobalPoolingLayer.Builder(PoolingType.AVG).collapseDimensions(false).build());
            } else if (spec instanceof Architecture.Pool p) {
                if (p.same()) {
                    cropForSame(in, p.kh(), p.kw(), p.sh(), p.sw(), 1, 1).ifPresent(layers::add);
                }
                layers.add(pool(p));
            } else if (spec instanceof Architecture.Upsample u) {
                layers.add(new Upsampling2D.Builder().size(new int[] {u.kh(), u.kw()}).build());
            } else if (spec instanceof Architecture.BatchNorm) {
                dl4jLayerOf[i] = layers.size();
                layers.add(new BatchNormalization.Builder().eps(lab.reference.BatchNorm.EPS)
                        .decay(lab.reference.BatchNorm.DECAY).lockGammaBeta(false).useLogStd(true).build());
            } else if (spec instanceof Architecture.Dense d) {
                dl4jLayerOf[i] = layers.size();
                layers.add(last && loss
                        ? new OutputLayer.Builder(new LossMCXENT()).nOut(d.units()).hasBias(d.bias())
                                .activation(Activation.SOFTMAX).build()
                        : new DenseLayer.Builder().nOut(d.units()).hasBias(d.bias()).activation(act).build());
            } else if (spec instanceof Architecture.Activation a) {
                if (!foldedInto(specs, i)) {
                    layers.add(new CopyingActivationLayer(activation(a)));
                }
            }
            // Flatten: nothing; DL4J's preprocessor does it.
            if (held == Held.MAP && !(spec instanceof Architecture.Flatten)) {
                map = reference.get(i).outputShape();
            }
            dl4jOutputOf[i] = foldNext || last ? -1 : layers.size() - 1; // flatten: the layer before, same 'c' values
        }
        return new Mapped(layers, dl4jLayerOf, dl4jOutputOf, preprocessors, vectorInput);
    }

    /** conv(...) as DL4J's ConvolutionLayer: Truncate with the spec's padding, or DL4J's own Same mode. */
    private static ConvolutionLayer conv(Architecture.Conv c, IActivation act) {
        ConvolutionLayer.Builder conv = new ConvolutionLayer.Builder(c.kh(), c.kw()).stride(c.sh(), c.sw())
                .dilation(c.dh(), c.dw()).nOut(c.filters()).hasBias(c.bias()).activation(act);
        return c.same() ? conv.convolutionMode(ConvolutionMode.Same).build()
                : conv.padding(c.ph(), c.pw()).convolutionMode(ConvolutionMode.Truncate).build();
    }

    /** maxpool/avgpool as DL4J's SubsamplingLayer: Truncate with the spec's padding, or DL4J's own Same mode. */
    private static SubsamplingLayer pool(Architecture.Pool p) {
        // Padding never wins a max and is left out of an average's divisor: DL4J's default, given here
        // so that the setting the reference copies is written down.
        SubsamplingLayer.Builder pool = new SubsamplingLayer.Builder(p.kind() == Architecture.PoolKind.MAX
                ? PoolingType.MAX : PoolingType.AVG).kernelSize(p.kh(), p.kw()).stride(p.sh(), p.sw())
                .avgPoolIncludePadInDivisor(false);
        return p.same() ? pool.convolutionMode(ConvolutionMode.Same).build()
                : pool.padding(p.ph(), p.pw()).convolutionMode(ConvolutionMode.Truncate).build();
    }

    /**
     * The Cropping2D that lets DL4J's Same mode take a window on {@code in} it would refuse, or nothing if it
     * takes it as it is. Same's ceil(H / SH) windows may end two or more rows short of the input's end (a kernel
     * smaller than its stride, a side the stride does not divide): then DL4J's (OH - 1) SH + KH' - H is -2 or
     * less, its top padding half of that is negative, and M2.1 throws (see the class comment). The rows and
     * columns no window reads are cropped off the bottom and right first: on what is left, H' = (OH - 1) SH +
     * KH' with KH' < SH, the same ceil(H' / SH) = OH windows read the same rows, with no padding on that axis.
     * Exact for conv, max and average alike (no value is added, so none wins a max or counts in a divisor), and
     * the crop's backward gives the dropped rows a zero gradient, as the reference's dx has there.
     */
    static Optional<Cropping2D> cropForSame(Shape in, int kh, int kw, int sh, int sw, int dh, int dw) {
        int bottom = unread(in.h(), kh, sh, dh);
        int right = unread(in.w(), kw, sw, dw);
        if (bottom < 2 && right < 2) {
            return Optional.empty(); // DL4J's top padding is 0 or more on both axes: its Same is the reference's
        }
        return Optional.of(new CopyingCropping2D(0, Math.max(0, bottom), 0, Math.max(0, right)));
    }

    /**
     * DL4J's Cropping2D, its output a copy in the activations workspace rather than a view of its input. M2.1's
     * layer returns the view, which breaks its network's workspace checks when the input is in no workspace: as
     * the first layer (maxpool(k1,s4,same)-dense(3) on 2 x 7 x 11), {@code fit} throws "array (INPUT) workspace
     * validation failed ... is detached" at the next layer. The values, and the backward (zeros where cropped),
     * are DL4J's own.
     */
    static final class CopyingCropping2D extends Cropping2D {

        CopyingCropping2D(int top, int bottom, int left, int right) {
            super(top, bottom, left, right);
        }

        /** For Jackson (DL4J warns without one); it then sets the cropping through DL4J's setter. */
        @SuppressWarnings("unused")
        private CopyingCropping2D() {
            super();
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
                DataType dtype) {
            // As Cropping2D.instantiate, with the layer that copies.
            Cropping2DLayer layer = new Cropping2DLayer(conf, dtype) {
                @Override
                public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
                    return workspaceMgr.dup(ArrayType.ACTIVATIONS, super.activate(training, workspaceMgr));
                }
            };
            layer.setListeners(listeners);
            layer.setIndex(layerIndex);
            layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
            layer.setConf(conf);
            return layer;
        }
    }

    /**
     * DL4J's ActivationLayer, its output in evaluation a copy in the activations workspace, as in training, rather
     * than its input changed in place. M2.1's layer, in {@code output(x, false)}, leverages its input to the
     * activations workspace and applies the activation to it in place. As the first layer its input is the
     * caller's array, in no workspace: leveraging leaves it there, so the caller's x comes back changed (tanh(x)
     * after a tanh), and the detached result fails the next layer's workspace check wherever a preprocessor
     * reshapes it ("array (ACTIVATIONS) workspace validation failed (preprocessor1 ...
     * FeedForwardToCnnPreProcessor) ... is detached" for relu-maxpool(k2,s2)-dense(10); a dense reads it without a
     * check, so tanh-dense(10) ran, on a changed x).
     * Minimal case, pinned by Dl4jNewLayersBugsTest: ActivationLayer(RELU), SubsamplingLayer(k2, s2) and an
     * OutputLayer on {@code convolutionalFlat(2, 2, 1)}. Training ({@code fit}) copies already. The values are
     * DL4J's own; later in the network the copy also keeps the layer before's output, in a feedForward list,
     * as that layer computed it.
     */
    static final class CopyingActivationLayer extends ActivationLayer {

        CopyingActivationLayer(IActivation activation) {
            super(new ActivationLayer.Builder().activation(activation));
        }

        /** For Jackson (DL4J warns without one); it then sets the activation through DL4J's setter. */
        @SuppressWarnings("unused")
        private CopyingActivationLayer() {
            super();
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
                DataType dtype) {
            // As ActivationLayer.instantiate, with the layer that copies.
            org.deeplearning4j.nn.layers.ActivationLayer layer = new org.deeplearning4j.nn.layers.ActivationLayer(
                    conf, dtype) {
                @Override
                public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
                    assertInputSet(false);
                    INDArray copy = workspaceMgr.dup(ArrayType.ACTIVATIONS, input, input.ordering());
                    return layerConf().getActivationFn().getActivation(copy, training);
                }
            };
            layer.setListeners(listeners);
            layer.setIndex(layerIndex);
            layer.setParamsViewArray(paramsView);
            layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
            layer.setConf(conf);
            return layer;
        }
    }

    /**
     * The rows past the last of Same's windows on a side of {@code size}: size - ((OH - 1) S + K'), minus the
     * total padding DL4J computes before halving it; negative when the windows reach past the end.
     */
    private static int unread(int size, int kernel, int stride, int dilation) {
        int out = (size + stride - 1) / stride;
        return size - ((out - 1) * stride + (kernel - 1) * dilation + 1);
    }

    /**
     * DL4J's STOCK Same layer for a {@code same} conv or pool, with no crop before it, as a one-layer piece in
     * double precision: what {@link StockSamePadding} runs to show M2.1's refusal. The layer
     * {@link #piece} builds for the spec, but for the crop.
     */
    static Dl4jPiece stockSame(Architecture.Spec spec, Shape input) {
        List<Architecture.Spec> specs = List.of(spec);
        Architecture.layers(specs, input); // the reference's checks first
        Layer layer;
        if (spec instanceof Architecture.Conv c && c.same()) {
            layer = conv(c, Activation.IDENTITY.getActivationFunction());
        } else if (spec instanceof Architecture.Pool p && p.same()) {
            layer = pool(p);
        } else {
            throw new IllegalArgumentException(spec + " is not a same conv or pool");
        }
        Mapped m = new Mapped(List.of(layer), new int[] {0}, new int[] {-1}, Map.of(), false);
        MultiLayerNetwork net = configure(m, input, DataType.DOUBLE, new org.nd4j.linalg.learning.config.NoOp(),
                Init.XAVIER, 0);
        return new Dl4jPiece(net, specs, input, new int[] {spec instanceof Architecture.Conv ? 0 : -1});
    }

    /** The configured and initialised network of these layers on a flat (N, C*H*W) input, an image unless told. */
    private static MultiLayerNetwork configure(Mapped m, Shape input, DataType dtype, IUpdater updater,
                                               Init init, long seed) {
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype)
                .updater(updater)
                .weightInit(weightInit(init))
                .biasInit(0.0)
                // Keep each conv's im2col and pre-activation from forward for backprop, which otherwise
                // recomputes both: the same values, 1.4x faster cnn steps (BENCHMARKS.md, DL4J's profile).
                .cacheMode(CacheMode.DEVICE)
                .list();
        for (Layer layer : m.layers()) {
            list.layer(layer);
        }
        m.preprocessors().forEach(list::inputPreProcessor); // before setInputType, which then keeps them
        list.setInputType(m.vectorInput() ? InputType.feedForward(input.size())
                : InputType.convolutionalFlat(input.h(), input.w(), input.c()));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return net;
    }

    /**
     * Whether DL4J's counterpart of {@code spec} applies {@code next} itself: convs, local and dense have an
     * activation of their own. Softmax only into a dense: on a conv's (N, C, H, W) DL4J's softmax would run
     * over the last axis, not over what the reference holds as the vector. Local, a SameDiff layer, takes
     * DL4J's activation enum, run through SameDiff's own ops: relu, tanh and sigmoid, whose SameDiff
     * derivatives the corrected layer has been checked with; leaky ReLU (any slope) stays an ActivationLayer.
     */
    private static boolean takesActivation(Architecture.Spec spec, Architecture.Activation next) {
        Architecture.ActivationKind kind = next.kind();
        if (spec instanceof Architecture.Local) {
            return kind == Architecture.ActivationKind.RELU || kind == Architecture.ActivationKind.TANH
                    || kind == Architecture.ActivationKind.SIGMOID;
        }
        boolean convLike = spec instanceof Architecture.Conv || spec instanceof Architecture.DepthwiseConv
                || spec instanceof Architecture.Deconv;
        return spec instanceof Architecture.Dense || convLike && kind != Architecture.ActivationKind.SOFTMAX;
    }

    /** Whether the activation at {@code i} is folded into the layer before it (see {@link #takesActivation}). */
    private static boolean foldedInto(List<Architecture.Spec> specs, int i) {
        return i > 0 && specs.get(i) instanceof Architecture.Activation a && takesActivation(specs.get(i - 1), a);
    }

    /** The layer before {@code i} that is not an activation, or null. */
    private static Architecture.Spec previousLayer(List<Architecture.Spec> specs, int i) {
        for (int j = i - 1; j >= 0; j--) {
            if (!(specs.get(j) instanceof Architecture.Activation)) {
                return specs.get(j);
            }
        }
        return null;
    }

    /**
     * local(F,k,s,p) as DL4J's LocallyConnected2D. Every setting is given, because the builder's defaults
     * are not the conv's: kernel 2x2, activation TANH, and ConvolutionMode.Same (which refuses explicit
     * padding and pads bottom/right more). Truncate with explicit padding pads each side by p, as the
     * reference does. Parameters: W [OH*OW, C*KH*KW, F], b [F] (one bias per filter, shared by positions; none
     * with nobias).
     */
    static LocallyConnected2D locallyConnected(Architecture.Local l, Activation act) {
        LocallyConnected2D.Builder builder = locallyConnectedSettings(l, act);
        builder.build(); // DL4J's own validation of kernel, stride, padding and mode
        return new TextbookLocallyConnected2D(builder);
    }

    /** DL4J's own builder with every setting of {@link #locallyConnected} given; its build() is the stock layer. */
    private static LocallyConnected2D.Builder locallyConnectedSettings(Architecture.Local l, Activation act) {
        return new LocallyConnected2D.Builder().nOut(l.filters()).kernelSize(l.kh(), l.kw()).stride(l.sh(), l.sw())
                .padding(l.ph(), l.pw()).convolutionMode(ConvolutionMode.Truncate).activation(act).hasBias(l.bias());
    }

    /**
     * DL4J's STOCK LocallyConnected2D, both M2.1 bugs left in, as a piece of one layer with an identity
     * activation, in double precision: what {@link StockLocallyConnected} runs beside the reference. The same
     * settings as the corrected layer {@link #piece} builds for {@code local}; only the class differs.
     */
    static Dl4jPiece stockLocallyConnected(Architecture.Local l, Shape input) {
        List<Architecture.Spec> specs = List.of(l);
        Architecture.layers(specs, input); // the reference's checks first
        Mapped m = new Mapped(List.of(locallyConnectedSettings(l, Activation.IDENTITY).build()), new int[] {0},
                new int[] {-1}, Map.of(), false);
        MultiLayerNetwork net = configure(m, input,
                DataType.DOUBLE, new org.nd4j.linalg.learning.config.NoOp(), Init.XAVIER, 0);
        return new Dl4jPiece(net, specs, input, new int[] {0});
    }

    /**
     * DL4J's LocallyConnected2D with two M2.1 bugs corrected; parameters, shapes, initialisation, padding
     * and output type are DL4J's own. {@link StockLocallyConnected} shows both on the stock layer, and
     * Dl4jStackTest pins them through it, so an upgrade that fixes them shows.
     * <ol>
     * <li>Output order. {@code defineLayer} puts the patch at (row y, column x) into position
     * {@code x*outH + y}, then reads positions back as an (outH, outW) row-major grid: the output map comes
     * out transposed when square and scrambled when not, and weight row p = oh*outW + ow, which lands at
     * output (oh, ow), is applied to the patch at (p mod outH, p div outH) instead of (oh, ow)'s. No weight
     * conversion can undo a permutation of a layer's OUTPUT. Here position p is
     * oh*outW + ow throughout. The graph is also rebuilt around im2col: DL4J's makes one slice op per output
     * position (980 of them for lcn on 28x28) and trained lcn at 19 images/s on this machine.
     * <li>Gradient twice too large. The SameDiff layer's backward returns exactly 2x the true gradient, for W,
     * b and the epsilon it passes down (DL4J's own GradientCheckUtil fails on the stock layer: relative error
     * 1/3 on every weight, i.e. analytic = 2 x numeric; not traced further, but SameDiffLayer's external-errors
     * gradient is the likely place). Backward is linear in the incoming epsilon, so {@link HalvedEpsilon}
     * passes epsilon / 2 in, which is exact in binary floating point.
     * </ol>
     * NCHW only, as everything in this project is.
     */
    static final class TextbookLocallyConnected2D extends LocallyConnected2D {

        TextbookLocallyConnected2D(LocallyConnected2D.Builder builder) {
            super(builder);
        }

        /** For Jackson (DL4J warns without one); it then sets every field through the setters DL4J has. */
        @SuppressWarnings("unused")
        private TextbookLocallyConnected2D() {
            super(new LocallyConnected2D.Builder());
        }

        @Override
        public org.deeplearning4j.nn.api.Layer instantiate(NeuralNetConfiguration conf,
                Collection<TrainingListener> listeners, int layerIndex, INDArray paramsView, boolean initializeParams,
                DataType dtype) {
            // As SameDiffLayer.instantiate, with the implementation that halves epsilon.
            HalvedEpsilon layer = new HalvedEpsilon(conf, dtype);
            layer.setIndex(layerIndex);
            layer.setParamsViewArray(paramsView);
            layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
            layer.setConf(conf);
            return layer;
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
            int[] out = getOutputSize();
            int[] k = getKernel();
            int[] s = getStride();
            int[] p = getPadding();
            long miniBatch = input.getShape()[0];
            if (getCm() != ConvolutionMode.Truncate) {
                throw new IllegalStateException("local: only ConvolutionMode.Truncate is built here, got " + getCm());
            }
            // Every receptive field at once, zero-padded p on each side: (N, C, KH, KW, OH, OW). Row-major, so
            // (C, KH, KW) flattens to the tap index of W and (OH, OW) to the position p = oh*OW + ow.
            SDVariable cols = sd.cnn().im2Col(input, Conv2DConfig.builder().kH(k[0]).kW(k[1]).sH(s[0]).sW(s[1])
                    .pH(p[0]).pW(p[1]).dH(1).dW(1).paddingMode(PaddingMode.VALID).dataFormat(Conv2DConfig.NCHW)
                    .build());
            SDVariable taps = sd.reshape(cols, miniBatch, getFeatureDim(), out[0] * out[1]); // (N, C*KH*KW, OH*OW)
            // One matrix product per position: (OH*OW, N, C*KH*KW) x (OH*OW, C*KH*KW, F) -> (OH*OW, N, F).
            SDVariable byPosition = sd.mmul(taps.permute(2, 0, 1), params.get("W"));
            SDVariable nchw = sd.reshape(byPosition, out[0], out[1], miniBatch, getNOut()).permute(2, 3, 0, 1);
            if (isHasBias()) {
                nchw = sd.nn().biasAdd(nchw, params.get("b"), true);
            }
            return getActivation().asSameDiff("out", sd, nchw);
        }
    }

    /** DL4J's SameDiff layer implementation, given epsilon / 2 because its backward doubles it (see above). */
    static final class HalvedEpsilon extends org.deeplearning4j.nn.layers.samediff.SameDiffLayer {

        HalvedEpsilon(NeuralNetConfiguration conf, DataType dtype) {
            super(conf, dtype);
        }

        @Override
        public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
            INDArray half;
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                half = epsilon.mul(0.5); // a power of two: exact
            }
            return super.backpropGradient(half, workspaceMgr);
        }
    }

    /**
     * DL4J's activation for each kind; leaky ReLU with the spec's slope (DL4J's enum has only 0.01), and with its
     * backward's precision bug corrected ({@link LeakyReLUInDouble}).
     */
    private static IActivation activation(Architecture.Activation a) {
        return switch (a.kind()) {
            case RELU -> Activation.RELU.getActivationFunction();
            case TANH -> Activation.TANH.getActivationFunction();
            case SIGMOID -> Activation.SIGMOID.getActivationFunction();
            case LEAKYRELU -> new LeakyReLUInDouble(a.alpha());
            case SOFTMAX -> Activation.SOFTMAX.getActivationFunction();
        };
    }

    /** The reference's initialisers by DL4J's names: the book's uniform is DL4J's UNIFORM, He is RELU. */
    static WeightInit weightInit(Init init) {
        return switch (init) {
            case UNIFORM -> WeightInit.UNIFORM;
            case XAVIER -> WeightInit.XAVIER;
            case HE -> WeightInit.RELU;
        };
    }

    /**
     * DL4J's updater for a reference optimizer, with the same settings: each reference optimizer already
     * computes DL4J's formula ({@link lab.reference.Optimizer}), so this is a renaming, one type to one type.
     */
    public static IUpdater updater(lab.reference.Optimizer optimizer) {
        if (optimizer instanceof lab.reference.Sgd s) {
            return new org.nd4j.linalg.learning.config.Sgd(s.lr());
        }
        if (optimizer instanceof lab.reference.Nesterovs n) {
            return new org.nd4j.linalg.learning.config.Nesterovs(n.lr(), n.momentum());
        }
        if (optimizer instanceof lab.reference.Adam a) {
            return new org.nd4j.linalg.learning.config.Adam(a.lr(), a.beta1(), a.beta2(), a.epsilon());
        }
        throw new IllegalArgumentException("DL4J has no updater mapped for " + optimizer);
    }
}
