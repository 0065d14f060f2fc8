package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Divergence;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Both stacks stop a diverging run in the same step, by the same rule, with the same exact loss: DL4J's
 * own score is clipped (at most 23.03 per example), so the rule must not read it.
 */
class DivergenceBothStacksTest {

    private static final Dataset TRAIN = DataSource.load("digits8", 0.25, 0).withTrainSize(160, 0).train();

    @Test
    void aHugeLearningRateStopsBothStacksInTheSameStepWithTheSameExactLoss() {
        for (String arch : List.of("mlp", "cnn")) {
            Trainer.TrainingDivergedException ref = assertThrows(Trainer.TrainingDivergedException.class,
                    () -> Trainer.train(network(arch), Optimizer.sgd(1e6), TRAIN, new Trainer.Config(2, 32, 0),
                            new Trainer.Listener() { }));
            double[] dl4jScores = new double[8];
            Trainer.TrainingDivergedException dl4j = assertThrows(Trainer.TrainingDivergedException.class,
                    () -> Dl4jTrainer.train(built(arch, 1e6), TRAIN, new Trainer.Config(2, 32, 0),
                            new Trainer.Listener() {
                                @Override
                                public void onStep(int epoch, int step, int steps, double loss) {
                                    dl4jScores[step] = loss;
                                }
                            }));
            assertEquals(Divergence.Rule.LOSS_ABOVE_BOUND, ref.rule(), arch);
            assertEquals(ref.rule(), dl4j.rule(), arch);
            assertEquals(ref.epoch(), dl4j.epoch(), arch);
            assertEquals(ref.step(), dl4j.step(), arch);
            assertEquals(ref.loss(), dl4j.loss(), 1e-9 * ref.loss(), arch + ": the exact loss on both stacks");
            assertEquals(ref.getMessage(), dl4j.getMessage().replace(String.format("loss became %.4g",
                    dl4j.loss()), String.format("loss became %.4g", ref.loss())), arch);
            assertTrue(ref.loss() > 1e3, arch + ": far above DL4J's clipped score, which cannot pass 23.03: "
                    + ref.loss());
        }
    }

    @Test
    void anOrdinaryDl4jRunPassesTheRuleEveryStep() {
        // The rule reads hooks inside fit(): if they did not run, every step would count as diverged.
        List<Trainer.EpochStats> history = Dl4jTrainer.train(built("cnn", 0.1), TRAIN, new Trainer.Config(2, 32, 0),
                new Trainer.Listener() { });
        assertEquals(2, history.size());
    }

    private static Network network(String arch) {
        return Network.create(Architecture.of(arch), TRAIN.shape(), Init.HE, 0);
    }

    private static Dl4jNetworks.Built built(String arch, double lr) {
        Dl4jNetworks.Built built = Dl4jNetworks.build(Architecture.of(arch), TRAIN.shape(), DataType.DOUBLE,
                Dl4jNetworks.updater(lab.reference.Optimizer.sgd(lr)), Init.HE, 0);
        Dl4jParams.toDl4j(network(arch), built);
        return built;
    }
}
