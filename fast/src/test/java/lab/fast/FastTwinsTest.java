package lab.fast;

import static lab.fast.Conv2DDirectTest.assertClose;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dense;
import lab.reference.GradCheck;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.ReLU;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/** What the twins and a split FastNetwork promise beyond equal kernels: dx skipped, fans, fresh values. */
class FastTwinsTest {

    /**
     * Fast.twins gives the first layer no dx (its backward returns null, the spec's does not) and every
     * later layer the spec's dx within 1e-12; a stride-1 conv first, and a dense first.
     */
    @Test
    void theFirstTwinSkipsItsInputGradientAndEveryLaterOneReturnsTheSpecsDx() {
        Shape in = new Shape(1, 6, 6);
        for (String arch : List.of("conv(3,k3,p1)-relu-maxpool(2)-conv(2,k2)-relu-dense(3)",
                "dense(5)-relu-dense(4)-dense(3)")) {
            Network spec = Network.create(Architecture.of(arch), in, Init.HE, 7);
            List<Layer> twins = Fast.twins(spec.layers(), Kernels.best(), 1);
            Random rng = new Random(7);
            int n = 3;
            double[] x = GradCheck.gaussian(n * in.size(), rng);
            double[] a = x, b = x;
            for (int i = 0; i < twins.size(); i++) {
                a = spec.layers().get(i).forward(a, n);
                b = twins.get(i).forward(b, n);
            }
            double[] dout = GradCheck.gaussian(a.length, rng);
            for (int i = twins.size() - 1; i >= 0; i--) {
                String what = arch + " layer " + i + " " + twins.get(i).describe();
                double[] naive = spec.layers().get(i).backward(dout);
                double[] fast = twins.get(i).backward(dout);
                if (i == 0) {
                    assertNotNull(naive, what);
                    assertNull(fast, what + ": nothing reads the first layer's dx, so its twin skips it");
                } else {
                    assertNotNull(fast, what);
                    assertClose(what + " dx", naive, fast, 1e-12);
                }
                dout = naive;
            }
        }
    }

    /** A twin's fans are its spec layer's (Init draws a conv's or dense's weights from them). */
    @Test
    void aTwinHasItsSpecLayersFans() {
        Shape in = new Shape(2, 6, 4);
        List<Layer> specs = List.of(new Conv2D(in, 3, 3, 2, 1, 1, 1, 0), new Conv2D(in, 3, 3, 3, 2, 2, 1, 1),
                new Dense(in, 4), new ReLU(in), new MaxPool2D(in, 2, 2, 2, 2));
        for (Layer spec : specs) {
            Layer twin = Fast.twin(spec, true, Kernels.best(), 1);
            assertTrue(twin != spec, spec.describe() + " has a twin");
            assertEquals(spec.fans(), twin.fans(), spec.describe());
        }
        assertTrue(Fast.twin(specs.get(0), false, Kernels.best(), 1).fans().isPresent(), "conv fans");
        assertTrue(Fast.twin(specs.get(2), false, Kernels.best(), 1).fans().isPresent(), "dense fans");
    }

    /**
     * A split forward reads the parameters as they are now: after the spec's weights change (an edit by
     * hand, then an SGD step), the split logits still equal the spec network's own naive forward, within 1e-12.
     */
    @Test
    void aSplitForwardRunsTheParametersAsTheyAreNow() {
        Shape in = new Shape(1, 6, 6);
        Network spec = Network.create(Architecture.of("conv(3,k3,p1)-relu-maxpool(2)-dense(4)-relu-dense(3)"), in,
                Init.HE, 11);
        for (int threads : new int[] {2, 3}) {
            FastNetwork fast = new FastNetwork(spec, threads);
            Random rng = new Random(threads);
            int n = 7;
            double[] x = GradCheck.gaussian(n * in.size(), rng);
            assertClose("logits as created", spec.forward(x, n), fast.forward(x, n), 1e-12);
            for (Network.NamedParam p : spec.params()) { // an edit by hand
                double[] v = p.param().value();
                for (int j = 0; j < v.length; j++) {
                    v[j] = -1.5 * v[j] + 0.25;
                }
            }
            assertClose("logits after an edit", spec.forward(x, n), fast.forward(x, n), 1e-12);
            fast.zeroGrad();
            fast.lossAndGradient(x, rng.ints(n, 0, 3).toArray(), n);
            for (Network.NamedParam p : fast.params()) { // an SGD step
                Param q = p.param();
                for (int j = 0; j < q.size(); j++) {
                    q.value()[j] -= 0.1 * q.grad()[j];
                }
            }
            assertClose("logits after a step", spec.forward(x, n), fast.forward(x, n), 1e-12);
        }
    }
}
