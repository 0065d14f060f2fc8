package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The optimizers against numbers worked by hand from DL4J's formulas, and the initialisers' statistics. */
class OptimizerTest {

    @Test
    void sgdStepsAgainstTheGradient() {
        Param p = param(new double[] {1, -2}, new double[] {0.5, -1});
        Optimizer.sgd(0.1).step(List.of(p));
        assertArrayEquals(new double[] {0.95, -1.9}, p.value(), 1e-15);
    }

    @Test
    void nesterovsMatchesDl4jsFormWorkedByHand() {
        // g = 1, lr = 0.1, mu = 0.9.  step 1: v = -0.1, update = 0 - 1.9*(-0.1) = 0.19  -> theta = -0.19
        //                             step 2: v = 0.9*(-0.1) - 0.1 = -0.19,
        //                                     update = 0.9*(-0.1) - 1.9*(-0.19) = 0.271 -> theta = -0.461
        Param p = param(new double[] {0}, new double[] {1});
        Optimizer opt = Optimizer.nesterovs(0.1, 0.9);
        opt.step(List.of(p));
        assertEquals(-0.19, p.value()[0], 1e-15);
        opt.step(List.of(p));
        assertEquals(-0.461, p.value()[0], 1e-15);
    }

    @Test
    void adamFirstStepIsAboutLrTimesTheGradientsSign() {
        // Step 1: m = 0.1 g, v = 0.001 g^2, alpha = lr sqrt(0.001) / 0.1, so
        // update = lr * s|g| / (s|g| + eps) * sign(g) with s = sqrt(0.001): lr * sign(g), less eps's share.
        Param p = param(new double[] {0, 0}, new double[] {3, -0.02});
        Optimizer.adam(0.01).step(List.of(p));
        double s = Math.sqrt(0.001);
        assertArrayEquals(new double[] {-0.01 * s * 3 / (s * 3 + 1e-8), 0.01 * s * 0.02 / (s * 0.02 + 1e-8)},
                p.value(), 1e-15);
        assertArrayEquals(new double[] {-0.01, 0.01}, p.value(), 1e-6);
    }

    @Test
    void adamPutsEpsilonOnSqrtVNotOnSqrtVHatAsDl4jDoes() {
        // g = 1e-9, lr = 1: DL4J: update = sqrt(1-b2) g / (sqrt(1-b2) |g| + eps)
        //                                = 0.0316228e-9 / (0.0316228e-9 + 1e-8) = 0.0031523...
        // Textbook: g / (|g| + eps) = 1e-9 / 1.1e-8 = 0.0909...: thirty times larger.
        Param p = param(new double[] {0}, new double[] {1e-9});
        Optimizer.adam(1.0).step(List.of(p));
        double s = Math.sqrt(0.001);
        assertEquals(-s * 1e-9 / (s * 1e-9 + 1e-8), p.value()[0], 1e-15);
        assertEquals(-0.0031523, p.value()[0], 1e-7);
    }

    @Test
    void adamSecondStepMatchesTheRecurrenceWorkedByHand() {
        // g1 = 1, g2 = -1, lr = 0.1.  m1 = 0.1, v1 = 0.001; m2 = 0.09 - 0.1 = -0.01, v2 = 0.000999 + 0.001.
        // alpha2 = 0.1 * sqrt(1 - 0.999^2) / (1 - 0.9^2); update2 = alpha2 * m2 / (sqrt(v2) + 1e-8).
        Param p = param(new double[] {0}, new double[] {1});
        Optimizer adam = Optimizer.adam(0.1);
        adam.step(List.of(p));
        double afterFirst = p.value()[0];
        p.grad()[0] = -1;
        adam.step(List.of(p));
        double alpha2 = 0.1 * Math.sqrt(1 - 0.999 * 0.999) / (1 - 0.81);
        double update2 = alpha2 * -0.01 / (Math.sqrt(0.999 * 0.001 + 0.001) + 1e-8);
        assertEquals(afterFirst - update2, p.value()[0], 1e-15);
    }

    @Test
    void initialisersFollowDl4jsFormulasAndTheSeed() {
        // Dense 784 -> 128: fanIn 784, fanOut 128.
        Network mlp = Network.create(Architecture.of("mlp"), new Shape(1, 28, 28), Init.HE, 1);
        assertVariance(mlp.param("0_W").value(), 2.0 / 784);
        mlp = Network.create(Architecture.of("mlp"), new Shape(1, 28, 28), Init.XAVIER, 1);
        assertVariance(mlp.param("0_W").value(), 2.0 / (784 + 128));
        mlp = Network.create(Architecture.of("mlp"), new Shape(1, 28, 28), Init.UNIFORM, 1);
        double bound = 1 / Math.sqrt(784);
        for (double v : mlp.param("0_W").value()) {
            assertTrue(Math.abs(v) <= bound, "uniform weight " + v + " outside +-" + bound);
        }
        assertVariance(mlp.param("0_W").value(), bound * bound / 3);
        // Conv 32 -> 64 channels, 5x5 at stride 2: fanIn = 32*25 = 800, fanOut = 64*25/4 = 400.
        Network conv = Network.create(Architecture.parse("conv(64,k5,s2)-dense(10)"), new Shape(32, 9, 9),
                Init.XAVIER, 1);
        assertVariance(conv.param("0_W").value(), 2.0 / (800 + 400));
        for (Network.NamedParam p : conv.params()) {
            if (p.param().name().equals("b")) {
                assertArrayEquals(new double[p.param().size()], p.param().value(), 0, "biases start at 0");
            }
        }
        double[] again = Network.create(Architecture.parse("conv(64,k5,s2)-dense(10)"), new Shape(32, 9, 9),
                Init.XAVIER, 1).param("0_W").value();
        assertArrayEquals(conv.param("0_W").value(), again, 0, "same seed, same weights");
        double[] other = Network.create(Architecture.parse("conv(64,k5,s2)-dense(10)"), new Shape(32, 9, 9),
                Init.XAVIER, 2).param("0_W").value();
        assertNotEquals(conv.param("0_W").value()[0], other[0], "another seed, other weights");
    }

    /** Sample variance about 0 within 4 standard errors of the expected one (n >= 50,000 draws: ~2.5%). */
    private static void assertVariance(double[] w, double expected) {
        double sum = 0;
        for (double v : w) {
            sum += v * v;
        }
        double variance = sum / w.length;
        double standardError = expected * Math.sqrt(2.0 / w.length);
        assertEquals(expected, variance, 4 * standardError, "variance of " + w.length + " weights");
    }

    private static Param param(double[] value, double[] grad) {
        return new Param("W", new int[] {value.length}, value, grad);
    }

    /** The settings read back as given: the DL4J side builds its updaters from them. */
    @Test
    void everyOptimizerReadsItsSettingsBackAsGiven() {
        Adam adam = new Adam(0.002, 0.8, 0.95, 1e-6);
        assertEquals(List.of(0.002, 0.8, 0.95, 1e-6), List.of(adam.lr(), adam.beta1(), adam.beta2(), adam.epsilon()));
        Nesterovs nesterovs = new Nesterovs(0.03, 0.7);
        assertEquals(List.of(0.03, 0.7), List.of(nesterovs.lr(), nesterovs.momentum()));
        assertEquals(0.05, new Sgd(0.05).lr());
    }
}
