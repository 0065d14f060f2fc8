package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Optimizer;
import lab.reference.Shape;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * {@link HandWrittenCnn}, the {@code cnn} as a DL4J user writes it, is the network {@link Dl4jNetworks}
 * translates from the text {@code cnn}: the same layers with the same settings, the same parameters, and,
 * given the same weights, the same outputs and gradients to the last bit (both are DL4J running the same
 * layers, so any difference at all means a different computation). And the lesson can read its source.
 */
class HandWrittenCnnTest {

    private static final Shape MNIST = new Shape(1, 28, 28);
    private static final IUpdater ADAM = Dl4jNetworks.updater(Optimizer.adam(0.005));

    /** The project's own build of the same thing: the preset, its default init (He), double. */
    private static MultiLayerNetwork translated(long seed) {
        return Dl4jNetworks.build(Architecture.of("cnn"), MNIST, DataType.DOUBLE, ADAM, Init.HE, seed).net();
    }

    @Test
    void sameLayersInTheSameOrderWithTheSameSettings() {
        MultiLayerNetwork mine = HandWrittenCnn.build(1, ADAM, DataType.DOUBLE);
        MultiLayerNetwork theirs = translated(1);
        assertEquals(List.of(
                "ConvolutionLayer k[3, 3] s[1, 1] p[1, 1] Truncate nIn 1 nOut 8 relu",
                "SubsamplingLayer MAX k[2, 2] s[2, 2] p[0, 0] Truncate",
                "ConvolutionLayer k[3, 3] s[1, 1] p[1, 1] Truncate nIn 8 nOut 16 relu",
                "SubsamplingLayer MAX k[2, 2] s[2, 2] p[0, 0] Truncate",
                "OutputLayer LossMCXENT nIn 784 nOut 10 softmax"), describe(theirs), "Dl4jNetworks' cnn");
        assertEquals(describe(theirs), describe(mine), "the hand-written cnn");
        // Then everything else DL4J keeps per layer (init, updater, data format, dilation, ...) and between
        // layers (the flat-input and CNN-to-dense preprocessors).
        MultiLayerConfiguration a = theirs.getLayerWiseConfigurations();
        MultiLayerConfiguration b = mine.getLayerWiseConfigurations();
        for (int i = 0; i < a.getConfs().size(); i++) {
            assertEquals(a.getConf(i).getLayer(), b.getConf(i).getLayer(), "layer " + i);
        }
        assertEquals(a.getInputPreProcessors(), b.getInputPreProcessors(), "input preprocessors");
        assertEquals(DataType.DOUBLE, mine.params().dataType());
    }

    @Test
    void sameParameterKeysAndShapes() {
        Map<String, String> theirs = shapes(translated(1));
        assertEquals("{0_b=[8], 0_W=[8, 1, 3, 3], 2_b=[16], 2_W=[16, 8, 3, 3], 4_W=[784, 10], 4_b=[10]}",
                theirs.toString(), "Dl4jNetworks' cnn");
        assertEquals(theirs, shapes(HandWrittenCnn.build(1, ADAM, DataType.DOUBLE)), "the hand-written cnn");
    }

    @Test
    void theSameSeedDrawsTheSameInitialWeights() {
        MultiLayerNetwork theirs = translated(5);
        MultiLayerNetwork mine = HandWrittenCnn.build(5, ADAM, DataType.DOUBLE);
        assertEquals(shapes(theirs), shapes(mine));
        for (String key : theirs.paramTable().keySet()) {
            // Not INDArray.equals, which forgives differences up to 1e-5.
            assertEquals(0.0, maxAbsDifference(theirs.getParam(key), mine.getParam(key)), key);
        }
    }

    @Test
    void sameWeightsGiveTheSameOutputsAndGradientsToTheLastBit() {
        MultiLayerNetwork theirs = translated(2);
        MultiLayerNetwork mine = HandWrittenCnn.build(3, ADAM, DataType.DOUBLE); // other weights, until copied
        int n = 8;
        INDArray x = Nd4j.create(new Random(4).doubles(n * MNIST.size()).toArray(), new long[] {n, MNIST.size()}, 'c');
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 10);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 10, 1.0);
        }
        assertTrue(maxAbsDifference(theirs.output(x), mine.output(x)) > 1e-3,
                "different seeds should give different outputs before the copy, or this test could not fail");

        for (Map.Entry<String, INDArray> p : theirs.paramTable().entrySet()) {
            INDArray target = mine.getParam(p.getKey());
            // Checked first: ND4J's assign does not refuse a larger array, and writing past a parameter's
            // view corrupted native memory (a JVM crash) when a dropped padding made 4_W [576, 10].
            assertEquals(Arrays.toString(p.getValue().shape()), Arrays.toString(target.shape()), p.getKey());
            target.assign(p.getValue()); // by key and shape: the same layout on both sides
        }

        assertEquals(0.0, maxAbsDifference(theirs.output(x), mine.output(x)), "softmax outputs");
        Map<String, INDArray> gTheirs = gradients(theirs, x, y);
        Map<String, INDArray> gMine = gradients(mine, x, y);
        assertEquals(gTheirs.keySet(), gMine.keySet());
        for (String key : gTheirs.keySet()) {
            assertEquals(0.0, maxAbsDifference(gTheirs.get(key), gMine.get(key)), "gradient " + key);
        }
    }

    @Test
    void theSourceOnTheClassPathIsThisFile() throws IOException {
        // Surefire runs in the module's folder, where the file is.
        String file = Files.readString(Path.of("src/main/java/lab/dl4j/HandWrittenCnn.java"));
        assertEquals(file, HandWrittenCnn.source());
    }

    @Test
    void theLessonsRegionsAreTheNetworkAndItsFirstConvLayer() {
        String network = HandWrittenCnn.region("network");
        assertTrue(network.startsWith("MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()\n"),
                network);
        assertTrue(network.endsWith("net.init();\n"), network);
        assertEquals(5, network.lines().filter(l -> l.strip().startsWith(".layer(")).count(), network);
        String conv = HandWrittenCnn.region("conv layer");
        assertEquals(List.of(".layer(new ConvolutionLayer.Builder()", "        .kernelSize(3, 3)",
                "        .padding(1, 1)", "        .nOut(8)", "        .activation(Activation.RELU)",
                "        .build())"), conv.lines().toList());
        assertTrue(network.contains(conv.lines().map(String::strip).findFirst().orElseThrow()), network);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HandWrittenCnn.region("pool layer"));
        assertTrue(e.getMessage().contains("// lesson: pool layer begins"), e.getMessage());
    }

    /** Each layer as one line: its type and every setting that decides what it computes. */
    private static List<String> describe(MultiLayerNetwork net) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (layer instanceof ConvolutionLayer c) {
                lines.add("ConvolutionLayer k" + Arrays.toString(c.getKernelSize()) + " s"
                        + Arrays.toString(c.getStride()) + " p" + Arrays.toString(c.getPadding()) + " "
                        + c.getConvolutionMode() + " nIn " + c.getNIn() + " nOut " + c.getNOut() + " "
                        + c.getActivationFn());
            } else if (layer instanceof SubsamplingLayer s) {
                lines.add("SubsamplingLayer " + s.getPoolingType() + " k" + Arrays.toString(s.getKernelSize()) + " s"
                        + Arrays.toString(s.getStride()) + " p" + Arrays.toString(s.getPadding()) + " "
                        + s.getConvolutionMode());
            } else if (layer instanceof OutputLayer o) {
                lines.add("OutputLayer " + o.getLossFn().getClass().getSimpleName() + " nIn " + o.getNIn() + " nOut "
                        + o.getNOut() + " " + o.getActivationFn());
            } else {
                lines.add(layer.getClass().getSimpleName());
            }
        }
        return lines;
    }

    private static Map<String, String> shapes(MultiLayerNetwork net) {
        Map<String, String> shapes = new LinkedHashMap<>();
        net.paramTable().forEach((key, value) -> shapes.put(key, Arrays.toString(value.shape())));
        return shapes;
    }

    /** DL4J's gradient of the mean loss (summed over the batch, see DL4J_NOTES), copied out of its views. */
    private static Map<String, INDArray> gradients(MultiLayerNetwork net, INDArray x, INDArray y) {
        net.setInput(x);
        net.setLabels(y);
        net.computeGradientAndScore();
        Map<String, INDArray> copies = new LinkedHashMap<>();
        net.gradient().gradientForVariable().forEach((key, g) -> copies.put(key, g.dup()));
        return copies;
    }

    private static double maxAbsDifference(INDArray a, INDArray b) {
        assertEquals(Arrays.toString(a.shape()), Arrays.toString(b.shape()), "shapes");
        assertEquals(DataType.DOUBLE, a.dataType());
        assertEquals(DataType.DOUBLE, b.dataType());
        return a.sub(b).amaxNumber().doubleValue();
    }
}
