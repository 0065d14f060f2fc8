package lab.compare.agree;


import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import lab.kit.Values;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * At logits so large that probabilities underflow (the weights after a few steps at a huge learning
 * rate), both stacks still give the same outputs and gradients, and their losses differ by exactly
 * DL4J's clip: its score is the reference's loss with each probability held in [1e-10, 1 - 1e-10].
 */
class ExtremeLogitsAgreementTest {

    @Test
    void gradientsAgreeAndTheLossesDifferByExactlyDl4jsClip() {
        // lab agree's case (mlp, 8x8, 2 steps), and the cnn on 28x28 after 1 step.
        for (Object[] c : new Object[][] {{AgreementCases.EXTREME, 8, AgreementCases.EXTREME_STEPS}, {"cnn", 28, 1}}) {
            String preset = (String) c[0];
            Random rng = new Random(3);
            Shape in = new Shape(1, (Integer) c[1], (Integer) c[1]);
            Network ref = Network.create(Architecture.of(preset), in, Init.XAVIER, 3);
            int n = 8;
            double[] x = Values.withZerosAndTies(n, in, rng);
            int[] y = rng.ints(n, 0, 10).toArray();
            AgreementCases.blowUp(ref, x, y, n, 1e3, (Integer) c[2]);

            double exact = ref.loss(x, y, n);
            double[] p = ref.lastProbabilities();
            assertTrue(Agreement.clippedExamples(p, y, 10) > 0,
                    preset + ": some true-class probability must leave [1e-10, 1 - 1e-10]");
            assertTrue(exact > 100, preset + ": an exact loss far past DL4J's cap of 23.03, got " + exact);

            Agreement.Report report = Agreement.compare(ref, x, y, n, DataType.DOUBLE);
            assertTrue(report.agrees(), report.table());
            lab.kit.Judge.TensorVerdict loss = report.tensors().get(1);
            assertEquals("loss(clipped)", loss.name());
            assertEquals(Agreement.clippedLoss(p, y, 10), loss.yours(), 0);
            assertTrue(loss.dl4j() <= -Math.log(1e-10) + 1e-12, "DL4J's score is capped: " + loss.dl4j());
            assertTrue(exact - loss.dl4j() > 50, preset + ": exact " + exact + " vs DL4J " + loss.dl4j());
            assertTrue(report.lossNote().startsWith("loss: DL4J's score clips each probability to [1e-10, 1 - 1e-10]"),
                    report.lossNote());
            for (Network.NamedParam np : ref.params()) { // the gradients compare() left: not a trivial all-zero match
                if (np.key().endsWith("_W")) {
                    assertTrue(java.util.Arrays.stream(np.param().grad()).anyMatch(g -> g != 0), preset + " d" + np.key());
                }
            }
        }
    }

    @Test
    void atOrdinaryLogitsTheExactLossIsCompared() {
        Random rng = new Random(3);
        Shape in = new Shape(1, 8, 8);
        Network ref = Network.create(Architecture.of("book-cnn"), in, Init.XAVIER, 3);
        double[] x = Values.withZerosAndTies(8, in, rng);
        int[] y = rng.ints(8, 0, 10).toArray();
        Agreement.Report report = Agreement.compare(ref, x, y, 8, DataType.DOUBLE);
        assertEquals("loss", report.tensors().get(1).name());
        assertNull(report.lossNote());
        assertTrue(report.agrees(), report.table());
    }
}
