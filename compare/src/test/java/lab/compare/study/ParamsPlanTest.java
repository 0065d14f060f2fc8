package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.study.Ladder.Family;
import lab.compare.study.Ladder.Rung;
import lab.reference.Init;
import org.junit.jupiter.api.Test;

/**
 * The plan of {@code lab params}: its ladder's widths, each rung's parameters counted from its layers and
 * checked against a count made here by hand, the lcn's caps, which stack runs which rung, and the settings
 * of every job.
 */
class ParamsPlanTest {

    private static final List<Stack> BOTH = List.of(Stack.REFERENCE, Stack.DL4J);

    private static List<Rung> family(List<Rung> rungs, Family f) {
        return rungs.stream().filter(r -> r.family() == f).toList();
    }

    /** dense(w)-relu-dense(10) on a side x side image: (side^2 + 1) w weights in, (w + 1) 10 out. */
    private static long mlpByHand(int w, int side) {
        return (long) (side * side + 1) * w + (w + 1) * 10L;
    }

    /**
     * Two 3x3 blocks of c and 2c channels, each halved by a 2x2 max-pool, then dense(10). A conv has 9 weights
     * per input channel and filter, and a bias per filter; a locally connected layer the same at every output
     * position (padding 1 keeps the side), with one bias per filter.
     */
    private static long twoBlocksByHand(int c, int side, boolean local) {
        long first = (local ? side * side : 1L) * 9 * c + c;
        long second = (local ? (side / 2) * (side / 2) : 1L) * 9 * c * 2 * c + 2 * c;
        long dense = 2L * c * (side / 4) * (side / 4) * 10 + 10;
        return first + second + dense;
    }

    @Test
    void theLadderDoublesTheMlpsUnitsAndScalesTheCnnsChannelsWithParametersCountedFromTheLayers() {
        for (int side : new int[] {8, 28}) {
            List<Rung> rungs = Ladder.rungs(side, false);
            assertEquals(List.of("4", "8", "16", "32", "64", "128", "256", "512", "1024"),
                    family(rungs, Family.MLP).stream().map(Rung::width).toList());
            assertEquals(List.of("1/2", "2/4", "4/8", "8/16", "16/32", "32/64"),
                    family(rungs, Family.CNN).stream().map(Rung::width).toList());
            for (Rung r : rungs) {
                assertEquals(r, Rung.of(r.arch()), "a result's arch reads back as its rung: " + r);
                long expected = switch (r.family()) {
                    case MLP -> mlpByHand(Integer.parseInt(r.width()), side);
                    case CNN, LCN -> twoBlocksByHand(Integer.parseInt(r.width().split("/")[0]), side,
                            r.family() == Family.LCN);
                    case BOOK -> r.width().equals("book-mlp") ? 65 * 32 + 33 * 10 : 4 * 10 + 4 * 6 * 6 * 10 + 10;
                };
                assertEquals(expected, r.parameters(side), r.label() + " on " + side + "x" + side);
            }
        }
        // The presets' counts as docs/code.md gives them: the ladder passes through the presets.
        assertEquals(101_770, new Rung(Family.MLP, "128", Ladder.mlp(128)).parameters(28));
        assertEquals(9_098, Rung.of(Ladder.twoBlocks("conv", 8)).parameters(28));
        assertEquals(290_114, Rung.of(Ladder.twoBlocks("local", 8)).parameters(28));
        assertEquals(23_714, Rung.of(Ladder.twoBlocks("local", 8)).parameters(8));
        assertEquals(2_410, Rung.of("book-mlp").parameters(8));
        assertEquals(1_490, Rung.of("book-cnn").parameters(8));
    }

    @Test
    void theLcnClimbsTheWholeLadderOn8x8AndStopsAt8Of16On28x28AndTheBooksModelsAreOn8x8Only() {
        assertEquals(List.of("1/2", "2/4", "4/8", "8/16", "16/32", "32/64"),
                family(Ladder.rungs(8, false), Family.LCN).stream().map(Rung::width).toList());
        assertEquals(List.of("1/2", "2/4", "4/8", "8/16"),
                family(Ladder.rungs(28, false), Family.LCN).stream().map(Rung::width).toList());
        assertEquals(List.of("book-mlp", "book-cnn"), family(Ladder.rungs(8, false), Family.BOOK).stream()
                .map(Rung::width).toList());
        assertTrue(family(Ladder.rungs(28, false), Family.BOOK).isEmpty());
        // Its parameters grow much faster than the cnn's: at 8/16 on 28x28, 290,114 against 9,098.
        assertTrue(Rung.of(Ladder.twoBlocks("local", 8)).parameters(28) > 30 * Rung.of(Ladder.twoBlocks("conv", 8))
                .parameters(28));
    }

    @Test
    void dl4jRunsThePresetRungsBesideTheReferenceAndEveryRungAlone() {
        for (int side : new int[] {8, 28}) {
            List<String> dl4j = Ladder.rungs(side, false).stream()
                    .filter(r -> Ladder.runs(Stack.DL4J, r, side, BOTH)).map(Rung::label).toList();
            assertEquals(side == 8 ? List.of("mlp 128", "cnn 8/16", "lcn 8/16", "book-mlp", "book-cnn")
                    : List.of("mlp 128", "cnn 8/16"), dl4j, side + "x" + side);
            assertTrue(Ladder.rungs(side, false).stream().allMatch(r -> Ladder.runs(Stack.REFERENCE, r, side, BOTH)));
            assertTrue(Ladder.rungs(side, false).stream()
                    .allMatch(r -> Ladder.runs(Stack.DL4J, r, side, List.of(Stack.DL4J))),
                    "dl4j alone runs every rung");
        }
    }

    @Test
    void everyRungRunsOnBothPixelOrdersOverFiveSeedsWithTheStudiesSettings() {
        Scale scale = Scale.of(BOTH, Loops.FAST, 5, false, false).only(List.of("mnist10k", "digits8", "fashion"));
        List<RunSpec> plan = Studies.of(Study.PARAMS).plan(scale);
        // per seed: 28x28 sets 9 mlp + 6 cnn + 4 lcn rungs on the reference, 2 on dl4j; digits8 9 + 6 + 6 + 2
        // on the reference, 5 on dl4j; each on both pixel orders
        assertEquals(5 * 2 * (2 * (19 + 2) + (23 + 5)), plan.size());
        Map<String, Long> perData = plan.stream().collect(Collectors.groupingBy(RunSpec::data, LinkedHashMap::new,
                Collectors.counting()));
        assertEquals(Map.of("mnist10k", 210L, "digits8", 280L, "fashion", 210L), perData);
        for (RunSpec s : plan) {
            assertEquals(Study.PARAMS, s.study());
            assertEquals(OptimizerKind.ADAM, s.optimizer());
            assertEquals(0.005, s.lr(), 0.0);
            assertEquals(32, s.batch());
            assertEquals(s.data().equals("digits8") ? 10 : 1, s.epochs());
            assertTrue(s.seed() >= 0 && s.seed() < 5);
            assertEquals(s.permuted() ? Long.valueOf(s.seed()) : null, s.permuteSeed(),
                    "each seed its own permutation");
            if (s.data().equals("fashion")) {
                assertEquals(7_500, s.trainSize(), "fashion trains on as many images as mnist10k has");
            } else {
                assertNull(s.trainSize());
            }
            assertEquals(Rung.of(s.arch()).family() == Family.BOOK ? Init.UNIFORM : Init.HE, s.resolvedInit());
        }
        // every rung both standard and permuted, on every seed: no cell is planned short
        Map<String, Long> cells = plan.stream().collect(Collectors.groupingBy(s -> s.data() + " " + s.arch() + " "
                + s.stack(), Collectors.counting()));
        assertTrue(cells.values().stream().allMatch(n -> n == 10), cells.toString());
    }

    @Test
    void quickIsAFewWidthsOnDigits8WithOneSeed() {
        Scale quick = Scale.of(BOTH, Loops.FAST, null, true, false);
        List<RunSpec> plan = Studies.of(Study.PARAMS).plan(quick);
        assertEquals(List.of("digits8"), plan.stream().map(RunSpec::data).distinct().toList());
        assertEquals(List.of(0L), plan.stream().map(RunSpec::seed).distinct().toList());
        assertEquals(List.of("mlp 8", "mlp 32", "mlp 128", "cnn 2/4", "cnn 8/16", "lcn 2/4", "lcn 8/16", "book-mlp",
                "book-cnn"), plan.stream().map(s -> Rung.of(s.arch()).label()).distinct().toList());
        assertEquals(2 * (9 + 5), plan.size());
        assertFalse(plan.stream().anyMatch(s -> s.stack() == Stack.DL4J && !Ladder.preset(Rung.of(s.arch()))));
    }
}
