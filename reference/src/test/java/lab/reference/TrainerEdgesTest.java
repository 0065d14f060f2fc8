package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The training loop's edges, pinned with a scripted model and independent oracles: a NaN gradient under a
 * finite loss stops the run, the epoch order is the JDK shuffle of its documented seed, the config refuses
 * what cannot run, an epoch's seconds are wall time within the run's, and one Random feeding two shuffles
 * draws exactly what the JDK's shuffle draws.
 */
class TrainerEdgesTest {

    /**
     * A model whose loss is always 0.5 (finite, far below 10 ln 2) and whose gradient is (0.25, 0.5), except
     * on call {@code nanCall} (from 1), where its second element is NaN.
     */
    private static final class ScriptedModel implements Model {
        final Param w = new Param("W", 2);
        final int nanCall;
        int calls;
        int lastN = 1;

        ScriptedModel(int nanCall) {
            this.nanCall = nanCall;
        }

        @Override
        public Shape inputShape() {
            return new Shape(1, 1, 1);
        }

        @Override
        public int classes() {
            return 2;
        }

        @Override
        public List<Network.NamedParam> params() {
            return List.of(new Network.NamedParam("0_W", 0, w));
        }

        @Override
        public void zeroGrad() {
            w.zeroGrad();
        }

        @Override
        public double lossAndGradient(double[] x, int[] labels, int n) {
            calls++;
            lastN = n;
            w.grad()[0] += 0.25;
            w.grad()[1] += calls == nanCall ? Double.NaN : 0.5;
            return 0.5;
        }

        @Override
        public double[] lastProbabilities() {
            double[] p = new double[lastN * 2];
            for (int i = 0; i < lastN; i++) {
                p[2 * i] = 0.6;
                p[2 * i + 1] = 0.4;
            }
            return p;
        }

        @Override
        public int[] predict(double[] x, int n) {
            return new int[n];
        }
    }

    private static Dataset four() {
        return new Dataset("four", new double[] {1, 2, 3, 4}, new int[] {0, 1, 0, 1}, new Shape(1, 1, 1), 2);
    }

    @Test
    void aNanGradientUnderAFiniteLossStopsTheRunBeforeItsUpdate() {
        ScriptedModel model = new ScriptedModel(3); // epoch 2, step 1 (two steps of 2 per epoch)
        Trainer.TrainingDivergedException e = assertThrows(Trainer.TrainingDivergedException.class,
                () -> Trainer.train(model, Optimizer.sgd(1.0), four(), new Trainer.Config(3, 2, 0),
                        new Trainer.Listener() { }));
        assertEquals(Divergence.Rule.NON_FINITE_GRADIENT, e.rule());
        assertEquals(2, e.epoch());
        assertEquals(1, e.step());
        assertEquals(0.5, e.loss());
        assertEquals(1, e.history().size(), "epoch 1 had finished");
        assertArrayEquals(new double[] {-0.5, -1.0}, model.w.value(), "two SGD steps, not the third");
    }

    @Test
    void finiteGradientsRunEveryEpoch() {
        ScriptedModel model = new ScriptedModel(-1);
        List<Trainer.EpochStats> history = Trainer.train(model, Optimizer.sgd(1.0), four(),
                new Trainer.Config(3, 2, 0), new Trainer.Listener() { });
        assertEquals(3, history.size());
        assertEquals(0.5, history.get(2).meanLoss());
        assertEquals(0.5, history.get(2).trainAccuracy(), "class 0 predicted; half the labels are 0");
        assertArrayEquals(new double[] {-1.5, -3.0}, model.w.value());
    }

    @Test
    void anEpochsSecondsAreWallTimeWithinTheWholeRun() {
        long before = System.nanoTime();
        List<Trainer.EpochStats> history = Trainer.train(new ScriptedModel(-1), Optimizer.sgd(0.1), four(),
                new Trainer.Config(2, 1, 0), new Trainer.Listener() { });
        double run = (System.nanoTime() - before) / 1e9;
        double sum = 0;
        for (Trainer.EpochStats s : history) {
            assertTrue(s.seconds() >= 0 && s.seconds() <= run, s.seconds() + " s outside [0, " + run + "]");
            sum += s.seconds();
        }
        assertTrue(sum <= run, "the epochs took " + sum + " s of a run of " + run + " s");
    }

    @Test
    void epochOrderIsTheJdkShuffleSeededBySeedTimes1000003PlusEpoch() {
        for (long seed : new long[] {0, 1, 42, -7}) {
            for (int epoch : new int[] {1, 2, 5}) {
                List<Integer> jdk = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    jdk.add(i);
                }
                Collections.shuffle(jdk, new Random(seed * 1_000_003L + epoch));
                assertArrayEquals(jdk.stream().mapToInt(Integer::intValue).toArray(),
                        Trainer.epochOrder(seed, epoch, 20), "seed " + seed + ", epoch " + epoch);
            }
        }
    }

    @Test
    void configRefusesNegativeEpochsAndEmptyBatches() {
        IllegalArgumentException epochs = assertThrows(IllegalArgumentException.class,
                () -> new Trainer.Config(-1, 1, 0));
        assertEquals("epochs must be >= 0 and batch size >= 1, got -1, 1", epochs.getMessage());
        IllegalArgumentException batch = assertThrows(IllegalArgumentException.class,
                () -> new Trainer.Config(1, 0, 0));
        assertEquals("epochs must be >= 0 and batch size >= 1, got 1, 0", batch.getMessage());
        assertEquals(List.of(), Trainer.train(new ScriptedModel(-1), Optimizer.sgd(1), four(),
                new Trainer.Config(0, 1, 0), new Trainer.Listener() { }), "zero epochs: nothing to do");
    }

    @Test
    void twoShufflesFromOneRandomDrawWhatTwoJdkShufflesDraw() {
        Random ours = new Random(11);
        Random jdks = new Random(11);
        for (int round = 0; round < 3; round++) {
            int[] a = new int[7];
            List<Integer> list = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                a[i] = i;
                list.add(i);
            }
            Shuffle.shuffle(a, ours);
            Collections.shuffle(list, jdks);
            assertArrayEquals(list.stream().mapToInt(Integer::intValue).toArray(), a, "shuffle " + (round + 1));
        }
        assertEquals(jdks.nextLong(), ours.nextLong(), "both Randoms are at the same point");
    }
}
