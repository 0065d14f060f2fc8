package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The second referee: DL4J's own GradientCheckUtil on every preset, built by Dl4jNetworks from the same
 * architecture and holding the reference's weights. With the agreement suite (reference gradients equal
 * DL4J's) and the reference's own central-difference checks, each stack is checked two independent ways.
 */
class Dl4jGradientCheckTest {

    @Test
    void dl4jsGradientCheckPassesOnEveryPresetWithTheReferencesWeights() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE); // GradientCheckUtil demands double throughout
        for (String preset : Architecture.PRESET_ORDER) {
            // Two forward passes per checked coordinate: 100 per tensor for lcn and cnn-gap, whose tensors are
            // large (lcn's W) or many (cnn-gap's three convs). A DL4J gradient that is wrong is wrong nearly
            // everywhere: M2.1's LocallyConnected2D was off by 2x on every coordinate.
            int perTensor = preset.equals("lcn") || preset.equals("cnn-gap") ? 100 : 300;
            Shape in = new Shape(1, 8, 8);
            Random rng = new Random(11);
            Network ref = Network.create(Architecture.of(preset), in, Init.XAVIER, 12);
            for (Network.NamedParam p : ref.params()) { // non-zero biases keep units off ReLU's kink
                if (p.param().name().equals("b")) {
                    for (int i = 0; i < p.param().size(); i++) {
                        p.param().value()[i] = 0.1 * rng.nextGaussian();
                    }
                }
            }
            Dl4jNetworks.Built built = Dl4jNetworks.build(ref.architecture(), in, DataType.DOUBLE,
                    new org.nd4j.linalg.learning.config.NoOp(), Init.XAVIER, 0);
            Dl4jParams.toDl4j(ref, built);
            int n = 3;
            // Seeded: the input and GradientCheckUtil's choice of coordinates come from ND4J's generator. Left
            // unseeded, one CI run in many drew an input that put a ReLU or a max-pool choice of cnn-gap within
            // epsilon of its kink, where a central difference is wrong (GradientCheckUtil warns of exactly this).
            Nd4j.getRandom().setSeed(13);
            INDArray x = Nd4j.rand(DataType.DOUBLE, n, in.size());
            INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 10);
            for (int i = 0; i < n; i++) {
                y.putScalar(i, rng.nextInt(10), 1.0);
            }
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(built.net())
                    .input(x).labels(y).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                    .subset(true).maxPerParam(perTensor));
            assertTrue(ok, "DL4J's GradientCheckUtil failed on " + preset);
        }
    }
}
