package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import lab.dl4j.Dl4jLoss;
import lab.reference.Loss;
import lab.reference.SoftmaxCrossEntropy;
import org.junit.jupiter.api.Test;

/**
 * The check of a hand-written loss against DL4J's softmax + MCXENT: the reference's own loss agrees on
 * every generated case, logits near 1000 included (where DL4J's loss is finite and so must yours be); a
 * loss that is off is named by tensor, shrunk, and scored; every case can be run for a score.
 */
class LossCheckTest {

    @Test
    void theReferenceLossAgreesWithDl4jIncludingLogitsNearAThousand() {
        LossCheck.Result r = LossCheck.of(SoftmaxCrossEntropy::new).cases(20).run();
        assertTrue(r.agrees(), r.message());
        assertEquals("2/2 tensors agree, 20/20 cases passed", r.score());
        assertEquals(null, r.hint());
        // DL4J's own loss is finite where exp overflows, and the reference matches it there.
        Dl4jLoss.Run dl4j = Dl4jLoss.softmaxCrossEntropy(new double[] {1000, 1001, 999}, new int[] {2}, 1, 3);
        double ours = new SoftmaxCrossEntropy().forward(new double[] {1000, 1001, 999}, new int[] {2}, 1, 3);
        assertTrue(Double.isFinite(dl4j.loss()) && Math.abs(dl4j.loss() - ours) < 1e-12, dl4j.loss() + " vs " + ours);
    }

    /** The reference's loss, its backward doubled: a gradient that is not the mean's. */
    static final class Doubled implements Loss {
        private final SoftmaxCrossEntropy inner = new SoftmaxCrossEntropy();

        @Override
        public double forward(double[] logits, int[] labels, int n, int k) {
            return inner.forward(logits, labels, n, k);
        }

        @Override
        public double[] backward() {
            double[] g = inner.backward();
            for (int i = 0; i < g.length; i++) {
                g[i] *= 2;
            }
            return g;
        }
    }

    @Test
    void aWrongGradientIsNamedShrunkAndScoredOverEveryCase() {
        LossCheck.Result r = LossCheck.of(Doubled::new).cases(6).everyCase().run();
        assertFalse(r.agrees());
        assertTrue(r.message().startsWith("your loss disagrees with DL4J's softmax + MCXENT: dlogits\n"), r.message());
        assertEquals(1, r.smallest().kase().batch(), r.message());
        assertEquals(2, r.smallest().kase().classes(), r.message());
        assertEquals("1/2 tensors agree, 0/6 cases passed", r.score());
        assertEquals(6, r.casesRun());
        AssertionError e = assertThrows(AssertionError.class, () -> LossCheck.of(Doubled::new).cases(3).assertAgrees());
        assertTrue(e.getMessage().contains("dlogits (n, k) differs from DL4J"), e.getMessage());
    }
}
