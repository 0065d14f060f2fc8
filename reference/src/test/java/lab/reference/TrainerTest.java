package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    /**
     * A network that answers 2 for everything (only its class-2 bias is non-zero) and lr 0, so it never
     * changes: every example's loss is ln(2 + e) - [label is 2], whatever batch it is in. 11 examples,
     * labels 0,1,2,0,...: three 2s. The epoch's mean must be the mean over examples, and its accuracy 3/11,
     * with batches of 4, 4 and 3 (a plain mean of the three batch means would be another number).
     */
    @Test
    void epochLossAndAccuracyAreTheExampleMeansWorkedByHand() {
        Dataset data = TestData.templates(11, Shape.vector(4), 3, 0.1, 0);
        Network net = new Network(Architecture.parse("dense(3)"), data.shape());
        net.param("0_b").value()[2] = 1;
        List<Trainer.EpochStats> history = Trainer.train(net, Optimizer.sgd(0), data, new Trainer.Config(2, 4, 5),
                new Trainer.Listener() { });
        double expected = Math.log(2 + Math.E) - 3.0 / 11;
        for (Trainer.EpochStats stats : history) {
            assertEquals(expected, stats.meanLoss(), 1e-15, "epoch " + stats.epoch());
            assertEquals(3.0 / 11, stats.trainAccuracy(), 0, "epoch " + stats.epoch());
            assertEquals(3, stats.steps());
            assertEquals(11, stats.examples());
        }
    }

    /**
     * A random network that lr 0 keeps fixed: each epoch's mean loss must equal the per-batch losses
     * recomputed here from the epoch's order, weighted by batch size (batches of 3, 3, 3, 3 and 1), and
     * its accuracy the correct predictions counted here; the listener must see every step's loss, and
     * the stats it gets must be the history's.
     */
    @Test
    void epochLossAndAccuracyAreTheBatchSizeWeightedMeansOfTheSteps() {
        Dataset data = TestData.templates(13, new Shape(1, 4, 4), 3, 0.5, 8);
        Network net = Network.create(Architecture.parse("dense(5)-tanh-dense(3)"), data.shape(), Init.XAVIER, 6);
        Network fixed = Network.create(Architecture.parse("dense(5)-tanh-dense(3)"), data.shape(), Init.XAVIER, 6);
        List<Double> stepLosses = new java.util.ArrayList<>();
        List<Trainer.EpochStats> seen = new java.util.ArrayList<>();
        List<Trainer.EpochStats> history = Trainer.train(net, Optimizer.sgd(0), data, new Trainer.Config(3, 3, 11),
                new Trainer.Listener() {
                    @Override
                    public void onStep(int epoch, int step, int steps, double loss) {
                        assertEquals(5, steps);
                        assertEquals(stepLosses.size() % 5 + 1, step);
                        stepLosses.add(loss);
                    }

                    @Override
                    public void onEpoch(Trainer.EpochStats stats) {
                        seen.add(stats);
                    }
                });
        assertEquals(history, seen);
        assertEquals(15, stepLosses.size());
        int accuracySeen = 0;
        for (int epoch = 1; epoch <= 3; epoch++) {
            int[] order = Trainer.epochOrder(11, epoch, 13);
            double weighted = 0;
            int correct = 0;
            for (int step = 0; step < 5; step++) {
                Dataset.Batch b = data.batch(order, 3 * step, Math.min(3 * step + 3, 13));
                double loss = fixed.loss(b.x(), b.y(), b.n());
                assertEquals(loss, stepLosses.get(5 * (epoch - 1) + step), 0, "epoch " + epoch + " step " + (step + 1));
                weighted += loss * b.n();
                int[] predicted = fixed.predict(b.x(), b.n());
                for (int i = 0; i < b.n(); i++) {
                    correct += predicted[i] == b.y()[i] ? 1 : 0;
                }
            }
            Trainer.EpochStats stats = history.get(epoch - 1);
            assertEquals(epoch, stats.epoch());
            assertEquals(weighted / 13, stats.meanLoss(), 1e-15 * weighted, "epoch " + epoch);
            assertEquals((double) correct / 13, stats.trainAccuracy(), 0, "epoch " + epoch);
            assertEquals(5, stats.steps());
            assertEquals(13, stats.examples());
            accuracySeen = correct;
        }
        // Not a degenerate case: some but not all predictions right, and batch means that differ.
        assertTrue(accuracySeen > 0 && accuracySeen < 13, "correct " + accuracySeen);
        assertTrue(stepLosses.stream().distinct().count() > 1);
    }

    @Test
    void stepsCountTheLastPartialBatchAndZeroEpochsDoNothing() {
        Dataset data = TestData.templates(7, Shape.vector(2), 2, 0.1, 0);
        for (int[] batchAndSteps : new int[][] {{1, 7}, {2, 4}, {3, 3}, {6, 2}, {7, 1}, {50, 1}}) {
            Network net = new Network(Architecture.parse("dense(2)"), data.shape());
            Trainer.EpochStats stats = Trainer.train(net, Optimizer.sgd(0), data,
                    new Trainer.Config(1, batchAndSteps[0], 0), new Trainer.Listener() { }).get(0);
            assertEquals(batchAndSteps[1], stats.steps(), "batch " + batchAndSteps[0]);
            assertEquals(7, stats.examples());
        }
        Network net = new Network(Architecture.parse("dense(2)"), data.shape());
        assertEquals(List.of(), Trainer.train(net, Optimizer.sgd(0.1), data, new Trainer.Config(0, 2, 0),
                new Trainer.Listener() { }));
    }

    @Test
    void epochOrderIsAPermutationForEverySizeAndDependsOnSeedAndEpochOnly() {
        for (int n : new int[] {1, 2, 5, 64}) {
            for (int epoch = 1; epoch <= 3; epoch++) {
                int[] order = Trainer.epochOrder(7, epoch, n);
                boolean[] seen = new boolean[n];
                for (int i : order) {
                    assertFalse(seen[i], "index " + i + " twice for n " + n);
                    seen[i] = true;
                }
                assertArrayEquals(order, Trainer.epochOrder(7, epoch, n));
            }
        }
        // Three epochs of 64: pairwise different, and none the identity.
        int[] identity = java.util.stream.IntStream.range(0, 64).toArray();
        int[][] orders = {Trainer.epochOrder(7, 1, 64), Trainer.epochOrder(7, 2, 64), Trainer.epochOrder(7, 3, 64)};
        for (int a = 0; a < 3; a++) {
            assertFalse(Arrays.equals(identity, orders[a]));
            for (int b = a + 1; b < 3; b++) {
                assertFalse(Arrays.equals(orders[a], orders[b]), "epochs " + (a + 1) + " and " + (b + 1));
            }
        }
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
