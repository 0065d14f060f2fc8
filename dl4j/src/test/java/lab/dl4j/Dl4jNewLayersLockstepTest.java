package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.BatchNorm;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Small networks of the new layers trained in lockstep: the same weights (the reference's, copied by
 * {@link Dl4jParams#toDl4j(Network, Dl4jNetworks.Built)}), the same minibatches, the reference's optimizer
 * step against DL4J's {@code fit}. After every step each parameter and each batchnorm's running mean and
 * variance agree; at the end so do the predicted probabilities in evaluation mode (the reference's
 * {@link Layer#infer}, DL4J's {@code output(x, false)}), where batchnorm uses its running statistics.
 */
class Dl4jNewLayersLockstepTest {

    /** After a few steps the two stacks' rounding has compounded a little: still far below any real difference. */
    private static final double TOLERANCE = 1e-10;

    /**
     * The smallest scale a tensor is compared at. A bias right before batchnorm has a zero gradient in exact
     * arithmetic (batchnorm subtracts every constant), so on both stacks it stays at rounding noise near 1e-17,
     * which only an absolute bound compares: here 1e-13, far below the weights (about 0.1 to 1).
     */
    private static final double FLOOR = 1e-3;

    @Test
    void theIssuesExampleNetworkTrainsInLockstepWithSgd() {
        lockstep("conv(4,k3,same,nobias)-batchnorm-relu-maxpool(k3,s2,p1)-dwconv(2,k3,p1)-leakyrelu(0.1)"
                + "-deconv(3,k2,s2)-sigmoid-upsample(2)-avgpool(k3,s2)-flatten-dense(16,nobias)-softmax-dense(10)",
                new Shape(1, 8, 8), Optimizer.sgd(0.1), 10, 1);
    }

    @Test
    void dilationSamePoolsAndBatchnormOnAVectorTrainInLockstepWithNesterovs() {
        lockstep("conv(3,k3,p2,d2)-tanh-avgpool(k2,s2,same)-batchnorm-conv(4,k2,same)-leakyrelu-gap-batchnorm-dense(5)",
                new Shape(2, 7, 7), Optimizer.nesterovs(0.05, 0.9), 5, 2);
    }

    /**
     * Same windows that stock DL4J refuses (two or more rows after the last window), which the mapping crops
     * first: a conv cropped on H, then an average cropped on H and padded on W; a max cropped on both axes,
     * first in its network (where DL4J's own Cropping2D breaks {@code fit}, see Dl4jNetworks.CopyingCropping2D).
     */
    @Test
    void sameWindowsThatEndShortOfTheInputTrainInLockstep() {
        lockstep("conv(3,k1x2,s4,same)-tanh-avgpool(k1x2,s3x2,same)-dense(4)", new Shape(1, 11, 11),
                Optimizer.sgd(0.2), 4, 6);
        lockstep("maxpool(k1,s4,same)-conv(2,k3,same)-relu-dense(3)", new Shape(2, 7, 11),
                Optimizer.nesterovs(0.1, 0.9), 3, 7);
    }

    @Test
    void denseBatchnormLocalWithoutBiasAndAnOutputLayerWithoutBiasTrainInLockstep() {
        lockstep("dense(12)-batchnorm-sigmoid-dense(8,nobias)-leakyrelu(0.2)-dense(4)", new Shape(1, 5, 5),
                Optimizer.sgd(0.2), 4, 3);
        lockstep("local(3,k3,nobias)-sigmoid-maxpool(k2,s2,same)-flatten-batchnorm-dense(3,nobias)", new Shape(2, 6, 6),
                Optimizer.nesterovs(0.1, 0.5), 3, 4);
        lockstep("deconv(2,k3,s2,p1)-relu-dwconv(1,k2,s2,nobias)-maxpool(k2x3,s1,p1x0)-dense(3)", new Shape(1, 4, 5),
                Optimizer.sgd(0.1), 3, 5);
    }

    /**
     * An activation as the first layer, before a pool, a conv, a batchnorm on the image or on the flattened
     * vector, a flatten: DL4J's stock ActivationLayer would work in place on the caller's input in evaluation,
     * and the pool's, conv's or batchnorm's preprocessor would then refuse it as in no workspace (see
     * Dl4jNetworks.CopyingActivationLayer).
     */
    @Test
    void aNetworkThatStartsWithAnActivationTrainsAndEvaluatesInLockstep() {
        lockstep("relu-maxpool(k2,s2)-dense(10)", new Shape(1, 8, 8), Optimizer.sgd(0.1), 10, 8);
        lockstep("tanh-conv(2,k3)-dense(3)", new Shape(2, 5, 5), Optimizer.nesterovs(0.1, 0.9), 3, 9);
        lockstep("sigmoid-batchnorm-dense(3)", new Shape(2, 4, 4), Optimizer.sgd(0.2), 3, 10);
        lockstep("leakyrelu(0.1)-flatten-dense(3)", new Shape(1, 4, 4), Optimizer.sgd(0.2), 3, 11);
        lockstep("tanh-flatten-batchnorm-dense(3)", new Shape(2, 3, 3), Optimizer.sgd(0.2), 3, 12);
    }

    /**
     * Trains {@code text} on random data for a few steps of a small batch on both stacks and compares after
     * each step; then compares evaluation-mode probabilities.
     */
    private static void lockstep(String text, Shape in, Optimizer optimizer, int classes, long seed) {
        Architecture arch = Architecture.parse(text);
        Network ref = Network.create(arch, in, Init.XAVIER, seed);
        Dl4jNetworks.Built built = Dl4jNetworks.build(arch, in, DataType.DOUBLE, Dl4jNetworks.updater(optimizer),
                Init.XAVIER, seed + 1);
        Dl4jParams.toDl4j(ref, built);
        assertEquals(ref.parameterCount() + 2L * runningStatsCount(ref), built.net().numParams(),
                text + ": DL4J's parameters are the reference's and each batchnorm's mean and log10 std");
        Random rng = new Random(seed);
        int n = 8;
        int batch = 4;
        Dataset data = new Dataset("random", rng.doubles((long) n * in.size(), -1, 1).toArray(),
                rng.ints(n, 0, classes).toArray(), in, classes);
        List<Param> params = ref.params().stream().map(Network.NamedParam::param).toList();
        int[] order = java.util.stream.IntStream.range(0, n).toArray();
        int step = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            for (int from = 0; from < n; from += batch) {
                Dataset.Batch b = data.batch(order, from, from + batch);
                ref.zeroGrad();
                ref.lossAndGradient(b.x(), b.y(), b.n());
                optimizer.step(params);
                built.net().fit(Dl4jTrainer.dataSet(b, in.size(), classes, DataType.DOUBLE));
                step++;
                assertSameState(ref, built, text + ", after step " + step);
            }
        }
        double[] probabilities = inferProbabilities(ref, data.x(), n);
        INDArray x = Nd4j.create(data.x(), new long[] {n, in.size()}, 'c');
        assertClose(probabilities, Dl4jParams.values(built.net().output(x, false)), text + ": evaluation probabilities",
                TOLERANCE);
        assertArrayEquals(data.x(), Dl4jParams.values(x), 0, text + ": evaluation leaves its input as it was");
        assertArrayEquals(ref.predict(data.x(), n), built.net().predict(x), text + ": predicted classes");
    }

    /** Every parameter, and every batchnorm's running statistics. */
    private static void assertSameState(Network ref, Dl4jNetworks.Built built, String where) {
        for (Network.NamedParam p : ref.params()) {
            INDArray dl4j = built.net().getParam(Dl4jParams.dl4jKey(built, p.key()));
            Architecture.Spec spec = ref.architecture().specs().get(p.layer());
            assertClose(p.param().value(), Dl4jParams.values(spec, p.param().name(), dl4j), where + ": " + p.key(),
                    TOLERANCE);
        }
        for (int i = 0; i < ref.layers().size(); i++) {
            if (ref.layers().get(i) instanceof BatchNorm bn) {
                Dl4jParams.RunningStats stats = Dl4jParams.runningStats(built, i);
                assertClose(bn.runningMean(), stats.mean(), where + ": running mean of layer " + i, TOLERANCE);
                assertClose(bn.runningVar(), stats.var(), where + ": running variance of layer " + i, TOLERANCE);
            }
        }
    }

    private static int runningStatsCount(Network ref) {
        return ref.layers().stream().filter(l -> l instanceof BatchNorm).mapToInt(l -> l.inputShape().c()).sum();
    }

    /** The reference's probabilities at evaluation: each layer's infer (batchnorm on its running statistics). */
    private static double[] inferProbabilities(Network ref, double[] x, int n) {
        double[] a = x;
        for (Layer layer : ref.layers()) {
            a = layer.infer(a, n);
        }
        return SoftmaxCrossEntropy.softmax(a, n, ref.classes());
    }

    private static void assertClose(double[] reference, double[] dl4j, String what, double tolerance) {
        assertEquals(reference.length, dl4j.length, what + ": length");
        double scale = 0;
        for (double v : reference) {
            scale = Math.max(scale, Math.abs(v));
        }
        for (int i = 0; i < reference.length; i++) {
            int at = i;
            assertEquals(reference[i], dl4j[i], tolerance * Math.max(scale, FLOOR),
                    () -> what + " [" + at + "]");
        }
    }
}
