package lab.compare.cli;

import java.util.List;

import lab.compare.run.Stack;
import picocli.CommandLine.Option;

/** --stacks, for the commands that run a plan on several stacks. */
final class StacksOption {

    @Option(names = "--stacks", paramLabel = "STACK", split = ",", converter = Converters.ToStack.class,
            description = "Stacks, comma-separated. Default: reference,dl4j.")
    List<Stack> stacks = List.of(Stack.REFERENCE, Stack.DL4J);

    List<Stack> value() {
        return stacks;
    }
}
