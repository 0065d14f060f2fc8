package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jPiece;
import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

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
    void theLayersPeopleWriteAgreeWithTheirSettingsVarying() {
        assertAgrees("conv(2,k3,d2)", 10, Setting.values());
        assertAgrees("conv(2,k2,s2,same,nobias)", 10, Setting.values());
        assertAgrees("local(2,k2,nobias)", 5, Setting.KERNEL);
        assertAgrees("dwconv(2,k3,p1)", 10, Setting.values());
        assertAgrees("deconv(2,k3,s2,p1)", 10, Setting.values());
        assertAgrees("maxpool(k3,s2,p1)", 10, Setting.values());
        assertAgrees("avgpool(k3,s2,p1)", 10, Setting.values());
        assertAgrees("maxpool(k2,s2,same)", 10, Setting.KERNEL, Setting.STRIDE);
        assertAgrees("upsample(2x3)", 5);
        assertAgrees("batchnorm", 10);
        assertAgrees("dense(4,nobias)", 5, Setting.UNITS);
        assertAgrees("sigmoid", 5);
        assertAgrees("leakyrelu(0.2)", 5);
    }

    @Test
    void softmaxAgreesOnAVectorAsItsLayerDemands() {
        assertAgrees("flatten-softmax", 5);
    }

    /**
     * The nonlinear new layers behind a layer that feeds them sums: the sizes Judge measures against are the
     * sums' terms carried through softmax's and batch norm's Jacobians ({@link TermSizes}), not |x| run forward.
     */
    @Test
    void theNewNonlinearLayersAgreeBehindTheLayersThatFeedThem() {
        assertAgrees("dense(4)-softmax", 5);
        assertAgrees("batchnorm-relu", 5);
        assertAgrees("dense(4)-sigmoid", 5);
    }

    /**
     * Batch norm behind the layer whose sums it normalises: two layers with parameters, which LayerCheck
     * refuses (it checks one at a time), so the chain is run here on both stacks directly, each tensor judged as
     * LayerCheck judges it, against {@link TermSizes}. The conv's output has a zero block's worth of ties and a
     * mean away from 0, so x - mean cancels: the sizes must come from the conv's terms, not from |x|.
     */
    @Test
    void batchNormAgreesBehindTheLayerWhoseSumsItNormalises() {
        for (long seed = 1; seed <= 5; seed++) {
            assertChainAgrees("conv(2,k3)-batchnorm", new Shape(2, 5, 6), 3, seed);
            assertChainAgrees("dense(3)-batchnorm", new Shape(1, 3, 3), 4, seed);
        }
    }

    /**
     * Every layer's parameters drawn from {@code seed} and copied into DL4J, one input and upstream gradient;
     * output, dx and every parameter gradient judged with the kit's double rtol against the terms' sizes.
     */
    static void assertChainAgrees(String text, Shape input, int n, long seed) {
        List<Architecture.Spec> specs = Architecture.parseLayers(text);
        List<Layer> layers = Architecture.layers(specs, input);
        Dl4jPiece piece = Dl4jNetworks.piece(specs, input);
        Random rng = new Random(seed);
        for (int l = 0; l < layers.size(); l++) {
            for (Param p : layers.get(l).params()) {
                System.arraycopy(Values.gaussian(p.size(), 0.5, rng), 0, p.value(), 0, p.size());
            }
            if (!layers.get(l).params().isEmpty()) {
                Dl4jParams.toDl4j(piece, l, layers.get(l).params());
            }
        }
        double[] x = Values.withZerosAndTies(n, input, rng);
        double[] dout = Values.gaussian(n * layers.get(layers.size() - 1).outputShape().size(), 0.5, rng);
        Dl4jPiece.Run dl4j = piece.run(x, n, dout);

        double[] out = x;
        for (Layer layer : layers) {
            out = layer.forward(out, n);
        }
        double[] dx = dout.clone();
        for (int l = layers.size() - 1; l >= 0; l--) {
            dx = layers.get(l).backward(dx);
        }
        Map<String, double[]> grads = new LinkedHashMap<>();
        for (int l = 0; l < layers.size(); l++) {
            for (Param p : layers.get(l).params()) {
                grads.put(l + "_" + p.name(), p.grad().clone());
            }
        }
        TermSizes sizes = TermSizes.of(layers, x, n, TermSizes.abs(dout.clone()));

        double rtol = Judge.rtol(DataType.DOUBLE);
        List<Judge.TensorVerdict> tensors = new ArrayList<>();
        tensors.add(Judge.judge("output", dl4j.output(), out, sizes.output(), rtol, 0));
        tensors.add(Judge.judge("dx", dl4j.dx(), dx, sizes.dx(), rtol, 0));
        int k = 0;
        for (Map.Entry<String, double[]> g : grads.entrySet()) {
            tensors.add(Judge.judge("d" + g.getKey(), dl4j.grads().get(g.getKey()), g.getValue(),
                    sizes.grads().get(k++), rtol, 0));
        }
        assertEquals(grads.keySet(), dl4j.grads().keySet());
        for (Judge.TensorVerdict t : tensors) {
            assertTrue(t.agrees(), text + " seed " + seed + ": " + t);
        }
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
