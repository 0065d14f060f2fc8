package lab.compare.cli;

import java.util.function.Function;

import lab.compare.run.DType;
import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.Stack;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * picocli's converters for the settings' enums: each is the enum's own {@code parse} (any case, the
 * aliases nesterov and relu), so a flag reads a word exactly as a results file's reader does, and a wrong
 * word is the parse's one-line message ("unknown stack 'tf'; choose reference or dl4j") after picocli's
 * "Invalid value for option '--stack': ". Not picocli's own enum conversion, which knows no aliases and
 * lists the constants in capitals.
 */
final class Converters {

    private Converters() {
    }

    /**
     * A converter that is an enum's {@code parse}, its refusal turned into picocli's, so that it is reported
     * as a bad flag. picocli takes a converter as a class it instantiates, hence one small class per enum.
     */
    private abstract static class Parsed<T> implements ITypeConverter<T> {
        private final Function<String, T> parse;

        Parsed(Function<String, T> parse) {
            this.parse = parse;
        }

        @Override
        public T convert(String text) {
            try {
                return parse.apply(text);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }

    /** --stack, --stacks. */
    static final class ToStack extends Parsed<Stack> {
        ToStack() {
            super(Stack::parse);
        }
    }

    /** --kernels. */
    static final class ToLoops extends Parsed<Loops> {
        ToLoops() {
            super(Loops::parse);
        }
    }

    /** --dtype. */
    static final class ToDType extends Parsed<DType> {
        ToDType() {
            super(DType::parse);
        }
    }

    /** --optimizer. */
    static final class ToOptimizer extends Parsed<OptimizerKind> {
        ToOptimizer() {
            super(OptimizerKind::parse);
        }
    }

    /** --init. */
    static final class ToInit extends Parsed<InitChoice> {
        ToInit() {
            super(InitChoice::parse);
        }
    }

    /** --dl4j-init. */
    static final class ToDl4jInit extends Parsed<TrainingOptions.Dl4jInit> {
        ToDl4jInit() {
            super(TrainingOptions.Dl4jInit::parse);
        }
    }
}
