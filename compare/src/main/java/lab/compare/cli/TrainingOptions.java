package lab.compare.cli;

import java.util.function.Consumer;

import lab.compare.run.DType;
import lab.compare.run.InitChoice;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.study.Block;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The settings every training command shares. Each is null until given, so a {@link Protocol} can fill
 * what the user left out and the user can still override any single setting. Each command has its own
 * --protocol: which protocols it knows and which one it uses without one differ.
 */
final class TrainingOptions {

    @Option(names = "--data", paramLabel = "SET", description = "Data set: digits8 (embedded 1,797 8x8 digits), "
            + "mnist10k (embedded 10,000 28x28 MNIST digits), optdigits:DIR (UCI optdigits.tra/.tes: the book's "
            + "split), idx:DIR (MNIST-style IDX files), fashion (Debian's dataset-fashion-mnist). Default: digits8.")
    String data;

    @Option(names = "--epochs", paramLabel = "N", description = "Passes over the training set. "
            + "Default: the protocol's.")
    Integer epochs;

    @Option(names = "--lr", paramLabel = "RATE", description = "Learning rate. Default: the protocol's. Too large "
            + "a rate diverges: a run stops at once (exit 3, on either stack, in the same step) when a step's loss or a "
            + "gradient is not a finite number, or its mean loss exceeds 10 ln K (23.03 for K = 10 classes): training "
            + "starts near ln K, the loss of uniform guessing, and 10 ln K means the true classes get on average a "
            + "probability below K^-10.")
    Double lr;

    @Option(names = "--batch", paramLabel = "N", description = "Minibatch size (the last, partial batch is kept). "
            + "Default: the protocol's (32 in every one).")
    Integer batch;

    @Option(names = "--optimizer", paramLabel = "NAME", converter = Converters.ToOptimizer.class,
            description = "sgd, nesterovs or adam (DL4J's formulas). Default: the protocol's.")
    OptimizerKind optimizer;

    @Option(names = "--momentum", paramLabel = "MU", description = "Momentum for nesterovs. Default: 0.9.")
    Double momentum;

    @Option(names = "--init", paramLabel = "NAME", converter = Converters.ToInit.class, description = "Weight init: "
            + "uniform (+-1/sqrt(fan-in), the book's), xavier, he, or auto: uniform for book-* presets, he otherwise. "
            + "Default: the protocol's.")
    InitChoice init;

    @Option(names = "--test-fraction", paramLabel = "F", description = "For sets without their own split: "
            + "share of each class held out for testing. Default: 0.25.")
    Double testFraction;

    @Option(names = "--split-seed", paramLabel = "S", description = "For sets without their own split: "
            + "which examples are held out. Default: 0.")
    Long splitSeed;

    @Option(names = "--stack", paramLabel = "NAME", converter = Converters.ToStack.class, description = "Which "
            + "implementation trains: reference (the hand-written stack) or dl4j (Deeplearning4j on ND4J's native "
            + "CPU backend). Default: reference.")
    Stack stack;

    @Option(names = "--dtype", paramLabel = "TYPE", converter = Converters.ToDType.class, description = "double or "
            + "float, on either stack: DL4J's float network, or the reference's fast path in float lanes (its master "
            + "weights stay double; --kernels naive is double only). Default: double.")
    DType dtype;

    @Option(names = "--threads", paramLabel = "N", description = "Threads for the training: ND4J's OpenMP and BLAS "
            + "threads for --stack dl4j, or the threads each layer of the reference's fast path splits its work over "
            + "(the same numbers to the last bit on any count). Default: 1 (see BENCHMARKS.md for what 2 does on a "
            + "2-core machine).")
    Integer threads;

    @Option(names = "--dl4j-init", paramLabel = "FROM", converter = Converters.ToDl4jInit.class,
            description = "Initial weights for --stack dl4j: reference (the reference stack's for the same seed, so both stacks start "
            + "alike) or own (DL4J's initialiser). Default: reference.")
    Dl4jInit dl4jInit;

    @Option(names = "--scramble", paramLabel = "RULE", description = "How --permute scrambles: full (every pixel "
            + "anywhere), blocks:K (whole KxK blocks change places), within:K (pixels move only inside their KxK "
            + "block), fraction:P (a random share P of the pixels change places). Default: full.")
    String scramble;

    @Option(names = "--train-size", paramLabel = "N", description = "Train on only N training images (spread over "
            + "the classes, chosen by the seed); the test set stays whole. Default: all.")
    Integer trainSize;

    @Option(names = "--shift-test", paramLabel = "S", description = "Also test on the test images shifted by 1..S "
            + "pixels (zero fill; mean over up, down, left, right). Default: 0 (no shift test).")
    Integer shiftTest;

    @Mixin
    KernelsOption kernels = new KernelsOption();

    /** --dl4j-init: where DL4J's initial weights come from. */
    enum Dl4jInit {
        /** The reference stack's for the same seed: both stacks start alike. */
        REFERENCE,
        /** DL4J's own initialiser. */
        OWN;

        /** The word in any case, as the settings' enums read theirs. */
        static Dl4jInit parse(String text) {
            for (Dl4jInit d : values()) {
                if (d.name().equalsIgnoreCase(text.trim())) {
                    return d;
                }
            }
            throw new IllegalArgumentException("unknown --dl4j-init '" + text + "'; choose reference or own");
        }
    }

    /**
     * The settings: those given, then the protocol's for the data set (as {@code lab run} plans a block's
     * job), then {@link RunSpec#builder}'s defaults, the only ones. The spec of the settings given is built
     * first, for its data set (the builder's when none is given), on which the protocol's settings depend.
     */
    RunSpec toSpec(Protocol protocol, String arch, long seed, Long permuteSeed, String permutationFile) {
        RunSpec.Builder given = RunSpec.builder().arch(ArchName.of(arch != null ? arch : protocol.arch)).seed(seed)
                .kernels(kernels.value()).permuteSeed(permuteSeed).permutationFile(permutationFile)
                .scramble(permuteSeed == null ? null : scramble).trainSize(trainSize);
        ifGiven(data, given::data);
        ifGiven(stack, given::stack);
        ifGiven(dtype, given::dtype);
        ifGiven(threads, given::threads);
        ifGiven(dl4jInit, d -> given.sharedInit(d == Dl4jInit.REFERENCE));
        ifGiven(momentum, given::momentum);
        ifGiven(testFraction, given::testFraction);
        ifGiven(splitSeed, given::splitSeed);
        ifGiven(shiftTest, given::maxShift);
        RunSpec spec = given.build();
        Block p = protocol.block(spec.data());
        return spec.toBuilder().optimizer(optimizer != null ? optimizer : p.optimizer())
                .lr(lr != null ? lr : p.lr()).batch(batch != null ? batch : p.batch())
                .epochs(epochs != null ? epochs : p.epochs()).init(init != null ? init : p.init()).build();
    }

    /** Hands {@code value} to {@code set} if the option was given; the builder keeps its own otherwise. */
    private static <T> void ifGiven(T value, Consumer<T> set) {
        if (value != null) {
            set.accept(value);
        }
    }
}
