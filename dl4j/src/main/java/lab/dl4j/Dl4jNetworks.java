package lab.dl4j;

import java.util.ArrayList;
import java.util.List;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Shape;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * The one place that builds a DL4J MultiLayerNetwork from an {@link Architecture}, so both stacks run
 * the same description. Mapping: conv -> ConvolutionLayer (Truncate mode, like the reference), an
 * activation right after a conv or dense -> that layer's activation (otherwise an ActivationLayer),
 * maxpool/avgpool -> SubsamplingLayer, dense -> DenseLayer, the last dense -> OutputLayer (softmax +
 * MCXENT), flatten -> nothing (DL4J inserts its own CNN-to-dense preprocessor, which flattens NCHW in
 * the same 'c' order). Input is always flat, (N, C*H*W), as {@code InputType.convolutionalFlat}.
 */
public final class Dl4jNetworks {

    /**
     * A built network and, for each reference layer index, the DL4J layer index that holds its
     * parameters (or -1): what {@link Dl4jParams} needs to translate names.
     */
    public record Built(MultiLayerNetwork net, Architecture architecture, Shape input, int[] dl4jLayerOf) {
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
        List<Architecture.Spec> specs = arch.specs();
        List<Layer> layers = new ArrayList<>();
        int[] dl4jLayerOf = new int[specs.size()];
        java.util.Arrays.fill(dl4jLayerOf, -1);
        for (int i = 0; i < specs.size(); i++) {
            Architecture.Spec spec = specs.get(i);
            boolean last = i == specs.size() - 1;
            Activation act = Activation.IDENTITY;
            boolean foldNext = i + 1 < specs.size() && specs.get(i + 1) instanceof Architecture.Activation;
            if (foldNext && (spec instanceof Architecture.Conv || spec instanceof Architecture.Dense)) {
                act = activation((Architecture.Activation) specs.get(i + 1));
            }
            if (spec instanceof Architecture.Conv c) {
                dl4jLayerOf[i] = layers.size();
                layers.add(new ConvolutionLayer.Builder(c.kh(), c.kw()).stride(c.sh(), c.sw()).padding(c.ph(), c.pw())
                        .nOut(c.filters()).activation(act).convolutionMode(ConvolutionMode.Truncate).build());
            } else if (spec instanceof Architecture.Pool p) {
                layers.add(new SubsamplingLayer.Builder(p.kind() == Architecture.PoolKind.MAX ? PoolingType.MAX
                        : PoolingType.AVG).kernelSize(p.kh(), p.kw()).stride(p.sh(), p.sw())
                        .convolutionMode(ConvolutionMode.Truncate).build());
            } else if (spec instanceof Architecture.Dense d) {
                dl4jLayerOf[i] = layers.size();
                layers.add(last
                        ? new OutputLayer.Builder(new LossMCXENT()).nOut(d.units()).activation(Activation.SOFTMAX).build()
                        : new DenseLayer.Builder().nOut(d.units()).activation(act).build());
            } else if (spec instanceof Architecture.Activation a) {
                boolean folded = i > 0 && (specs.get(i - 1) instanceof Architecture.Conv
                        || specs.get(i - 1) instanceof Architecture.Dense);
                if (!folded) {
                    layers.add(new ActivationLayer.Builder().activation(activation(a)).build());
                }
            }
            // Flatten: nothing; DL4J's preprocessor does it.
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dtype)
                .updater(updater)
                .weightInit(weightInit(init))
                .biasInit(0.0)
                .list();
        for (Layer layer : layers) {
            list.layer(layer);
        }
        list.setInputType(InputType.convolutionalFlat(input.h(), input.w(), input.c()));
        MultiLayerNetwork net = new MultiLayerNetwork(list.build());
        net.init();
        return new Built(net, arch, input, dl4jLayerOf);
    }

    private static Activation activation(Architecture.Activation a) {
        return a.kind() == Architecture.ActivationKind.RELU ? Activation.RELU : Activation.TANH;
    }

    /** The reference's initialisers by DL4J's names: the book's uniform is DL4J's UNIFORM, He is RELU. */
    static WeightInit weightInit(Init init) {
        return switch (init) {
            case UNIFORM -> WeightInit.UNIFORM;
            case XAVIER -> WeightInit.XAVIER;
            case HE -> WeightInit.RELU;
        };
    }

    /** DL4J's updater for the reference's optimizer names: sgd, nesterovs, adam. */
    public static IUpdater updater(String name, double lr, double momentum) {
        return switch (name.toLowerCase(java.util.Locale.ROOT)) {
            case "sgd" -> new org.nd4j.linalg.learning.config.Sgd(lr);
            case "nesterovs", "nesterov" -> new org.nd4j.linalg.learning.config.Nesterovs(lr, momentum);
            case "adam" -> new org.nd4j.linalg.learning.config.Adam(lr, 0.9, 0.999, 1e-8);
            default -> throw new IllegalArgumentException("unknown optimizer '" + name + "'; choose sgd, nesterovs or adam");
        };
    }
}
