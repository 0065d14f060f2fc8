package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import lab.reference.Architecture;
import org.junit.jupiter.api.Test;

/**
 * The classic mistakes of a hand-written layer, planted one at a time in a copy of the reference's conv
 * and max-pool (test code only): the kit must name the tensor each one breaks first, leave the tensors it
 * does not touch agreeing, shrink to a small case, and pass the same copies without the mistake.
 */
class PlantedBugsTest {

    /** conv with stride 2 and padding 1, so that stride and padding mistakes can show. */
    static final String CONV = "conv(3,k3,s2,p1)";

    static LayerCheck.Result conv(PlantedConv2D.Bug bug) {
        return LayerCheck.of(CONV, c -> new PlantedConv2D(c.input(), c.layer(Architecture.Conv.class), bug))
                .cases(20).run();
    }

    /** Fails on {@code tensor}, says so in the message's first line, and every tensor in {@code agreeing} agrees. */
    static void assertNames(LayerCheck.Result r, String tensor, List<String> agreeing) {
        assertTrue(!r.agrees(), "the planted mistake went unnoticed");
        String message = r.message();
        System.out.println(message); // what a user sees: docs/kit.md quotes these
        assertTrue(message.startsWith("your layer disagrees with DL4J's " + CONV + ": " + tensor + "\n")
                || message.startsWith("your layer disagrees with DL4J's maxpool(2): " + tensor + "\n"), message);
        assertEquals(tensor, r.smallest().firstFailure(), message);
        assertTrue(message.contains("  " + tensor + " ("), "a line names the element of " + tensor + ": " + message);
        for (Judge.TensorVerdict t : r.smallest().tensors()) {
            if (agreeing.contains(t.name())) {
                assertTrue(t.agrees(), t.name() + " is untouched by the mistake: " + message);
            }
        }
    }

    /** The result's hint holds {@code words}, and its message (what assertAgrees() throws) ends with it. */
    static void assertHint(LayerCheck.Result r, String words) {
        assertTrue(r.hint() != null && r.hint().contains(words), "hint: " + r.hint() + "\n" + r.message());
        assertTrue(r.message().endsWith("likely cause: " + r.hint() + System.lineSeparator()), r.message());
    }

    @Test
    void theCorrectConvCopyAgreesOnEveryGeneratedSetting() {
        LayerCheck.Result r = LayerCheck.of(CONV, c -> new PlantedConv2D(c.input(), c.layer(Architecture.Conv.class),
                PlantedConv2D.Bug.NONE)).varying(Setting.values()).cases(20).run();
        assertTrue(r.agrees(), r.message());
        assertEquals(null, r.hint(), "no likely cause for a layer that agrees");
        assertFalse(r.message().contains("likely cause"), r.message());
    }

    @Test
    void weightGradientAssignedInsteadOfAccumulatedIsNamedAsDw() {
        LayerCheck.Result r = conv(PlantedConv2D.Bug.WEIGHT_GRADIENT_ASSIGNED);
        assertNames(r, "dW", List.of("output", "dx", "db"));
        assertTrue(r.message().contains("dW (f, c, kh, kw) differs from DL4J"), r.message());
        // and the central differences of the layer's own forward disagree with its dW too
        assertTrue(r.smallest().gradients().stream().anyMatch(w -> w.tensor().equals("dW") && !w.passes()));
        assertHint(r, "each dW element that differs equals ONE of the products it should sum: assign with = where the "
                + "positions must add up with += (weight sharing: the same weight is used at every (n, oh, ow))");
    }

    @Test
    void everyCaseRunsOnAfterTheFirstFailureForAScore() {
        LayerCheck.Result r = LayerCheck.of(CONV, c -> new PlantedConv2D(c.input(), c.layer(Architecture.Conv.class),
                PlantedConv2D.Bug.BIAS_GRADIENT_NOT_SUMMED_OVER_BATCH)).cases(6).everyCase().run();
        assertEquals(6, r.casesRun());
        assertEquals(Map.of("output", 0, "dx", 0, "dW", 0), Map.of("output", r.tensorFailures().get("output"), "dx",
                r.tensorFailures().get("dx"), "dW", r.tensorFailures().get("dW")), r.message());
        int batchOfOne = r.casesPassed(); // only a batch of one passes: its one example's db is the sum
        assertEquals(6 - batchOfOne, r.tensorFailures().get("db"), r.message());
        assertEquals("3/4 tensors agree, " + batchOfOne + "/6 cases passed", r.score());
    }

    @Test
    void aFlippedKernelIsNamedAsTheOutput() {
        LayerCheck.Result r = conv(PlantedConv2D.Bug.FLIPPED_KERNEL);
        assertNames(r, "output", List.of("db"));
        // a convolution's backward is consistent with its own forward: only DL4J can tell
        assertTrue(r.smallest().gradients().stream().allMatch(w -> w.passes()), r.message());
        assertTrue(r.smallest().kase().layers().get(0) instanceof Architecture.Conv k && k.kh() == 3);
        assertHint(r, "your output equals DL4J's with the kernel flipped");
    }

    @Test
    void paddingIgnoredInBackwardIsNamedAsDx() {
        LayerCheck.Result r = conv(PlantedConv2D.Bug.PADDING_IGNORED_IN_BACKWARD);
        assertNames(r, "dx", List.of("output", "db"));
        assertHint(r, "padding 0 in backward (this layer's padding is 1x1)");
    }

    @Test
    void aWrongStrideInBackwardIsNamedAsDx() {
        LayerCheck.Result r = conv(PlantedConv2D.Bug.WRONG_STRIDE_IN_BACKWARD);
        assertNames(r, "dx", List.of("output", "db"));
        assertHint(r, "stride 1 in backward (this layer's stride is 2x2)");
    }

    @Test
    void aBiasGradientNotSummedOverTheBatchIsNamedAsDbOnTwoExamples() {
        LayerCheck.Result r = conv(PlantedConv2D.Bug.BIAS_GRADIENT_NOT_SUMMED_OVER_BATCH);
        assertNames(r, "db", List.of("output", "dx", "dW"));
        assertEquals(2, r.smallest().kase().batch(), "the smallest batch that shows it: " + r.message());
        assertTrue(r.message().contains("db (f) differs from DL4J at"), r.message());
        assertHint(r, "your db is the bias gradient of ONE example (the last example of the batch of 2)");
    }

    @Test
    void maxPoolTiesSplitInsteadOfSentToTheFirstMaximumAreNamedAsDx() {
        LayerCheck.Result r = LayerCheck.of("maxpool(2)", c -> new PlantedMaxPool2D(c.input(), 2, true)).run();
        assertNames(r, "dx", List.of("output"));
        // The smallest case is one 2x2 window with a tie; a later maximum got gradient where DL4J sends none.
        assertEquals(Map.of("batch", 1, "side", 2), Map.of("batch", r.smallest().kase().batch(), "side",
                r.smallest().kase().input().h()), r.message());
        Judge.TensorVerdict dx = r.smallest().tensors().get(1);
        assertEquals(0.0, dx.dl4j(), r.message());
        assertTrue(r.message().contains("no term reaches this element"), r.message());
        // Central differences cannot see it: smooth inputs have no ties.
        assertTrue(r.smallest().gradients().stream().allMatch(w -> w.passes()), r.message());
        assertHint(r, "split among tied maxima");
        assertTrue(LayerCheck.of("maxpool(2)", c -> new PlantedMaxPool2D(c.input(), 2, false)).run().agrees());
    }
}
