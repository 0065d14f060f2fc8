package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import lab.data.DataSource;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Trainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * DL4J's recorded loss is the exact one, as the reference records it, even where DL4J's own score clips:
 * Adam at lr 0.1 on 64 mnist10k images (seed 1) drives some probabilities below 1e-10 by its second step.
 */
class Dl4jRecordedLossTest {

    private static final long SEED = 1;
    private static final double LR = 0.1;
    private static final Dataset TRAIN = DataSource.load("mnist10k", 0.25, 0).withTrainSize(64, SEED).train();

    @Test
    void dl4jRecordsTheReferencesExactLossWhereItsOwnScoreClips() {
        List<Double> reference = new ArrayList<>();
        List<Trainer.EpochStats> referenceEpochs = Trainer.train(network(), Optimizer.adam(LR), TRAIN,
                new Trainer.Config(1, 32, SEED), recordInto(reference, null, null));
        Dl4jNetworks.Built built = Dl4jNetworks.build(Architecture.of("mlp"), TRAIN.shape(), DataType.DOUBLE,
                Dl4jNetworks.updater(Optimizer.adam(LR)), Init.HE, SEED);
        Dl4jParams.toDl4j(network(), built);
        List<Double> recorded = new ArrayList<>();
        List<Double> scores = new ArrayList<>();
        List<Trainer.EpochStats> dl4jEpochs = Dl4jTrainer.train(built, TRAIN, new Trainer.Config(1, 32, SEED),
                recordInto(recorded, scores, built));

        assertEquals(2, reference.size(), "64 images in batches of 32");
        assertEquals(reference.size(), recorded.size());
        // The case is extreme: at step 2 DL4J's own score reads 15.63 where the exact loss is 20.66.
        assertTrue(reference.get(1) - scores.get(1) > 1, "DL4J's score " + scores.get(1) + " vs the exact loss "
                + reference.get(1) + ": the score clips, so the recorded loss must not be the score");
        for (int step = 0; step < reference.size(); step++) {
            assertEquals(reference.get(step), recorded.get(step), 1e-9 * reference.get(step),
                    "step " + (step + 1) + ": the recorded loss on both stacks");
        }
        assertEquals(referenceEpochs.get(0).meanLoss(), dl4jEpochs.get(0).meanLoss(),
                1e-9 * referenceEpochs.get(0).meanLoss(), "the epoch's mean loss on both stacks");
    }

    private static Network network() {
        return Network.create(Architecture.of("mlp"), TRAIN.shape(), Init.HE, SEED);
    }

    /** A listener that keeps each step's loss and, given a DL4J network, its own score after the step. */
    private static Trainer.Listener recordInto(List<Double> losses, List<Double> scores, Dl4jNetworks.Built built) {
        return new Trainer.Listener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss) {
                losses.add(loss);
                if (built != null) {
                    scores.add(built.net().score()); // the clipped score of the same step, before its update
                }
            }
        };
    }
}
