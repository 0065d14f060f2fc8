package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lab.compare.run.RunSpec;
import lab.compare.run.SpecCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plan that cannot run is refused whole before anything happens: exit 2, one line naming its first bad spec
 * and what is wrong, no plan line before it, nothing written; a plan that can run is let through.
 */
class SpecCheckTest {

    @TempDir
    Path dir;

    /** {@code lab <args>} refused in its one line, with nothing printed before it and no folder made. */
    private void refused(String expected, String... args) {
        LabTest.Outcome o = LabTest.lab(args);
        LabTest.assertOneLineError(o, expected);
        assertTrue(o.err().lines().filter(l -> !l.startsWith("WARNING")).findFirst().orElse("")
                .startsWith("lab: error: "), "the error comes first, no plan line before it: " + o.err());
        assertTrue(o.out().isEmpty(), o.out());
        assertFalse(Files.exists(dir.resolve("out")), "nothing written");
    }

    @Test
    void aScrambleThatDoesNotFitTheSideIsRefusedBeforeThePlan() {
        refused("run 1 of 6 (sweep: mnist10k mlp reference permuted blocks:5 adam lr 0.005 batch 32 1 ep seed 0): "
                + "scramble blocks:5 cuts the image into 5 x 5 blocks, but 28 x 28 images do not divide into them",
                "sweep", "--data", "mnist10k", "--pixels", "permuted", "--scramble", "blocks:5",
                "--out", dir.resolve("out").toString());
    }

    @Test
    void aDataSetThatIsNotThereIsRefusedBeforeThePlan() {
        refused("run 1 of 6 (sweep: nosuch mlp reference standard adam lr 0.005 batch 32 1 ep seed 0): unknown "
                + "data set 'nosuch'", "sweep", "--data", "nosuch", "--out", dir.resolve("out").toString());
        refused("run 1 of 16 (nosuch mlp reference standard seed 0): unknown data set 'nosuch'",
                "run", "--quick", "--data", "nosuch", "--out", dir.resolve("out").toString());
        refused("(locality: nosuch mlp reference", "locality", "--quick", "--data", "nosuch",
                "--out", dir.resolve("out").toString());
    }

    @Test
    void aTrainingSetLargerThanTheImagesThereAreIsRefusedSayingHowManyThereAre() {
        refused("run 1 of 2 (sweep: mnist10k mlp reference standard adam lr 0.005 batch 32 1 ep 20000 images seed 0): "
                + "a training-set size of 20000, but mnist10k has 7498 training images",
                "sweep", "--data", "mnist10k", "--arch", "mlp", "--seeds", "1", "--train-size", "20000,7498",
                "--out", dir.resolve("out").toString());
        refused("a training-set size of 1347, but digits8 has 1346 training images",
                "train", "--data", "digits8", "--train-size", "1347", "--json", dir.resolve("out").toString());
    }

    @Test
    void anArchitectureThatDoesNotFitTheImagesIsRefusedNamingItsRun() {
        refused("run 2 of 2 (sweep: digits8 conv(4,k9)-dense(10) reference standard adam lr 0.005 batch 32 10 ep "
                + "seed 0): architecture 'conv(4,k9)-dense(10)' on input 1x8x8", "sweep", "--arch",
                "mlp,conv(4,k9)-dense(10)", "--seeds", "1", "--out", dir.resolve("out").toString());
    }

    @Test
    void trainsHeaderSaysTheTrainingImagesItUses() {
        LabTest.Outcome o = LabTest.lab("train", "--data", "digits8", "--arch", "mlp", "--train-size", "3",
                "--epochs", "1");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains(", 3 train / 451 test images"), o.err());
    }

    @Test
    void everyPlanTheLabShipsPassesTheCheck() {
        // lab run --full plans the control and every study on their default data sets.
        List<RunSpec> plan = TrainReproducesRunTest.runPlan("run", "--full");
        assertTrue(plan.size() > 1000, "the whole plan: " + plan.size());
        SpecCheck.plan(plan, lab.compare.run.Label.RUN::of);
    }
}
