package lab.fast;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Network;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * The fast kernels know the plain conv, dense and max pool: a layer with settings they do not know (dilation,
 * Same's uneven padding, no bias, a pool that reads padding) runs its spec's own loops, never a kernel that
 * would silently ignore the setting; and a network of such layers trains to the spec's numbers.
 */
class TwinSettingsTest {

    private static final Shape IN = new Shape(2, 7, 7);

    @Test
    void aLayerWhoseSettingsTheKernelsDoNotKnowIsItsOwnTwin() {
        for (String text : List.of("conv(3,k3,d2)", "conv(3,k2,same)", "conv(3,k3,nobias)", "dense(4,nobias)",
                "maxpool(k3,s2,p1)", "maxpool(k2,s2,same)")) {
            Layer spec = Architecture.layers(Architecture.parseLayers(text), IN).get(0);
            assertSame(spec, Fast.twin(spec, true, Kernels.best(), 1), text);
        }
        for (String text : List.of("conv(3,k3,p1)", "dense(4)", "maxpool(k3,s2)", "maxpool(k2,s2)")) {
            Layer spec = Architecture.layers(Architecture.parseLayers(text), IN).get(0);
            assertNotSame(spec, Fast.twin(spec, true, Kernels.best(), 1), text);
        }
    }

    @Test
    void aFloorModePoolsTwinGivesTheDroppedRowAndColumnAZeroGradientEveryTime() {
        Shape in = new Shape(2, 7, 5); // 2x2 windows at stride 2 leave the last row and column unread
        Layer spec = Architecture.layers(Architecture.parseLayers("maxpool(k2,s2)"), in).get(0);
        Layer twin = Fast.twin(spec, true, Kernels.best(), 1);
        Random rng = new Random(5);
        int n = 3;
        for (int round = 0; round < 3; round++) { // the twin reuses its buffers: nothing may stay from before
            double[] x = rng.doubles(n * in.size(), -1, 1).toArray();
            double[] dout = rng.doubles(n * spec.outputShape().size(), -1, 1).toArray();
            assertArrayEquals(spec.forward(x, n), twin.forward(x, n).clone());
            double[] expected = spec.backward(dout);
            assertArrayEquals(expected, twin.backward(dout).clone(), "round " + round);
        }
    }

    @Test
    void aNetworkOfSuchLayersGivesTheSpecsLossAndGradients() {
        Architecture arch = Architecture.parse("conv(3,k3,d2,nobias)-relu-maxpool(k2,s2,same)-conv(4,k2,same)-relu"
                + "-maxpool(k3,s2)-dense(5,nobias)-relu-dense(3)");
        Shape in = new Shape(2, 12, 12);
        Network spec = Network.create(arch, in, Init.HE, 7);
        FastNetwork fast = new FastNetwork(spec, 2);
        Random rng = new Random(3);
        int n = 4;
        double[] x = rng.doubles(n * in.size(), -1, 1).toArray();
        int[] labels = {0, 2, 1, 2};
        spec.zeroGrad();
        double specLoss = spec.lossAndGradient(x, labels, n);
        double[][] specGrads = spec.params().stream().map(p -> p.param().grad().clone()).toArray(double[][]::new);
        fast.zeroGrad();
        double fastLoss = fast.lossAndGradient(x, labels, n);
        assertArrayEquals(new double[] {specLoss}, new double[] {fastLoss}, 1e-12 * Math.abs(specLoss));
        for (int i = 0; i < specGrads.length; i++) {
            double[] g = spec.params().get(i).param().grad();
            for (int j = 0; j < g.length; j++) {
                assertArrayEquals(new double[] {specGrads[i][j]}, new double[] {g[j]},
                        1e-12 * Math.max(1, Math.abs(specGrads[i][j])), spec.params().get(i).key() + "[" + j + "]");
            }
        }
    }
}
