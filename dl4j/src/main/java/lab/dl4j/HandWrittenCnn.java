package lab.dl4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The preset {@code cnn}, {@code conv(8,k3,p1)-relu-maxpool(2)-conv(16,k3,p1)-relu-maxpool(2)-dense(10)} on
 * 1x28x28 grey images, written as a DL4J user writes it by hand: one configuration chain, every layer
 * spelled out. It is NOT how this project builds networks ({@link Dl4jNetworks#build} translates any
 * architecture text, so every model shares one mapping); it is the page {@code lab lesson} shows beside the
 * hand-written stack, so it reads its own source ({@link #source}) and cuts out the parts between its
 * {@code // lesson:} markers ({@link #region}). HandWrittenCnnTest proves it is the network
 * {@code Dl4jNetworks.build(Architecture.of("cnn"), ...)} builds: the same layers, parameters and outputs.
 */
public final class HandWrittenCnn {

    private HandWrittenCnn() {
    }

    /**
     * The {@code cnn}, initialised: He initial weights ({@code cnn}'s default init) drawn from {@code seed},
     * zero biases, parameters and activations in {@code dataType} (FLOAT or DOUBLE). Input rows are flat,
     * 784 pixels each; the output is 10 class probabilities.
     */
    public static MultiLayerNetwork build(long seed, IUpdater updater, DataType dataType) {
        // lesson: network begins
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(updater)
                .dataType(dataType)
                .weightInit(WeightInit.RELU) // He: N(0, 2 / fanIn), for layers followed by ReLU
                .list()
                // lesson: conv layer begins
                .layer(new ConvolutionLayer.Builder()
                        .kernelSize(3, 3)
                        .padding(1, 1)
                        .nOut(8)
                        .activation(Activation.RELU)
                        .build())
                // lesson: conv layer ends
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2) // give both: DL4J's default is a 1x1 window at stride 2x2
                        .build())
                .layer(new ConvolutionLayer.Builder()
                        .kernelSize(3, 3)
                        .padding(1, 1)
                        .nOut(16)
                        .activation(Activation.RELU)
                        .build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX)
                        .kernelSize(2, 2)
                        .stride(2, 2)
                        .build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nOut(10)
                        .activation(Activation.SOFTMAX)
                        .build())
                .setInputType(InputType.convolutionalFlat(28, 28, 1)) // DL4J works out every nIn from this
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // lesson: network ends
        return net;
    }

    /** This file's text, as the dl4j jar carries it (a resource beside the class, see dl4j/pom.xml). */
    public static String source() {
        try (InputStream in = HandWrittenCnn.class.getResourceAsStream("HandWrittenCnn.java")) {
            if (in == null) {
                throw new IllegalStateException("lab/dl4j/HandWrittenCnn.java is not on the class path; the dl4j"
                        + " module's build copies it there (dl4j/pom.xml, <resources>): rebuild the module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("reading lab/dl4j/HandWrittenCnn.java from the class path", e);
        }
    }

    /**
     * The lines of {@link #source} strictly between {@code // lesson: <name> begins} and
     * {@code // lesson: <name> ends}, their common indentation removed: {@code "network"} (the whole
     * configuration, up to {@code net.init()}) or {@code "conv layer"} (the first convolution).
     */
    public static String region(String name) {
        String text = source().replace("\r\n", "\n"); // a checkout with Windows line ends reads the same
        String begins = "// lesson: " + name + " begins\n";
        String ends = "// lesson: " + name + " ends\n";
        int from = text.indexOf(begins);
        int to = text.indexOf(ends);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("HandWrittenCnn.java has no region '" + name + "' (markers '"
                    + begins.strip() + "' ... '" + ends.strip() + "')");
        }
        String inside = text.substring(from + begins.length(), to); // ends with the end marker's indentation
        return inside.substring(0, inside.lastIndexOf('\n')).stripIndent() + "\n";
    }
}
