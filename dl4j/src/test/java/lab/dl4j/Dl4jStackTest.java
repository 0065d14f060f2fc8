package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import lab.reference.Trainer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The DL4J stack builds what the reference builds, holds the same weights, and computes the same logits. */
class Dl4jStackTest {

    private static final Shape DIGITS8 = new Shape(1, 8, 8);
    private static final Shape MNIST = new Shape(1, 28, 28);

    @Test
    void everyPresetBuildsOnDl4jWithTheReferencesParameterCount() {
        for (String preset : Architecture.PRESET_ORDER) {
            for (Shape in : List.of(DIGITS8, MNIST)) {
                if (preset.startsWith("book-") && in == MNIST) {
                    continue;
                }
                Architecture arch = Architecture.of(preset);
                Dl4jNetworks.Built built = build(arch, in, DataType.DOUBLE, 0);
                assertEquals(arch.parameterCount(in), built.net().numParams(), preset + " on " + in);
            }
        }
    }

    @Property(tries = 40)
    void generatedArchitecturesBuildWithTheSameParameterCountAndLogits(@ForAll("architectures") String text,
                                                                      @ForAll long seed) {
        Architecture arch = Architecture.parse(text);
        Shape in = new Shape(2, 9, 9);
        Network ref = Network.create(arch, in, Init.XAVIER, seed);
        Dl4jNetworks.Built built = build(arch, in, DataType.DOUBLE, seed);
        assertEquals(ref.parameterCount(), built.net().numParams(), text);
        Dl4jParams.toDl4j(ref, built);
        assertSameLogits(ref, built, new Random(seed), 3, 1e-10);
    }

    @Provide
    Arbitrary<String> architectures() {
        Arbitrary<String> conv = Combinators.combine(Arbitraries.of("conv", "local"), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 1), Arbitraries.of("-relu", "-tanh", ""))
                .as((kind, f, kh, kw, p, act) -> kind + "(" + f + ",k" + kh + "x" + kw + ",p" + p + ")" + act);
        return Combinators.combine(conv, Arbitraries.of("", "-maxpool(k2,s1)", "-avgpool(k2,s1)", "-maxpool(k1,s1)-relu",
                        "-gap", "-gap-conv(2,k1)-tanh", "-gap-local(2,k1)"),
                Arbitraries.of("", "-dense(5)-tanh", "-flatten-dense(4)"), Arbitraries.integers().between(2, 6))
                .as((c, pool, hidden, k) -> c + pool + hidden + "-dense(" + k + ")");
    }

    /**
     * Pins the DL4J 1.0.0-M2.1 output-order bug that Dl4jNetworks.TextbookLocallyConnected2D corrects, on the
     * numbers {@code lab lesson} shows ({@link StockLocallyConnected}): with every position weighing its
     * top-left tap 1, output (oh, ow) should be pixel (oh, ow), whose value names its row and column. The
     * reference's is; the stock layer's reads another window. If a DL4J upgrade fixes it, this fails, and the
     * subclass's reordering can go.
     */
    @Test
    void dl4jsOwnLocallyConnected2dTransposesItsOutputMapInM21() {
        StockLocallyConnected.Maps square = StockLocallyConnected.outputMaps(3, 3);
        assertArrayEquals(new double[][] {{11, 12}, {21, 22}}, square.reference(), "reference, 3x3");
        assertArrayEquals(new double[][] {{11, 21}, {12, 22}}, square.stock(), "stock DL4J, 3x3: transposed");
        StockLocallyConnected.Maps wide = StockLocallyConnected.outputMaps(3, 4);
        assertArrayEquals(new double[][] {{11, 12, 13}, {21, 22, 23}}, wide.reference(), "reference, 3x4");
        assertArrayEquals(new double[][] {{11, 21, 12}, {22, 13, 23}}, wide.stock(), "stock DL4J, 3x4: scrambled");
    }

    /**
     * Pins the other M2.1 bug: the stock SameDiff layer's backward doubles the gradient. On a 1x1 output (so
     * the order cannot matter) and a batch of one, from an upstream gradient g, the chain rule gives dW = g x,
     * db = g, dx = g W: the reference's gradients are exactly those, the stock layer's exactly twice them,
     * for W, b and the epsilon it passes down, while its forward output is right. DL4J's own GradientCheckUtil
     * accepts the corrected layer (Dl4jGradientCheckTest, presets lcn and cnn-gap).
     */
    @Test
    void dl4jsOwnLocallyConnected2dDoublesItsGradientInM21() {
        StockLocallyConnected.Gradients g = StockLocallyConnected.gradients();
        double[] x = Arrays.stream(g.input()).flatMapToDouble(Arrays::stream).toArray();
        double out = g.bias();
        for (int i = 0; i < x.length; i++) {
            out += g.weights()[i] * x[i];
        }
        assertEquals(out, g.referenceOutput(), 0, "reference out = b + sum(W x)");
        assertEquals(out, g.stockOutput(), 0, "stock DL4J out: its forward is right on a 1x1 map");
        double up = g.upstream();
        assertArrayEquals(Arrays.stream(x).map(v -> up * v).toArray(), g.dW().reference(), 0, "reference dW = g x");
        assertArrayEquals(new double[] {up}, g.db().reference(), 0, "reference db = g");
        assertArrayEquals(Arrays.stream(g.weights()).map(v -> up * v).toArray(), g.dx().reference(), 0,
                "reference dx = g W");
        for (StockLocallyConnected.Gradient t : List.of(g.dW(), g.db(), g.dx())) {
            assertEquals(2.0, t.ratio(), 0, "stock DL4J / reference, " + t.name() + ": "
                    + Arrays.toString(t.stock()) + " / " + Arrays.toString(t.reference()));
        }
    }

    /** Why Dl4jParams assigns into the parameter views instead of calling setParam. */
    @Test
    void sameDiffLayersSetParamCopiesNothingInM21() {
        Dl4jNetworks.Built built = build(Architecture.parse("local(2,k2)-dense(3)"), new Shape(1, 3, 3),
                DataType.DOUBLE, 0);
        INDArray before = built.net().getParam("0_W").dup();
        built.net().setParam("0_W", before.add(1.0));
        assertEquals(before, built.net().getParam("0_W"));
    }

    @Test
    void localAfterAVectorIsRefusedNamingTheLimitation() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> build(Architecture.parse("conv(2)-dense(4)-relu-local(2,k1)-dense(3)"), new Shape(1, 6, 6),
                        DataType.DOUBLE, 0));
        assertTrue(e.getMessage().contains("layer 4 local(2,k1) follows dense(4)")
                && e.getMessage().contains("LocallyConnected2D takes only a C x H x W input"), e.getMessage());
    }

    @Test
    void parametersCopiedToDl4jAndBackAreBitIdentical() {
        for (String preset : Architecture.PRESET_ORDER) {
            Network ref = Network.create(Architecture.of(preset), DIGITS8, Init.XAVIER, 3);
            Dl4jNetworks.Built built = build(ref.architecture(), DIGITS8, DataType.DOUBLE, 4);
            Dl4jParams.toDl4j(ref, built);
            Network back = new Network(ref.architecture(), DIGITS8);
            Dl4jParams.fromDl4j(built, back);
            for (Network.NamedParam p : ref.params()) {
                assertArrayEquals(p.param().value(), back.param(p.key()).value(), 0, preset + " " + p.key());
            }
        }
    }

    @Test
    void sameWeightsGiveTheSameLogitsOnOneBatchInDouble() {
        for (String preset : Architecture.PRESET_ORDER) {
            Network ref = Network.create(Architecture.of(preset), MNIST, Init.HE, 5);
            Dl4jNetworks.Built built = build(ref.architecture(), MNIST, DataType.DOUBLE, 6);
            Dl4jParams.toDl4j(ref, built);
            assertSameLogits(ref, built, new Random(7), 8, 1e-10);
        }
    }

    @Test
    void dl4jTrainsCnnOnDigits8Above90PercentInAFewEpochs() {
        Split split = DataSource.load("digits8", 0.25, 0);
        Dl4jNetworks.Built built = Dl4jNetworks.build(Architecture.of("cnn"), split.train().shape(), DataType.FLOAT,
                Dl4jNetworks.updater(lab.reference.Optimizer.adam(0.01)), Init.HE, 0);
        List<Trainer.EpochStats> history = Dl4jTrainer.train(built, split.train(), new Trainer.Config(5, 32, 0),
                new Trainer.Listener() { });
        int[][] confusion = Dl4jTrainer.confusion(built, split.test(), 256);
        int correct = 0;
        for (int k = 0; k < confusion.length; k++) {
            correct += confusion[k][k];
        }
        double accuracy = (double) correct / split.test().size();
        assertTrue(accuracy > 0.9, "DL4J cnn on digits8 after 5 epochs: " + accuracy);
        Trainer.EpochStats last = history.get(history.size() - 1);
        assertTrue(last.trainAccuracy() > 0.9 && last.trainAccuracy() <= 1, "train accuracy " + last.trainAccuracy());
    }

    static Dl4jNetworks.Built build(Architecture arch, Shape in, DataType dtype, long seed) {
        return Dl4jNetworks.build(arch, in, dtype, Dl4jNetworks.updater(lab.reference.Optimizer.sgd(0.1)), Init.XAVIER, seed);
    }

    /**
     * Reference logits vs DL4J's, within {@code tol} relative. DL4J's output is softmax(logits); its
     * logits are the output layer's input times W plus b, read from the penultimate activations.
     */
    static void assertSameLogits(Network ref, Dl4jNetworks.Built built, Random rng, int n, double tol) {
        double[] x = new double[n * ref.inputShape().size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        double[] logits = ref.forward(x, n);
        INDArray input = Nd4j.create(x, new long[] {n, x.length / n}, 'c');
        List<INDArray> acts = built.net().feedForward(input, false);
        INDArray penultimate = acts.get(acts.size() - 2);
        penultimate = penultimate.reshape('c', n, penultimate.length() / n);
        int out = built.net().getnLayers() - 1;
        double[] dl4jLogits = Dl4jParams.values(penultimate.mmul(built.net().getParam(out + "_W"))
                .addiRowVector(built.net().getParam(out + "_b")));
        double[] dl4jProbabilities = Dl4jParams.values(acts.get(acts.size() - 1));
        double[] probabilities = lab.reference.SoftmaxCrossEntropy.softmax(logits, n, ref.classes());
        double scale = Arrays.stream(logits).map(Math::abs).max().orElse(1);
        for (int i = 0; i < logits.length; i++) {
            assertEquals(logits[i], dl4jLogits[i], tol * scale, "logit " + i + " of " + ref.architecture());
            assertEquals(probabilities[i], dl4jProbabilities[i], tol, "probability " + i + " of " + ref.architecture());
        }
    }
}
