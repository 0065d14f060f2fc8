package lab.compare.agree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import lab.compare.run.OptimizerKind;
import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Lockstep in float: the reference's float path and DL4J in float part by no more than the bound, a multiple
 * of how far DL4J's own float rounding moves the run from the reference's double one; the verdict is the
 * median seed's, so one seed's turned decision does not fail it and an error that moves every seed does; and
 * the check can fail: a learning rate one part in ten thousand off on the reference's float side alone takes
 * every line past it.
 */
class FloatLockstepTest {

    private static final Split DIGITS = DataSource.load("digits8", 0.25, 0);

    private static Lockstep.FloatResult lockstep(String preset, OptimizerKind optimizer, double lr, int steps) {
        Network ref = Network.create(Architecture.of(preset), DIGITS.train().shape(), Init.HE, 1);
        return Lockstep.runFloat(ref, DIGITS.train(), DIGITS.test(), optimizer, lr, 0.9, steps, 32, 2);
    }

    @Test
    void floatStacksStayWithinTheBoundOverAShortLockstep() {
        for (String preset : List.of("book-cnn", "cnn")) {
            for (OptimizerKind optimizer : OptimizerKind.values()) {
                double lr = optimizer == OptimizerKind.SGD ? 0.1 : optimizer == OptimizerKind.NESTEROVS ? 0.05 : 0.005;
                Lockstep.FloatResult r = lockstep(preset, optimizer, lr, 60);
                String line = String.format("%s %s: float stacks part by %s; from double: reference %s, dl4j %s; "
                        + "%d of %d test predictions differ", preset, optimizer, r.stacks(), r.referenceRounding(),
                        r.dl4jRounding(), r.differingPredictions(), r.testSize());
                System.out.println(line);
                // Each float side really rounds in float: well above double's rounding, well below a wrong step's.
                assertTrue(r.referenceRounding().diff() > 1e-9 && r.referenceRounding().diff() < 1e-4, line);
                assertTrue(r.dl4jRounding().diff() > 1e-9 && r.dl4jRounding().diff() < 1e-4, line);
                assertTrue(AgreeSuite.ratio(r) <= AgreeSuite.FLOAT_DRIFT_MULTIPLE, line);
                assertEquals(60, r.steps());
            }
        }
    }

    /** The median decides: one seed far out (a turned ReLU) passes, two do not, and a NaN never does. */
    @Test
    void theMedianSeedDecides() {
        assertTrue(AgreeSuite.withinBound(List.of(run(1.0), run(155), run(1.2))));
        assertFalse(AgreeSuite.withinBound(List.of(run(1_200), run(155), run(1.2))));
        assertFalse(AgreeSuite.withinBound(List.of(run(1_200), run(1_300), run(195_000))));
        assertFalse(AgreeSuite.withinBound(List.of(run(1.0), run(Double.NaN), run(1.2))));
        assertEquals(1.2, AgreeSuite.median(List.of(run(1.0), run(155), run(1.2))), 1e-12);
    }

    /** A result whose float stacks parted by {@code ratio} times DL4J's drift of 1e-6. */
    private static Lockstep.FloatResult run(double ratio) {
        Lockstep.Worst dl4j = new Lockstep.Worst(1e-6, 1, "0_W[0]");
        return new Lockstep.FloatResult(200, new Lockstep.Worst(ratio * 1e-6, 1, "0_W[0]"),
                new Lockstep.Worst(1e-7, 1, "0_W[0]"), dl4j, 0, 451);
    }

    @Test
    void aLearningRateOnePartInTenThousandOffOnTheFloatSideIsCaught() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Lockstep.floatFault = lr -> lr * 1.0001;
        int disagreements;
        try {
            disagreements = AgreeSuite.run(new AgreeSuite.Plan(List.of("book-cnn"), 0, DataType.FLOAT, 60, 0, null),
                    new PrintStream(out, true, StandardCharsets.UTF_8));
        } finally {
            Lockstep.floatFault = null;
        }
        String said = out.toString(StandardCharsets.UTF_8);
        List<String> lockstep = said.lines().filter(l -> l.contains("float stacks part by")).toList();
        assertEquals(6, lockstep.size(), said);
        assertTrue(lockstep.stream().allMatch(l -> l.endsWith("  DISAGREE")), said);
        assertEquals(6, disagreements, "the per-tensor cases agree; every lockstep line parted: " + said);
        assertFalse(said.contains("the stacks agree"), said);
    }
}
