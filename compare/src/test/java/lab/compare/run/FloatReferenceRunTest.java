package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.fast.FloatNetwork;
import lab.reference.Shape;
import lab.reference.Trainer;
import org.junit.jupiter.api.Test;

/**
 * --dtype float on the reference stack: the spec builds the float path ({@link FloatNetwork}) on the weights
 * the double path starts from, a run on it learns, and the naive loops, which are double, refuse float in
 * one line that names the fix.
 */
class FloatReferenceRunTest {

    private static final RunSpec CNN = RunSpec.builder().arch("cnn").optimizer(OptimizerKind.ADAM).lr(0.005)
            .epochs(5).init(InitChoice.HE).seed(1).threads(2).build();

    @Test
    void aFloatSpecBuildsTheFloatPathOnTheSameInitialWeights() {
        Shape in = new Shape(1, 8, 8);
        Runner.Reference lanes = Runner.network(CNN.toBuilder().dtype(DType.FLOAT).build(), in);
        FloatNetwork model = assertInstanceOf(FloatNetwork.class, lanes.model());
        assertSame(lanes.spec(), model.spec(), "the float path trains the spec network's double parameters");
        assertEquals(2, model.threads());
        Runner.Reference doubles = Runner.network(CNN, in);
        for (int i = 0; i < lanes.spec().params().size(); i++) {
            assertEquals(java.util.Arrays.toString(doubles.spec().params().get(i).param().value()),
                    java.util.Arrays.toString(lanes.spec().params().get(i).param().value()),
                    lanes.spec().params().get(i).key());
        }
    }

    @Test
    void aFloatReferenceRunLearnsTheDigitsAsTheDoubleOneDoes() {
        RunSpec spec = CNN.toBuilder().dtype(DType.FLOAT).build();
        RunResult floats = Runner.run(spec, Runner.load(spec), new Trainer.Listener() { });
        RunResult doubles = Runner.run(CNN, Runner.load(CNN), new Trainer.Listener() { });
        String said = String.format("float %.4f, double %.4f", floats.testAccuracy(), doubles.testAccuracy());
        assertEquals(RunResult.Status.OK, floats.status(), said);
        assertEquals(spec, floats.spec());
        assertTrue(floats.testAccuracy() > 0.85, "well above chance (0.10): " + said);
        // 451 test images: 3 points is 13 of them. Float rounding moves 200 steps' weights by about 1e-6 relative
        // (docs/dl4j.md's lockstep), and this run's 215 steps ended equal to the double run's, at 95.57%.
        assertTrue(Math.abs(floats.testAccuracy() - doubles.testAccuracy()) < 0.03, said);
        System.out.println("cnn on digits8, 5 epochs, Adam: " + said);
    }

    @Test
    void naiveLoopsInFloatAreRefusedNamingTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder().arch("mlp").dtype(DType.FLOAT).kernels(Loops.NAIVE).build());
        assertEquals("--kernels naive runs the spec's loops, which are double; float runs the fast path: give "
                + "--kernels fast or --dtype double", e.getMessage());
        // DL4J ignores the reference's loops but for its initial weights: a dl4j float spec stands either way.
        assertEquals(DType.FLOAT, RunSpec.builder().arch("mlp").stack(Stack.DL4J).dtype(DType.FLOAT)
                .kernels(Loops.NAIVE).build().dtype());
    }
}
