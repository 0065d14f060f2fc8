package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import org.junit.jupiter.api.Test;

/**
 * The small read-outs that reports and messages print, at known values: the optimizers' and a parameter's
 * text, the confusion table, the divergence rules' words, a network's architecture and its hand-counted
 * parameters, and argmax's rule for ties.
 */
class TextFormsTest {

    @Test
    void optimizersAndParamsSayTheirSettings() {
        assertEquals("sgd(lr=0.05)", Optimizer.sgd(0.05).toString());
        assertEquals("nesterovs(lr=0.1, momentum=0.9)", Optimizer.nesterovs(0.1, 0.9).toString());
        assertEquals("adam(lr=0.001, beta1=0.9, beta2=0.999, eps=1.0E-8)", Optimizer.adam(0.001).toString());
        assertEquals("W[4, 3]", new Param("W", 4, 3).toString());
        assertEquals("b[3]", new Param("b", 3).toString());
    }

    @Test
    void theConfusionTableHasARowPerActualAndAColumnPerPredictedClass() {
        int[][] confusion = {{5, 1, 0}, {2, 7, 3}, {0, 0, 4}}; // [actual][predicted]
        assertEquals("actual\\pred     0     1     2\n"
                + "          0     5     1     0\n"
                + "          1     2     7     3\n"
                + "          2     0     0     4\n", new Evaluation(confusion).confusionTable());
    }

    @Test
    void eachDivergenceRuleSaysWhatItChecks() {
        assertEquals("loss is not a finite number", Divergence.Rule.NON_FINITE_LOSS.words());
        assertEquals("a gradient is not a finite number", Divergence.Rule.NON_FINITE_GRADIENT.words());
        assertEquals("loss above 10 ln K", Divergence.Rule.LOSS_ABOVE_BOUND.words());
    }

    @Test
    void aNetworkKeepsItsArchitectureAndCountsItsParameters() {
        Architecture dense = Architecture.parse("dense(3)");
        Network net = new Network(dense, Shape.vector(4));
        assertSame(dense, net.architecture());
        assertEquals(15, net.parameterCount(), "W 4x3 + b 3");
        // conv W 2x1x3x3 + b 2 = 20; its 2x2x2 output into dense(3): W 8x3 + b 3 = 27
        Network cnn = new Network(Architecture.parse("conv(2,k3)-relu-dense(3)"), new Shape(1, 4, 4));
        assertEquals(47, cnn.parameterCount());
    }

    @Test
    void argmaxGivesTheFirstColumnOnATie() {
        double[] scores = {1, 3, 3, /* row 1 */ 2, 2, 1, /* row 2 */ 0, 0, 0, /* row 3 */ -1, 4, 4};
        assertArrayEquals(new int[] {1, 0, 0, 1}, Network.argmax(scores, 4, 3));
    }
}
