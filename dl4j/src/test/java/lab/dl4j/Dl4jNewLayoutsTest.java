package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.BatchNorm;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The layouts {@link Dl4jParams} knows for the new layers: depthwise W is a permutation of the reference's
 * logical shape, converted both ways; deconv W is not; nobias layers have no b on either side; batchnorm's
 * running statistics travel with the network copies, through DL4J's log10 std.
 */
class Dl4jNewLayoutsTest {

    @Test
    void depthwiseWIsDl4jsKernelHeightWidthChannelMultiplierOrder() {
        Shape in = new Shape(2, 5, 5);
        List<Architecture.Spec> specs = Architecture.parseLayers("dwconv(3,k2x3)");
        Layer layer = Architecture.layers(specs, in).get(0);
        Param w = layer.params().get(0);
        assertArrayEquals(new int[] {2, 3, 2, 3}, w.shape(), "reference W (C, M, KH, KW)");
        for (int i = 0; i < w.size(); i++) {
            w.value()[i] = i; // the value names its logical position
        }
        Dl4jPiece piece = Dl4jNetworks.piece(specs, in);
        Dl4jParams.toDl4j(piece, 0, layer.params());
        INDArray dl4j = piece.net().getParam("0_W");
        assertArrayEquals(new long[] {2, 3, 2, 3}, dl4j.shape(), "DL4J W [kH, kW, nIn, depthMultiplier]");
        for (int c = 0; c < 2; c++) {
            for (int m = 0; m < 3; m++) {
                for (int kh = 0; kh < 2; kh++) {
                    for (int kw = 0; kw < 3; kw++) {
                        assertEquals(((c * 3 + m) * 2 + kh) * 3 + kw, dl4j.getDouble(kh, kw, c, m), 0,
                                "DL4J W[" + kh + "][" + kw + "][" + c + "][" + m + "]");
                    }
                }
            }
        }
        assertArrayEquals(w.value(), Dl4jParams.values(specs.get(0), "W", dl4j), 0, "back in the reference's order");
        assertEquals(List.of("c", "m", "kh", "kw"), Dl4jParams.axes(specs.get(0), "W"));
        assertEquals(List.of("cm"), Dl4jParams.axes(specs.get(0), "b"));
    }

    @Test
    void everyNewLayersParametersCopyToDl4jAndBackBitIdentically() {
        Shape in = new Shape(2, 6, 6);
        Architecture arch = Architecture.parse("conv(3,k3,same,nobias,d2)-batchnorm-dwconv(2,k3,nobias)-deconv(2,k2,s2,nobias)"
                + "-local(2,k3,nobias)-flatten-dense(5,nobias)-dense(3,nobias)");
        Network ref = Network.create(arch, in, Init.XAVIER, 7);
        Dl4jNetworks.Built built = Dl4jNetworks.build(arch, in, DataType.DOUBLE,
                Dl4jNetworks.updater(lab.reference.Optimizer.sgd(0.1)), Init.XAVIER, 8);
        for (Network.NamedParam p : ref.params()) {
            assertFalse(p.param().name().equals("b"), arch + " has no b, yet " + p.key());
        }
        Dl4jParams.toDl4j(ref, built);
        Network back = new Network(arch, in);
        Dl4jParams.fromDl4j(built, back);
        for (Network.NamedParam p : ref.params()) {
            assertArrayEquals(p.param().value(), back.param(p.key()).value(), 0, p.key());
        }
    }

    /** DL4J keeps log10(sqrt(var)); the round trip through it is exact to the last few bits, not bit for bit. */
    @Test
    void runningStatisticsTravelWithTheNetworkThroughDl4jsLog10Std() {
        Shape in = new Shape(3, 4, 4);
        Architecture arch = Architecture.parse("conv(2,k3)-batchnorm-flatten-batchnorm-dense(3)");
        Network ref = Network.create(arch, in, Init.XAVIER, 9);
        BatchNorm first = (BatchNorm) ref.layers().get(1);
        BatchNorm second = (BatchNorm) ref.layers().get(3);
        first.runningMean()[0] = 0.25;
        first.runningMean()[1] = -3;
        first.runningVar()[0] = 0.01;
        first.runningVar()[1] = 42;
        second.runningVar()[5] = 1e-4;
        Dl4jNetworks.Built built = Dl4jNetworks.build(arch, in, DataType.DOUBLE,
                Dl4jNetworks.updater(lab.reference.Optimizer.sgd(0.1)), Init.XAVIER, 10);
        Dl4jParams.toDl4j(ref, built);
        assertEquals(Math.log10(Math.sqrt(42)), built.net().getParam("1_log10stdev").getDouble(1), 1e-15,
                "DL4J stores log10 of the standard deviation");
        Dl4jParams.RunningStats stats = Dl4jParams.runningStats(built, 1);
        assertArrayEquals(first.runningMean(), stats.mean(), 0, "mean, as given");
        assertArrayEquals(first.runningVar(), stats.var(), 1e-14 * 42, "variance, through log10 std");
        Network back = new Network(arch, in);
        Dl4jParams.fromDl4j(built, back);
        assertArrayEquals(second.runningVar(), ((BatchNorm) back.layers().get(3)).runningVar(), 1e-14,
                "the batchnorm after flatten, one variance per feature (" + second.runningVar().length + ")");
        assertEquals(arch.parameterCount(in) + 2L * (2 + 2 * 2 * 2), built.net().numParams(),
                "DL4J also counts mean and log10stdev as parameters");
    }
}
