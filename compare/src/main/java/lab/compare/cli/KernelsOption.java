package lab.compare.cli;

import lab.compare.run.Loops;
import picocli.CommandLine.Option;

/** --kernels: the reference's naive loops (the spec, as in the textbook) or its fast path. */
final class KernelsOption {

    @Option(names = "--kernels", paramLabel = "naive|fast", converter = Converters.ToLoops.class,
            description = "The loops the reference stack trains "
            + "on: naive (the spec's own loops, the textbook code; one thread, several times slower) or fast "
            + "(im2col + GEMM beside them, tested equal to the naive loops within 1e-12: accuracies can differ only "
            + "by rounding). DL4J's runs start from the same weights either way. Default: fast.")
    Loops kernels = Loops.FAST;

    Loops value() {
        return kernels;
    }
}
