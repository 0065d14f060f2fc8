package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * One case, run on users' layers that go wrong in the ways a layer being written does: parameters where
 * DL4J's layer has none, gradients left over from earlier work, a forward or a backward that throws, a
 * forward that throws only on the second batch. And where each tensor's elements are: which layer holds
 * the parameters, and whether the output is a vector.
 */
class CaseCheckTest {

    static final double RTOL = 1e-10;
    static final double ATOL = 1e-12;

    static LayerCase kase(String layers, Shape in) {
        return new LayerCase(2, in, Architecture.parseLayers(layers));
    }

    /** The reference's own layer for the case: the correct answer, as a user's factory would give it. */
    static Layer reference(LayerCase c) {
        return Architecture.layers(c.layers(), c.input()).get(0);
    }

    /** The reference's ReLU with {@code forward} and {@code backward} replaced, and {@code params} added. */
    static Layer relu(LayerCase c, Function<double[], double[]> forward, Function<double[], double[]> backward,
                      List<Param> params) {
        Layer relu = reference(c);
        return new Layer() {
            public Shape inputShape() {
                return relu.inputShape();
            }

            public Shape outputShape() {
                return relu.outputShape();
            }

            public double[] forward(double[] x, int n) {
                return forward.apply(relu.forward(x, n));
            }

            public double[] backward(double[] dout) {
                return backward.apply(relu.backward(dout));
            }

            public List<Param> params() {
                return params;
            }

            public String describe() {
                return "relu";
            }
        };
    }

    static final LayerCase RELU = kase("relu", new Shape(2, 3, 3));

    @Test
    void aLayerWithParametersWhereDl4jsHasNoneIsAWiringMistake() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseCheck.run(RELU,
                c -> relu(c, y -> y, dx -> dx, List.of(new Param("W", 2))), 1, RTOL, ATOL));
        assertEquals("your layer has parameters [W[2]]; DL4J's relu has none", e.getMessage());
    }

    @Test
    void gradientsLeftInYourLayerFromEarlierWorkAreZeroedBeforeItsBackward() {
        LayerCase conv = kase("conv(2,k3)", new Shape(1, 4, 4));
        CaseReport r = CaseCheck.run(conv, c -> {
            Layer used = reference(c);
            for (Param p : used.params()) {
                Arrays.fill(p.grad(), 1.0); // as a factory handing back a layer that already ran a backward would
            }
            return used;
        }, 1, RTOL, ATOL);
        assertTrue(r.agrees(), r.describe());
        assertEquals(List.of("output", "dx", "dW", "db"), r.tensors().stream().map(Judge.TensorVerdict::name).toList());
    }

    @Test
    void aForwardThatThrowsIsReportedWithNothingJudged() {
        IllegalStateException thrown = new IllegalStateException("forward not written yet");
        CaseReport r = CaseCheck.run(RELU, c -> relu(c, y -> {
            throw thrown;
        }, dx -> dx, List.of()), 1, RTOL, ATOL);
        assertEquals(thrown, r.thrown());
        assertEquals(List.of(), r.tensors());
        assertEquals(List.of(), r.gradients());
        assertEquals("threw java.lang.IllegalStateException", r.firstFailure());
        assertNull(CaseCheck.diagnose(RELU, c -> relu(c, y -> {
            throw thrown;
        }, dx -> dx, List.of()), 1, RTOL, ATOL));
    }

    @Test
    void aBackwardThatThrowsStillHasItsForwardJudged() {
        IllegalStateException thrown = new IllegalStateException("backward not written yet");
        CaseReport r = CaseCheck.run(RELU, c -> relu(c, y -> y, dx -> {
            throw thrown;
        }, List.of()), 1, RTOL, ATOL);
        assertEquals(thrown, r.thrown());
        assertEquals(List.of("output"), r.tensors().stream().map(Judge.TensorVerdict::name).toList());
        assertTrue(r.tensors().get(0).agrees());
        assertEquals(List.of(), r.gradients());
    }

    @Test
    void aWrongForwardWhoseBackwardThrowsGetsNoLikelyCause() {
        Function<LayerCase, Layer> doubled = c -> relu(c, y -> Arrays.stream(y).map(v -> 2 * v).toArray(), dx -> {
            throw new IllegalStateException("backward not written yet");
        }, List.of());
        assertEquals("output", CaseCheck.run(RELU, doubled, 1, RTOL, ATOL).tensors().get(0).name());
        assertFalse(CaseCheck.run(RELU, doubled, 1, RTOL, ATOL).tensors().get(0).agrees());
        assertNull(CaseCheck.diagnose(RELU, doubled, 1, RTOL, ATOL), "the diagnosis needs both sides' tensors");
    }

    @Test
    void aLayerThatAgreesGetsNoLikelyCause() {
        LayerCase conv = kase("conv(2,k3)", new Shape(1, 4, 4));
        assertTrue(CaseCheck.run(conv, CaseCheckTest::reference, 1, RTOL, ATOL).agrees());
        assertNull(CaseCheck.diagnose(conv, CaseCheckTest::reference, 1, RTOL, ATOL));
    }

    @Test
    void aForwardThatThrowsOnItsSecondBatchIsReportedAfterTheJudgedTensors() {
        IllegalStateException thrown = new IllegalStateException("forward called twice");
        CaseReport r = CaseCheck.run(RELU, c -> {
            int[] calls = {0};
            return relu(c, y -> {
                if (++calls[0] > 1) {
                    throw thrown;
                }
                return y;
            }, dx -> dx, List.of());
        }, 1, RTOL, ATOL);
        assertEquals(thrown, r.thrown());
        assertEquals(List.of("output", "dx"), r.tensors().stream().map(Judge.TensorVerdict::name).toList());
        assertTrue(r.tensors().stream().allMatch(Judge.TensorVerdict::agrees), r.describe());
        assertEquals(List.of(), r.gradients());
    }

    @Test
    void theLayerWithParametersIsFoundWhereverItIsAndAtMostOnce() {
        assertEquals(1, CaseCheck.paramLayer(Architecture.parseLayers("maxpool(2)-dense(3)-relu")));
        assertEquals(0, CaseCheck.paramLayer(Architecture.parseLayers("conv(2,k3)-relu")));
        assertEquals(-1, CaseCheck.paramLayer(Architecture.parseLayers("maxpool(2)-relu")));
        IllegalArgumentException two = assertThrows(IllegalArgumentException.class,
                () -> CaseCheck.paramLayer(Architecture.parseLayers("conv(2,k3)-dense(3)")));
        assertTrue(two.getMessage().startsWith("'conv(2,k3)-dense(3)' has two layers with parameters"),
                two.getMessage());
    }

    @Test
    void theOutputIsAVectorWhenTheLastLayerBeforeAnyActivationIsDense() {
        LayerCase dense = kase("maxpool(2)-dense(3)-relu", new Shape(1, 4, 4));
        Map<String, Axes> axes = CaseCheck.axes(dense, false, 1, Architecture.layers(dense.layers(), dense.input()).get(1).params());
        assertEquals(List.of("n", "d"), axes.get("output").names());
        assertArrayEquals(new int[] {2, 3}, axes.get("output").sizes());
        assertEquals(List.of("n", "c", "h", "w"), axes.get("dx").names());
        assertEquals(List.of("in", "out"), axes.get("dW").names());
        assertEquals(List.of("out"), axes.get("db").names());

        LayerCase vectors = kase("dense(3)", Shape.vector(4));
        Map<String, Axes> given = CaseCheck.axes(vectors, true, 0, List.of());
        assertEquals(List.of("n", "d"), given.get("dx").names());
        assertArrayEquals(new int[] {2, 4}, given.get("dx").sizes());

        LayerCase pooled = kase("conv(2,k3)-relu-maxpool(2)", new Shape(1, 4, 4));
        assertEquals(List.of("n", "c", "h", "w"), CaseCheck.axes(pooled, false, 0, List.of()).get("output").names());
    }
}
