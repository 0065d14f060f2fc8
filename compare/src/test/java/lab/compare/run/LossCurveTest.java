package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import lab.reference.Trainer;
import org.junit.jupiter.api.Test;

/** A run's loss at twenty points: each the mean of its slice of the steps, the same on both stacks. */
class LossCurveTest {

    @Test
    void eachPointIsTheMeanOfItsTwentiethOfTheStepsOverAllEpochs() {
        List<Integer> passedOn = new ArrayList<>();
        LossCurve curve = new LossCurve(2, new Trainer.Listener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss) {
                passedOn.add(step);
            }
        });
        int steps = 30; // 60 steps in all: 3 per point
        for (int epoch = 1; epoch <= 2; epoch++) {
            for (int step = 1; step <= steps; step++) {
                curve.onStep(epoch, step, steps, (epoch - 1) * steps + step); // loss = the step's number, from 1
            }
        }
        double[] expected = new double[LossCurve.POINTS];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = 3 * i + 2; // mean of 3i+1, 3i+2, 3i+3
        }
        assertArrayEquals(expected, curve.points(), 0);
        assertEquals(60, passedOn.size(), "every step reaches the wrapped listener");
    }

    @Test
    void aSliceNoStepReachedIsNaN() {
        LossCurve curve = new LossCurve(1, new Trainer.Listener() { });
        for (int step = 1; step <= 10; step++) {
            curve.onStep(1, step, 10, 1.0);
        }
        double[] points = curve.points();
        assertEquals(1.0, points[0]);
        assertTrue(Double.isNaN(points[1]), "10 steps fill every other point of 20");
        assertEquals(10, java.util.Arrays.stream(points).filter(p -> !Double.isNaN(p)).count());
    }

    @Test
    void aOneEpochRunDrawsTwentyFallingPointsTheSameOnBothStacks() {
        RunSpec spec = RunSpec.builder().arch("mlp").epochs(1).optimizer(OptimizerKind.ADAM).lr(0.005).seed(1).build();
        Splits data = new Splits();
        RunResult reference = Runner.run(spec, data.of(spec), new Trainer.Listener() { });
        RunResult dl4j = Runner.run(spec.toBuilder().stack(Stack.DL4J).build(), data.of(spec), new Trainer.Listener() { });
        double[] points = reference.lossCurve();
        assertEquals(LossCurve.POINTS, points.length);
        assertTrue(java.util.Arrays.stream(points).allMatch(Double::isFinite), java.util.Arrays.toString(points));
        assertTrue(points[LossCurve.POINTS - 1] < points[0] / 2, "one epoch of Adam more than halves the loss: "
                + java.util.Arrays.toString(points));
        assertArrayEquals(points, dl4j.lossCurve(), 1e-9, "same weights, same batches, double: the same curve");
    }
}
