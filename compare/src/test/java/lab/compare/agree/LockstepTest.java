package lab.compare.agree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.compare.run.OptimizerKind;
import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import org.junit.jupiter.api.Test;

/**
 * 200 training steps on both stacks from identical weights and batches, in double, with each optimizer:
 * every parameter agrees after every step, and the runs end with the same test predictions.
 */
class LockstepTest {

    @Test
    void bookCnnAndCnnTrainInLockstepForTwoHundredStepsWithEveryOptimizer() {
        Split split = DataSource.load("digits8", 0.25, 0);
        StringBuilder seen = new StringBuilder();
        for (String preset : List.of("book-cnn", "cnn")) {
            for (String[] opt : new String[][] {{"sgd", "0.1"}, {"nesterovs", "0.05"}, {"adam", "0.005"}}) {
                Network ref = Network.create(Architecture.of(preset), split.train().shape(), Init.HE, 1);
                Lockstep.Result r = Lockstep.run(ref, split.train(), split.test(), OptimizerKind.parse(opt[0]), Double.parseDouble(opt[1]),
                        0.9, 200, 32, 2);
                String line = String.format("%s %s: worst parameter difference %.2e at step %d, %s", preset, opt[0],
                        r.worstDiff(), r.worstStep(), r.worstParam());
                seen.append(line).append('\n');
                assertTrue(r.worstDiff() <= 1e-9, line);
                assertArrayEquals(r.referencePredictions(), r.dl4jPredictions(), line);
            }
        }
        System.out.print(seen);
    }

    /**
     * The locally connected and global-average presets under plain SGD, where any constant scale error in
     * a gradient (DL4J M2.1's local layer doubles its own; Dl4jNetworks halves it) shows in the weights
     * at once; Adam would hide it.
     */
    @Test
    void lcnAndCnnGapTrainInLockstepUnderSgd() {
        Split split = DataSource.load("digits8", 0.25, 0);
        for (String preset : List.of("lcn", "cnn-gap")) {
            Network ref = Network.create(Architecture.of(preset), split.train().shape(), Init.HE, 1);
            Lockstep.Result r = Lockstep.run(ref, split.train(), split.test(), OptimizerKind.SGD, 0.1, 0.9, 40, 32, 2);
            String line = String.format("%s sgd: worst parameter difference %.2e at step %d, %s", preset,
                    r.worstDiff(), r.worstStep(), r.worstParam());
            assertTrue(r.worstDiff() <= 1e-9, line);
            assertArrayEquals(r.referencePredictions(), r.dl4jPredictions(), line);
            System.out.println(line);
        }
    }
}
