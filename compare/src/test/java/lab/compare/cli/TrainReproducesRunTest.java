package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code lab train} with no settings but the cell's reproduces a cell of {@code lab run}'s report: the spec it
 * builds is the very spec the default run's plan holds, and a result is a function of its spec. No training:
 * the specs are compared, every field. {@code --protocol table} keeps the settings train had before.
 */
class TrainReproducesRunTest {

    /** The spec {@code lab <args>} would train, parsed as the command line parses it, nothing run. */
    static RunSpec trainSpec(String... args) {
        CommandLine.ParseResult parsed = Lab.commandLine().parseArgs(args);
        return ((TrainCommand) parsed.subcommand().commandSpec().userObject()).spec();
    }

    /** The default {@code lab run}'s plan. */
    static List<RunSpec> runPlan(String... args) {
        CommandLine.ParseResult parsed = Lab.commandLine().parseArgs(args);
        return ((RunCommand) parsed.subcommand().commandSpec().userObject()).setup().plan().jobs();
    }

    /** The plan's cell on the reference stack, found by its data set, model, seed and pixels alone. */
    static RunSpec cell(List<RunSpec> plan, String data, String arch, long seed, boolean permuted) {
        List<RunSpec> matches = plan.stream().filter(s -> s.stack() == Stack.REFERENCE && s.data().equals(data)
                && s.arch().equals(arch) && s.seed() == seed && s.permuted() == permuted).toList();
        assertEquals(1, matches.size(), "one cell: " + matches);
        return matches.get(0);
    }

    @Test
    void trainWithOnlyTheCellsDataArchAndSeedBuildsTheSpecLabRunsPlanHolds() {
        List<RunSpec> plan = runPlan("run");
        for (String data : List.of("mnist10k", "digits8")) {
            for (String arch : List.of("cnn", "mlp")) {
                for (long seed : new long[] {0, 5}) {
                    String s = Long.toString(seed);
                    assertEquals(cell(plan, data, arch, seed, false),
                            trainSpec("train", "--data", data, "--arch", arch, "--seed", s));
                    assertEquals(cell(plan, data, arch, seed, true),
                            trainSpec("train", "--data", data, "--arch", arch, "--seed", s, "--permute"));
                    assertEquals(cell(plan, data, arch, seed, true),
                            trainSpec("train", "--data", data, "--arch", arch, "--seed", s, "--permute", s));
                }
            }
        }
        // lab run --optdigits DIR adds the book's protocol on the UCI split: its cells too.
        List<RunSpec> withBook = runPlan("run", "--optdigits", "/x");
        for (String arch : List.of("book-cnn", "book-mlp")) {
            assertEquals(cell(withBook, "optdigits:/x", arch, 3, false),
                    trainSpec("train", "--data", "optdigits:/x", "--arch", arch, "--seed", "3"));
            assertEquals(cell(withBook, "optdigits:/x", arch, 3, true),
                    trainSpec("train", "--data", "optdigits:/x", "--arch", arch, "--seed", "3", "--permute"));
        }
        // The cells docs/experiment.md quotes: seed 0 on mnist10k; a seed-0 run, its permutation seed 0.
        RunSpec permuted = trainSpec("train", "--data", "mnist10k", "--arch", "cnn", "--seed", "0", "--permute");
        assertEquals(0L, permuted.permuteSeed());
        assertEquals(OptimizerKind.ADAM, permuted.optimizer());
        assertEquals(1, permuted.epochs());
    }

    @Test
    void theDefaultsAreTheRunProtocolsAndExplicitFlagsStillWin() {
        RunSpec plain = trainSpec("train");
        assertEquals(cell(runPlan("run"), "digits8", "cnn", 0, false), plain);
        assertEquals(plain, trainSpec("train", "--protocol", "run"));
        assertEquals(10, plain.epochs());
        assertEquals(5, trainSpec("train", "--data", "fashion").epochs(), "lab run's epochs for any other set");

        RunSpec mine = trainSpec("train", "--data", "mnist10k", "--optimizer", "sgd", "--lr", "0.05", "--epochs",
                "3", "--batch", "64", "--init", "xavier", "--arch", "mlp", "--permute", "9", "--seed", "2");
        assertEquals(cell(runPlan("run"), "mnist10k", "mlp", 2, false).toBuilder().optimizer(OptimizerKind.SGD)
                .lr(0.05).epochs(3).batch(64).init(InitChoice.XAVIER).permuteSeed(9L).build(), mine);
        RunSpec book = trainSpec("train", "--protocol", "table", "--optimizer", "adam", "--epochs", "2");
        assertEquals(OptimizerKind.ADAM, book.optimizer());
        assertEquals(0.1, book.lr());
        assertEquals(2, book.epochs());
    }

    /** What {@code lab train} trained before it reproduced lab run, written out, not computed. */
    private static RunSpec.Builder oldDefaults(String arch) {
        return RunSpec.builder().stack(Stack.REFERENCE).dtype(lab.compare.run.DType.DOUBLE).threads(1)
                .sharedInit(true).data("digits8").arch(arch).optimizer(OptimizerKind.SGD).lr(0.1).momentum(0.9)
                .epochs(20).batch(32).init(InitChoice.AUTO).seed(0).testFraction(0.25).splitSeed(0)
                .study(Study.CONTROL).maxShift(0).kernels(Loops.FAST);
    }

    @Test
    void protocolTableKeepsTrainsOldDefaultsAndBookTheChaptersAndTableItsOwn() {
        assertEquals(oldDefaults("book-cnn").build(), trainSpec("train", "--protocol", "table"));
        assertEquals(oldDefaults("book-cnn").permuteSeed(7L).scramble("blocks:2").build(),
                trainSpec("train", "--protocol", "table", "--permute", "7", "--scramble", "blocks:2"));
        assertEquals(oldDefaults("book-cnn").data("optdigits:/x").epochs(40).init(InitChoice.UNIFORM).build(),
                trainSpec("train", "--protocol", "book", "--data", "optdigits:/x"));

        // lab table: unchanged, its own defaults without --protocol (or with --protocol table, the name lab
        // train gives them) and the chapter's with --protocol book.
        for (String[] args : List.of(new String[] {"table"}, new String[] {"table", "--protocol", "table"})) {
            TableCommand table = (TableCommand) Lab.commandLine().parseArgs(args).subcommand().commandSpec()
                    .userObject();
            assertEquals(oldDefaults("book-mlp").seed(3).permuteSeed(3L).build(),
                    table.options.toSpec(table.settings(), "book-mlp", 3, 3L, null));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Protocol.parse("run", Protocol.TABLE, Protocol.TABLE, Protocol.BOOK));
        assertTrue(e.getMessage().contains("known: table, book"), e.getMessage());
    }

    @Test
    void permuteWithoutASeedTakesSeedsAndABadSeedIsOneLine() {
        assertEquals(4L, trainSpec("train", "--seed", "4", "--permute").permuteSeed());
        assertEquals(4L, trainSpec("train", "--permute", "--seed", "4").permuteSeed());
        assertEquals(null, trainSpec("train", "--seed", "4").permuteSeed());
        LabTest.assertOneLineError(LabTest.lab("train", "--permute", "x7"), "--permute takes a whole number");
        LabTest.assertOneLineError(LabTest.lab("train", "--scramble", "blocks:2"), "give --permute too");
    }
}
