package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static lab.compare.cli.TrainReproducesRunTest.trainSpec;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import lab.compare.run.DType;
import lab.compare.run.InitChoice;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import org.junit.jupiter.api.Test;

/**
 * The training options are typed: each word read by its enum's own parse (aliases included) while the
 * command line is parsed, a wrong one refused in one line naming the option, and an option not given
 * leaving RunSpec's builder its own default (the protocol's where the protocol has one). Nothing trains.
 */
class TypedOptionsTest {

    @Test
    void optionsNotGivenLeaveTheBuildersDefaults() {
        // lab table's protocol is the builder's own settings (SGD, lr 0.1, batch 32, 20 epochs, auto init), so
        // with nothing else given the spec is the builder's, field by field.
        assertEquals(RunSpec.builder().arch("cnn").build(), trainSpec("train", "--protocol", "table", "--arch", "cnn"));
        RunSpec given = trainSpec("train", "--protocol", "table", "--arch", "cnn", "--stack", "dl4j", "--dtype",
                "float", "--threads", "2", "--dl4j-init", "own", "--momentum", "0.5", "--test-fraction", "0.2",
                "--split-seed", "3", "--shift-test", "2", "--data", "mnist10k");
        assertEquals(RunSpec.builder().arch("cnn").stack(Stack.DL4J).dtype(DType.FLOAT).threads(2).sharedInit(false)
                .momentum(0.5).testFraction(0.2).splitSeed(3).maxShift(2).data("mnist10k").build(), given);
    }

    @Test
    void theProtocolFillsOnlyWhatIsNotGiven() {
        RunSpec spec = trainSpec("train", "--arch", "mlp", "--data", "digits8", "--lr", "0.01", "--init", "xavier");
        assertEquals(OptimizerKind.ADAM, spec.optimizer(), "lab run's");
        assertEquals(10, spec.epochs(), "lab run's for digits8");
        assertEquals(0.01, spec.lr(), 0.0, "given");
        assertEquals(InitChoice.XAVIER, spec.init(), "given");
    }

    @Test
    void theEnumsAliasesReadAsTheirParseReadsThem() {
        RunSpec spec = trainSpec("train", "--optimizer", "Nesterov", "--init", " ReLU ");
        assertEquals(OptimizerKind.NESTEROVS, spec.optimizer());
        assertEquals(InitChoice.HE, spec.init());
    }

    @Test
    void aWrongWordIsOneLineNamingTheOptionAndTheChoices() {
        assertOneLineError(lab("train", "--stack", "tf"),
                "Invalid value for option '--stack': unknown stack 'tf'; choose reference or dl4j");
        assertOneLineError(lab("train", "--dtype", "half"),
                "Invalid value for option '--dtype': unknown dtype 'half'; choose double or float");
        assertOneLineError(lab("train", "--optimizer", "rmsprop"),
                "Invalid value for option '--optimizer': unknown optimizer 'rmsprop'; choose sgd, nesterovs or adam");
        assertOneLineError(lab("train", "--init", "zeros"),
                "Invalid value for option '--init': unknown init 'zeros'; choose auto, uniform, xavier or he");
        assertOneLineError(lab("train", "--dl4j-init", "mine"),
                "Invalid value for option '--dl4j-init': unknown --dl4j-init 'mine'; choose reference or own");
        assertOneLineError(lab("train", "--kernels", "slow"),
                "Invalid value for option '--kernels': unknown kernels 'slow'; choose naive or fast");
        assertOneLineError(lab("run", "--quick", "--stacks", "reference,tf"),
                "Invalid value for option '--stacks' (STACK): unknown stack 'tf'; choose reference or dl4j");
        assertOneLineError(lab("agree", "--dtype", "half"),
                "Invalid value for option '--dtype': unknown dtype 'half'; choose double or float");
    }

    @Test
    void theStacksAreReadInTheOrderGiven() {
        assertEquals(List.of(Stack.DL4J, Stack.REFERENCE),
                ((RunCommand) Lab.commandLine().parseArgs("run", "--stacks", "dl4j,Reference").subcommand()
                        .commandSpec().userObject()).stacksOption.value());
    }
}
