package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.compare.run.DType;
import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.reference.Architecture;
import lab.reference.Init;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Spelling forgiven where it can only mean one thing (a fixed word in any case, a preset's name in capitals),
 * and corrected where it cannot: an unknown option names the nearest real one of the same command, an
 * unknown architecture lists the presets. Nothing here trains; the sweep's dry runs time a one-epoch run.
 */
class SpellingTest {

    /** The spec {@code lab train ARGS} would run, parsed and checked as lab train does, nothing loaded. */
    private static RunSpec train(String... args) {
        CommandLine.ParseResult parsed = Lab.commandLine().parseArgs(with("train", args));
        return ((TrainCommand) parsed.subcommand().commandSpec().userObject()).spec();
    }

    /** The mixin of this type in the command {@code args} name, parsed only (mixins of mixins searched too). */
    private static <T> T mixin(Class<T> type, String... args) {
        CommandSpec command = Lab.commandLine().parseArgs(args).subcommand().commandSpec();
        return type.cast(find(type, command));
    }

    private static Object find(Class<?> type, CommandSpec spec) {
        for (CommandSpec m : spec.mixins().values()) {
            Object found = type.isInstance(m.userObject()) ? m.userObject() : find(type, m);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static String[] with(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    @Test
    void trainTakesEveryFixedWordInAnyCaseAsItsLowerCaseSpelling() {
        RunSpec upper = train("--stack", "DL4J", "--dtype", "FLOAT", "--optimizer", "ADAM", "--init", "Xavier",
                "--kernels", "NAIVE", "--dl4j-init", "OWN", "--arch", "CNN");
        RunSpec lower = train("--stack", "dl4j", "--dtype", "float", "--optimizer", "adam", "--init", "xavier",
                "--kernels", "naive", "--dl4j-init", "own", "--arch", "cnn");
        assertEquals(lower, upper);
        assertEquals(Stack.DL4J, upper.stack());
        assertEquals(DType.FLOAT, upper.dtype());
        assertEquals(OptimizerKind.ADAM, upper.optimizer());
        assertEquals(InitChoice.XAVIER, upper.init());
        assertEquals(Loops.NAIVE, upper.kernels());
        assertFalse(upper.sharedInit(), "--dl4j-init OWN is own");
        assertEquals("cnn", upper.arch(), "the spec records the preset's own name");
    }

    @Test
    void aPresetInCapitalsIsThatPresetWithItsOwnInit() {
        RunSpec book = train("--arch", "Book-CNN", "--protocol", "table");
        assertEquals(train("--arch", "book-cnn", "--protocol", "table"), book);
        assertEquals("book-cnn", book.arch());
        assertEquals(Init.UNIFORM, book.init().resolve(book.arch()), "auto is the book's uniform init");
        assertEquals("conv(4,k3)-dense(10)", ArchName.of("conv(4,k3)-dense(10)"), "a text form goes as given");
        assertEquals("mlp", ArchName.of(" MLP "));
    }

    @Test
    void theStacksAndEngineOfEveryPlanCommandTakeAnyCase() {
        for (String command : List.of("run", "locality", "params")) {
            assertEquals(List.of(Stack.REFERENCE, Stack.DL4J),
                    mixin(StacksOption.class, command, "--stacks", "Reference,DL4J").value(), command);
            assertEquals("spark", mixin(EngineOption.class, command, "--engine", "SPARK").name(), command);
            assertEquals(Loops.NAIVE, mixin(KernelsOption.class, command, "--kernels", "Naive").value(), command);
        }
        assertEquals("local", mixin(EngineOption.class, "sweep", "--engine", "Local").name());
        LabTest.assertOneLineError(LabTest.lab("sweep", "--engine", "LOCAL", "--master", "local[2]"),
                "--master is for --engine spark");
    }

    @Test
    void aSweepInCapitalsIsTheSameSweep() {
        String[] grid = {"--arch", "mlp", "--epochs", "1", "--seeds", "1", "--train-size", "50", "--dry-run"};
        LabTest.Outcome upper = LabTest.lab(with("sweep", with("--stacks", with("reference,DL4J", with("--optimizer",
                with("ADAM,Sgd", with("--engine", with("LOCAL", grid))))))));
        LabTest.Outcome lower = LabTest.lab(with("sweep", with("--stacks", with("reference,dl4j", with("--optimizer",
                with("adam,sgd", with("--engine", with("local", grid))))))));
        assertEquals(0, upper.code(), upper.err());
        assertEquals(0, lower.code(), lower.err());
        // The first line names the runs, the folder (a hash of the grid's values) and what varies.
        String first = lower.err().lines().findFirst().orElseThrow();
        assertTrue(first.contains("stack reference,dl4j") && first.contains("optimizer adam,sgd"), first);
        assertEquals(first, upper.err().lines().findFirst().orElseThrow());
    }

    @Test
    void anUnknownArchitectureListsThePresetsAndTheLayers() {
        for (String arch : List.of("cnnn", "CNN-GAPP")) {
            LabTest.Outcome o = LabTest.lab("train", "--arch", arch);
            LabTest.assertOneLineError(o, "unknown architecture '" + arch + "'; give a preset (");
            for (Architecture.Preset p : Architecture.presets()) {
                assertTrue(o.err().contains(p.name() + ",") || o.err().contains(p.name() + ")"), p.name() + ": "
                        + o.err());
            }
            assertTrue(o.err().contains("or layers (conv, local, dwconv, deconv, maxpool, avgpool, gap, upsample, "
                    + "batchnorm, dense, relu, tanh, sigmoid, leakyrelu, softmax, flatten)"), o.err());
        }
        // A text form keeps its own message, naming the layer that is wrong.
        LabTest.assertOneLineError(LabTest.lab("train", "--arch", "conv(4,k3)-cnn-dense(10)"),
                "layer 2 'cnn': unknown layer 'cnn'");
    }

    @Test
    void anUnknownOptionNamesTheNearestOptionOfThatCommand() {
        LabTest.Outcome o = LabTest.lab("sweep", "--stack", "dl4j");
        assertEquals(2, o.code());
        assertEquals(List.of("lab: error: Unknown option: '--stack' (did you mean --stacks?)",
                "(see: ./lab sweep --help)"), o.err().lines().toList());
        // lab train has --stack, not --stacks: the same word's nearest is that command's own.
        LabTest.assertOneLineError(LabTest.lab("train", "--stacks=dl4j"),
                "Unknown option: '--stacks=dl4j' (did you mean --stack?)");
        // Two edits away is still a typo.
        LabTest.assertOneLineError(LabTest.lab("sweep", "--epoc", "2"),
                "Unknown option: '--epoc' (did you mean --epochs?)");
        LabTest.assertOneLineError(LabTest.lab("sweep", "--sedes", "2", "--stcks", "dl4j"),
                "Unknown options: '--sedes' (did you mean --seeds?), '--stcks' (did you mean --stacks?)");
        LabTest.assertOneLineError(LabTest.lab("swep", "--arch", "mlp"),
                "Unknown command: 'swep' (did you mean sweep?)");
    }

    @Test
    void anUnrelatedWordGetsNoSuggestion() {
        for (String word : List.of("--banana", "--bar", "--strange")) {
            LabTest.Outcome o = LabTest.lab("sweep", word, "1");
            LabTest.assertOneLineError(o, "Unknown option: '" + word + "'");
            assertFalse(o.err().contains("did you mean"), o.err());
        }
        LabTest.Outcome o = LabTest.lab("frobnicate");
        LabTest.assertOneLineError(o, "Unknown command: 'frobnicate'");
        assertFalse(o.err().contains("did you mean"), o.err());
    }

    @Test
    void editsCountInsertionsDeletionsChangesAndSwapsIgnoringCase() {
        assertEquals(0, Nearest.edits("--Stacks", "--stacks"));
        assertEquals(1, Nearest.edits("--stack", "--stacks"));
        assertEquals(1, Nearest.edits("--stakcs", "--stacks"), "two neighbours swapped is one edit");
        assertEquals(1, Nearest.edits("--stackz", "--stacks"));
        assertEquals(2, Nearest.edits("--epoc", "--epochs"));
        assertEquals(List.of("--seed", "--seeds"), Nearest.to("--seedz", List.of("--seed", "--seeds", "--lr")));
        assertEquals(List.of(), Nearest.to("-x", List.of("-h", "-V")), "one letter is no word to correct");
    }
}
