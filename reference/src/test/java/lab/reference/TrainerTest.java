package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The training loop does what its description says, step for step, and evaluation counts right. */
class TrainerTest {

    @Test
    void epochOrderIsASeededPermutationThatChangesEachEpoch() {
        int[] first = Trainer.epochOrder(42, 1, 100);
        int[] sorted = first.clone();
        Arrays.sort(sorted);
        int[] identity = new int[100];
        Arrays.setAll(identity, i -> i);
        assertArrayEquals(identity, sorted);
        assertArrayEquals(first, Trainer.epochOrder(42, 1, 100), "same seed and epoch, same order");
        assertFalse(Arrays.equals(first, Trainer.epochOrder(42, 2, 100)), "each epoch reshuffles");
        assertFalse(Arrays.equals(first, Trainer.epochOrder(43, 1, 100)), "the seed matters");
    }

    @Test
    void trainingIsExactlyTheTextbookLoopWithTheLastPartialBatchKept() {
        Dataset data = TestData.templates(10, new Shape(1, 8, 8), 10, 0.2, 3);
        Network byTrainer = Network.create(Architecture.of("book-cnn"), data.shape(), Init.UNIFORM, 4);
        Network byHand = Network.create(Architecture.of("book-cnn"), data.shape(), Init.UNIFORM, 4);

        List<Trainer.EpochStats> history = Trainer.train(byTrainer, Optimizer.nesterovs(0.05, 0.9), data,
                new Trainer.Config(3, 4, 9), new Trainer.Listener() { });

        Optimizer opt = Optimizer.nesterovs(0.05, 0.9);
        List<Param> params = byHand.params().stream().map(Network.NamedParam::param).toList();
        for (int epoch = 1; epoch <= 3; epoch++) {
            int[] order = Trainer.epochOrder(9, epoch, 10);
            for (int[] range : new int[][] {{0, 4}, {4, 8}, {8, 10}}) { // batches of 4, 4 and the last 2
                Dataset.Batch b = data.batch(order, range[0], range[1]);
                byHand.zeroGrad();
                byHand.lossAndGradient(b.x(), b.y(), b.n());
                opt.step(params);
            }
        }
        for (Network.NamedParam p : byTrainer.params()) {
            assertArrayEquals(byHand.param(p.key()).value(), p.param().value(), 0, p.key());
        }
        assertEquals(3, history.size());
        assertEquals(3, history.get(0).steps());
        assertEquals(10, history.get(0).examples());
    }

    @Test
    void evaluationCountsAConfusionMatrix() {
        // A network that always answers 2: its bias for class 2 is the only non-zero parameter.
        Dataset data = TestData.templates(7, Shape.vector(4), 3, 0.1, 0); // labels 0,1,2,0,1,2,0
        Network net = new Network(Architecture.parse("dense(3)"), data.shape());
        net.param("0_b").value()[2] = 1;
        Evaluation eval = Evaluation.of(net, data, 3);
        assertArrayEquals(new int[][] {{0, 0, 3}, {0, 0, 2}, {0, 0, 2}}, eval.confusion());
        assertEquals(2.0 / 7, eval.accuracy(), 1e-15);
        assertEquals(7, eval.total());
    }
}
