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

    /** {@code parse} applied, its refusal turned into picocli's, so that it is reported as a bad flag. */
    private static <T> T parsed(Function<String, T> parse, String text) {
        try {
            return parse.apply(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }

    /** --stack, --stacks. */
    static final class ToStack implements ITypeConverter<Stack> {
        @Override
        public Stack convert(String text) {
            return parsed(Stack::parse, text);
        }
    }

    /** --kernels. */
    static final class ToLoops implements ITypeConverter<Loops> {
        @Override
        public Loops convert(String text) {
            return parsed(Loops::parse, text);
        }
    }

    /** --dtype. */
    static final class ToDType implements ITypeConverter<DType> {
        @Override
        public DType convert(String text) {
            return parsed(DType::parse, text);
        }
    }

    /** --optimizer. */
    static final class ToOptimizer implements ITypeConverter<OptimizerKind> {
        @Override
        public OptimizerKind convert(String text) {
            return parsed(OptimizerKind::parse, text);
        }
    }

    /** --init. */
    static final class ToInit implements ITypeConverter<InitChoice> {
        @Override
        public InitChoice convert(String text) {
            return parsed(InitChoice::parse, text);
        }
    }

    /** --dl4j-init. */
    static final class ToDl4jInit implements ITypeConverter<TrainingOptions.Dl4jInit> {
        @Override
        public TrainingOptions.Dl4jInit convert(String text) {
            return parsed(TrainingOptions.Dl4jInit::parse, text);
        }
    }
}
