package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * The reference's own layers, handed to the kit as if they were a user's: every kind of layer agrees with
 * its DL4J piece on generated cases (so the kit raises no false alarm, and each piece's forward, dx and
 * gradients are DL4J's plain chain rule for L = sum(out * dout)), and a layer that does not fit the case
 * is refused in one sentence instead of being reported as a disagreement.
 */
class ReferenceLayersAgreeTest {

    /** The reference's layers for the case, run as one: forward in order, backward reversed. */
    static Layer chain(LayerCase c) {
        List<Layer> layers = Architecture.layers(c.layers(), c.input());
        if (layers.size() == 1) {
            return layers.get(0);
        }
        return new Layer() {
            @Override
            public Shape inputShape() {
                return layers.get(0).inputShape();
            }

            @Override
            public Shape outputShape() {
                return layers.get(layers.size() - 1).outputShape();
            }

            @Override
            public double[] forward(double[] x, int n) {
                double[] a = x;
                for (Layer l : layers) {
                    a = l.forward(a, n);
                }
                return a;
            }

            @Override
            public double[] backward(double[] dout) {
                double[] d = dout;
                for (int i = layers.size() - 1; i >= 0; i--) {
                    d = layers.get(i).backward(d);
                }
                return d;
            }

            @Override
            public List<Param> params() {
                return layers.stream().flatMap(l -> l.params().stream()).toList();
            }

            @Override
            public String describe() {
                return c.text();
            }
        };
    }

    static void assertAgrees(String layers, int cases, Setting... varying) {
        LayerCheck.Result r = LayerCheck.of(layers, ReferenceLayersAgreeTest::chain).varying(varying).cases(cases).run();
        assertTrue(r.agrees(), r.message());
        assertEquals(cases, r.casesRun());
    }

    @Test
    void convWithEverySettingVaryingAgrees() {
        assertAgrees("conv(2,k3,s2,p1)", 25, Setting.values());
    }

    @Test
    void locallyConnectedAgreesThroughTheCorrectedDl4jLayer() {
        assertAgrees("local(2,k2,s1,p1)", 8, Setting.KERNEL, Setting.STRIDE, Setting.PADDING);
    }

    @Test
    void poolingLayersAgreeWithTiesInTheirWindows() {
        assertAgrees("maxpool(2)", 15, Setting.KERNEL, Setting.STRIDE);
        assertAgrees("maxpool(k3,s1)", 10);
        assertAgrees("avgpool(2)", 10, Setting.KERNEL, Setting.STRIDE);
        assertAgrees("gap", 10);
    }

    @Test
    void denseAndActivationsAgree() {
        assertAgrees("dense(5)", 10, Setting.UNITS);
        assertAgrees("relu", 10);
        assertAgrees("tanh", 10);
    }

    @Test
    void aLayerWithItsActivationAgreesAsOnePiece() {
        assertAgrees("conv(3,k3,p1)-relu", 10, Setting.FILTERS);
        assertAgrees("dense(4)-tanh", 10);
    }

    @Test
    void aLayerThatDoesNotFitTheCaseIsRefusedNotReportedAsADisagreement() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class, () -> LayerCheck.of("conv(3,k3)",
                c -> Architecture.layers(Architecture.parseLayers("conv(3,k1)"), c.input()).get(0)).cases(1).run());
        assertTrue(shape.getMessage().contains("your layer for conv(3,k3) takes"), shape.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class, () -> LayerCheck.of("conv(3,k3)",
                c -> new Renamed(chain(c))).cases(1).run());
        assertTrue(weights.getMessage().contains("no parameter named W"), weights.getMessage());
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> LayerCheck.of("conv(3,k3)-dense(4)", ReferenceLayersAgreeTest::chain));
        assertTrue(two.getMessage().contains("has two layers with parameters"), two.getMessage());
    }

    /** A layer whose weights are called "kernel" and "bias": not DL4J's names. */
    record Renamed(Layer inner) implements Layer {
        @Override
        public Shape inputShape() {
            return inner.inputShape();
        }

        @Override
        public Shape outputShape() {
            return inner.outputShape();
        }

        @Override
        public double[] forward(double[] x, int n) {
            return inner.forward(x, n);
        }

        @Override
        public double[] backward(double[] dout) {
            return inner.backward(dout);
        }

        @Override
        public List<Param> params() {
            return inner.params().stream().map(p -> new Param(p.name().equals("W") ? "kernel" : "bias", p.shape(),
                    p.value(), p.grad())).toList();
        }

        @Override
        public String describe() {
            return "renamed";
        }
    }
}
