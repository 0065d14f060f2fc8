package lab.compare.sweep;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import lab.compare.run.Label;
import lab.compare.run.OptimizerKind;
import lab.compare.run.Origin;
import lab.compare.run.RunSpec;

/** A sweep's run names its pixels on the terminal in the words of its report's pixels column. */
class SweepLabelTest {

    @Test
    void aSweepRunsLabelSaysItsPixelsAsThePixelsColumnDoes() {
        RunSpec sweep = RunSpec.builder().arch("mlp").optimizer(OptimizerKind.ADAM).lr(0.005).study(Origin.SWEEP)
                .build();
        for (RunSpec s : List.of(sweep, sweep.toBuilder().permuteSeed(0L).build(),
                sweep.toBuilder().permuteSeed(0L).scramble("within:2").build(),
                sweep.toBuilder().permuteSeed(0L).scramble("fraction:0.5").build())) {
            String label = Label.RUN.of(s);
            assertEquals("sweep: digits8 mlp reference " + Axis.PIXELS.value(s) + " adam lr 0.005 batch 32 20 ep seed 0",
                    label);
        }
    }
}
