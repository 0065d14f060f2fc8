package lab.compare.lesson;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import lab.reference.Network;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lesson's numbers are computed, not typed: each part measured on a small trained cnn, checked against
 * what it claims (the map adds up to both stacks' dW, the local layer's gradients are the map's terms, the
 * conv's shift error is exactly 0), and a change planted in its input (another batch, another seed) moves
 * the numbers while the claims still hold.
 */
class LessonPartsTest {

    static Trained cnn;

    @BeforeAll
    static void train() {
        cnn = Trained.cnn(0, 600, 1); // a short training: maps that are features, in about a second
    }

    static double relative(double a, double b) {
        return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
    }

    @Test
    void theMapOfPositionTermsAddsUpToBothStacksDwAndTheLocalLayerKeepsEachTermAsItsOwnGradient() {
        OneKernel.Numbers m = OneKernel.measure(cnn.net(), cnn.batch(), true);
        assertEquals(28 * 28, m.map().length);
        assertTrue(relative(m.mapSum(), m.reference()) < 1e-12, m.mapSum() + " vs " + m.reference());
        assertTrue(relative(m.dl4j(), m.reference()) < 1e-12, m.dl4j() + " vs " + m.reference());
        assertEquals(0.0, m.localWorst(), "the local layer's gradient at each position IS that position's term");
        assertTrue(relative(m.localSum(), m.reference()) < 1e-12, m.localSum() + " vs " + m.reference());
        assertTrue(m.dl4jLocalWorst() < 1e-12, "DL4J's corrected local layer: " + m.dl4jLocalWorst());
        // the drawn weight is the one with the largest gradient
        double[] grad = cnn.net().param("0_W").grad();
        for (double g : grad) {
            assertTrue(Math.abs(g) <= Math.abs(m.reference()));
        }
        // the map's terms are not all of one sign or one position: the picture has something to show
        assertTrue(java.util.Arrays.stream(m.map()).filter(v -> v != 0).count() > 100);
    }

    @Test
    void anotherBatchMovesTheNumbersAndTheyStillAddUp() {
        OneKernel.Numbers first = OneKernel.measure(cnn.net(), cnn.batch(), false);
        OneKernel.Numbers other = OneKernel.measure(cnn.net(), Trained.batch(
                lab.data.DataSource.load(Trained.DATA, 0.25, 0).test(), 1), false);
        assertNotEquals(first.reference(), other.reference());
        assertTrue(relative(other.mapSum(), other.reference()) < 1e-12);
        assertEquals(0.0, other.localWorst());
        assertTrue(Double.isNaN(first.dl4j()), "no DL4J number when DL4J is not run");
    }

    @Test
    void theLessonsBackwardPassIsTheNetworksOwn() {
        Network net = cnn.net();
        OneKernel.backprop(net, cnn.batch().x(), cnn.batch().y(), cnn.batch().size());
        List<double[]> mine = net.params().stream().map(p -> p.param().grad().clone()).toList();
        net.zeroGrad();
        net.lossAndGradient(cnn.batch().x(), cnn.batch().y(), cnn.batch().size());
        for (int k = 0; k < mine.size(); k++) {
            assertArrayEquals(net.params().get(k).param().grad(), mine.get(k), 0.0, net.params().get(k).key());
        }
    }

    @Test
    void theConvMovesWithAShiftedDigitExactlyAndThePooledMapOnlyForAnEvenShift() {
        double[] digit = java.util.Arrays.copyOf(cnn.batch().x(), 28 * 28);
        List<Shifts.Case> cases = Shifts.measure(cnn.net(), digit, true);
        assertEquals(0.0, cases.get(0).maps().reference(), "conv+relu, shift 1");
        assertEquals(0.0, cases.get(1).maps().reference(), "conv+relu, shift 2");
        assertEquals(0.0, cases.get(0).maps().dl4j(), "the same on DL4J");
        assertEquals(0.0, cases.get(2).maps().reference(), "pooled, shift 2 = one pooled cell");
        assertTrue(cases.get(3).maps().reference() > 0.01, "pooled, shift 1 against the unmoved map");
        assertTrue(cases.get(4).maps().reference() > 0.01, "pooled, shift 1 against the map moved one cell");
    }

    @Test
    void theStacksDifferOnPurposeOnlyInTheClippedLoss() {
        OnPurpose.Numbers m = OnPurpose.measure(true);
        OnPurpose.Loss mild = m.losses().get(0);
        OnPurpose.Loss extreme = m.losses().get(1);
        assertTrue(relative(mild.reference(), mild.dl4j()) < 1e-12, "no clip at logits [0, 3, 0]");
        assertEquals(30.0, extreme.reference(), 1e-9, "the exact loss: log-sum-exp");
        assertEquals(-Math.log(1e-10), extreme.dl4j(), 1e-9, "DL4J's score: the probability clipped at 1e-10");
        assertArrayEquals(extreme.referenceGrad(), extreme.dl4jGrad(), 1e-15, "the gradients are not clipped");
        assertArrayEquals(new double[] {1, 0, 0, 1, 0, 0, 0, 0}, m.pool().reference(), "first maximum, raster order");
        assertArrayEquals(m.pool().reference(), m.pool().dl4j());
        assertArrayEquals(new double[] {0, 0, 1}, m.relu().reference(), "ReLU'(0) = 0");
        assertArrayEquals(m.relu().reference(), m.relu().dl4j());
    }

    @Test
    void eachWaysGradientsAreMeasuredAgainstTheNaiveLoopsAndFloatIsFarther() {
        Map<String, Double> e = Costs.gradientErrors(List.of("naive", "fast1", "dl4j-double", "dl4j-float"));
        assertEquals(0.0, e.get("naive"));
        assertTrue(e.get("fast1") < 1e-13, "the fast path is the spec's sums in another order: " + e.get("fast1"));
        assertTrue(e.get("dl4j-double") < 1e-12, "DL4J in double: " + e.get("dl4j-double"));
        assertTrue(e.get("dl4j-float") > 1e-9 && e.get("dl4j-float") < 1e-3, "DL4J in float: " + e.get("dl4j-float"));
    }

    @Test
    void anMlpOnPermutedPixelsIsTheSameComputationAsOneWithItsFirstRowsPermuted() {
        Claims.Identity id = Claims.identity(0);
        assertTrue(id.worst() < 1e-9, "logits " + id.worst() + " apart");
        assertTrue(id.agree(), "every prediction the same");
        assertTrue(id.accuracy() > 0.85, "it learned: " + id.accuracy());
    }

    @Test
    void linesAreCountedFromTheSourceThatRan() {
        List<String> planted = List.of("class X {", "    /** doc */", "    public double[] forward(double[] x, int n) {",
                "        if (n > 0) {", "            return x;", "        }", "        return null;", "    }", "}");
        assertEquals(6, Sources.methodLines(planted, "public double[] forward("));
        List<String> conv = Sources.lines(Sources.CONV);
        int forward = Sources.methodLines(conv, "public double[] forward(");
        int backward = Sources.methodLines(conv, "public double[] backward(");
        assertTrue(forward > 10 && backward > 10 && forward + backward < conv.size(), forward + " + " + backward);
        assertTrue(Sources.plusEqualsLine().contains("dw[") && Sources.plusEqualsLine().contains("+="));
        long all = Sources.codeLines(lab.fast.FastNetwork.class, "lab/fast/", "no file starts so");
        long doublePath = Sources.codeLines(lab.fast.FastNetwork.class, "lab/fast/", "Float");
        assertTrue(doublePath > 1000 && all - doublePath > 500, "the fast path's lines: " + doublePath + " of " + all
                + " without the float path's Float* files");
        Costs.Dependencies deps = Costs.Dependencies.dl4j();
        assertTrue(deps.jars() > 20 && deps.bytes() > 100_000_000L && deps.nativeBytes() > 50_000_000L, deps.toString());
    }
}
