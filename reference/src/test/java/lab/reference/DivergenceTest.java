package lab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The divergence rule: what fires, at which bound, and that the reference trainer stops on a finite loss. */
class DivergenceTest {

    @Test
    void theBoundIsTenTimesTheLossOfUniformGuessing() {
        assertEquals(10 * Math.log(10), Divergence.lossBound(10), 0);
        assertEquals(23.0259, Divergence.lossBound(10), 1e-4);
        assertEquals(10 * Math.log(2), Divergence.lossBound(2), 0);
    }

    @Test
    void eachRuleFiresOnItsOwnCaseAndNoneInRange() {
        double bound = Divergence.lossBound(10);
        assertNull(Divergence.check(Math.log(10), true, 10), "the loss of uniform guessing is in range");
        assertNull(Divergence.check(bound, true, 10), "the bound itself is still in range");
        assertEquals(Divergence.Rule.LOSS_ABOVE_BOUND, Divergence.check(Math.nextUp(bound), true, 10));
        assertEquals(Divergence.Rule.LOSS_ABOVE_BOUND, Divergence.check(1.2e15, true, 10));
        assertEquals(Divergence.Rule.NON_FINITE_LOSS, Divergence.check(Double.NaN, true, 10));
        assertEquals(Divergence.Rule.NON_FINITE_LOSS, Divergence.check(Double.POSITIVE_INFINITY, false, 10));
        assertEquals(Divergence.Rule.NON_FINITE_GRADIENT, Divergence.check(0.5, false, 10));
        assertTrue(Divergence.allFinite(new double[] {0, -1e308, 1e308}));
        assertEquals(false, Divergence.allFinite(new double[] {0, Double.NaN}));
        assertEquals(false, Divergence.allFinite(new double[] {Double.NEGATIVE_INFINITY}));
    }

    @Test
    void aHugeButFiniteLossStopsTheReferenceRunInTheStepItAppears() {
        Dataset data = TestData.templates(48, new Shape(1, 8, 8), 10, 0.1, 0);
        Network net = Network.create(Architecture.of("mlp"), data.shape(), Init.HE, 0);
        Trainer.TrainingDivergedException e = assertThrows(Trainer.TrainingDivergedException.class,
                () -> Trainer.train(net, Optimizer.sgd(1e6), data, new Trainer.Config(2, 16, 0),
                        new Trainer.Listener() { }));
        assertEquals(Divergence.Rule.LOSS_ABOVE_BOUND, e.rule());
        assertEquals(1, e.epoch());
        assertEquals(2, e.step(), "step 1 starts from the initial weights; its update of 1e6 wrecks step 2");
        assertTrue(Double.isFinite(e.loss()) && e.loss() > Divergence.lossBound(10), "loss " + e.loss());
        assertTrue(e.getMessage().startsWith("loss became ") && e.getMessage().contains("at epoch 1, step 2 of 3 "
                + "(rule: the mean loss must stay at or below 10 ln K = 23.03, K = 10 classes)"), e.getMessage());
        assertTrue(e.history().isEmpty());
    }

    @Test
    void anOrdinaryRunNeverComesNearTheBound() {
        Dataset data = TestData.templates(64, new Shape(1, 8, 8), 10, 0.1, 0);
        Network net = Network.create(Architecture.of("mlp"), data.shape(), Init.HE, 0);
        double[] worst = {0};
        Trainer.train(net, Optimizer.sgd(0.1), data, new Trainer.Config(3, 16, 0), new Trainer.Listener() {
            @Override
            public void onStep(int epoch, int step, int steps, double loss) {
                worst[0] = Math.max(worst[0], loss);
            }
        });
        assertTrue(worst[0] < Math.log(10) + 1, "worst step loss " + worst[0]);
    }
}
