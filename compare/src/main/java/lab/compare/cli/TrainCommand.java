package lab.compare.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import lab.compare.run.DType;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Runner;
import lab.compare.run.SpecCheck;
import lab.compare.run.Splits;
import lab.compare.run.Stack;
import lab.data.Split;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab train}: one training run, with progress, a final line, and optionally its JSON result. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Train one network once and report its test accuracy (by default, as a cell of lab run).",
        description = {
            "",
            "Without --protocol it trains a cell of lab run's report, to the last digit: with --data, --arch and",
            "--seed of the cell, and --permute (its seed is --seed's, as lab run pairs them) for a permuted one.",
            "  ./lab train --data mnist10k --arch cnn --seed 0",
            "  ./lab train --data mnist10k --arch cnn --seed 0 --permute",
            "The book's CNN and optimizer (plain SGD, lr 0.1) on the embedded 8x8 digits, standard and permuted:",
            "  ./lab train --protocol table --epochs 40",
            "  ./lab train --protocol table --epochs 40 --permute 7",
            "Half-way scrambles, translation and small training sets:",
            "  ./lab train --data mnist10k --permute 7 --scramble blocks:7",
            "  ./lab train --data mnist10k --arch cnn-gap --shift-test 4",
            "  ./lab train --data mnist10k --epochs 30 --train-size 300",
            "Float32 on either stack (the reference's fast path in float lanes, its master weights in double):",
            "  ./lab train --data mnist10k --arch cnn --dtype float --threads 2",
            ""},
        footer = {"", "Architectures: a preset (book-mlp, book-cnn, mlp, cnn, lcn, cnn-gap) or layers such as",
            "  conv(8,k3,p1)-relu-maxpool(2)-dense(10)   (conv(F,kKH[xKW],sSH[xSW],pPH[xPW],dDH[xDW],same,nobias),",
            "  local(...) the same without weight sharing, dwconv(M,...) depthwise, deconv(F,...) transposed,",
            "  maxpool(K), maxpool(kK,sS,pP), avgpool(...), gap (global average), upsample(K), batchnorm,",
            "  dense(U[,nobias]), relu, tanh, sigmoid, leakyrelu(A), softmax, flatten; the last layer is",
            "  dense(classes); the whole grammar: docs/code.md)."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--arch", paramLabel = "ARCH", description = "Preset or architecture text. Default: the "
            + "protocol's (cnn; book-cnn for table and book).")
    String arch;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for the initial weights and the batch order. "
            + "Default: 0.")
    long seed;

    @Option(names = "--permute", paramLabel = "SEED", arity = "0..1", fallbackValue = SEED_OF_RUN,
            description = "Scramble every image's pixels by the one permutation drawn from SEED (the same for "
            + "train and test). Without SEED: --seed's, as in lab run's permuted cells.")
    String permute;

    /** What --permute holds when given without a seed. */
    private static final String SEED_OF_RUN = "";

    @Option(names = "--protocol", paramLabel = "NAME", description = "Named settings for what is not given "
            + "(options given win): run = lab run's cells (Adam, lr 0.005, batch 32, init auto; digits8 10 epochs, "
            + "mnist10k 1, other sets 5; cnn); table = lab table's (plain SGD, lr 0.1, batch 32, 20 epochs, init "
            + "auto; book-cnn); book = the chapter's (plain SGD, lr 0.1, batch 32, 40 epochs, uniform init; "
            + "book-cnn; needs --data optdigits:DIR). Default: run.")
    String protocol;

    @Option(names = "--permutation-file", paramLabel = "FILE", description = "Scramble by an explicit "
            + "permutation instead: H*W 0-based pixel indices, output pixel j taken from input pixel FILE[j].")
    Path permutationFile;

    @Option(names = "--json", paramLabel = "FILE", description = "Append the result (every setting, the "
            + "permutation, accuracy, time, per-epoch history) to FILE as one JSON line.")
    Path json;

    @Mixin
    TrainingOptions options;

    @Mixin
    Verbosity verbosity;

    /**
     * The run the options ask for, built and checked, nothing loaded. Without --protocol it is the spec
     * {@code lab run}'s plan holds for the same data set, model, seed and pixels (on the reference stack).
     */
    RunSpec spec() {
        Long permuteSeed = permuteSeed();
        if (options.scramble != null && permuteSeed == null) {
            throw new IllegalArgumentException("--scramble " + options.scramble + " says how to scramble; give "
                    + "--permute too (with the seed its permutation is drawn from, or none for --seed's)");
        }
        return options.toSpec(Protocol.parse(protocol, Protocol.RUN, Protocol.values()), arch, seed, permuteSeed,
                permutationFile == null ? null : permutationFile.toString());
    }

    /** --permute's seed: as given, --seed's if given without one, null if not given. */
    private Long permuteSeed() {
        if (permute == null) {
            return null;
        }
        if (permute.equals(SEED_OF_RUN)) {
            return seed;
        }
        try {
            return Long.parseLong(permute.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--permute takes a whole number (the permutation's seed) or nothing "
                    + "(--seed's), got '" + permute + "'");
        }
    }

    @Override
    public Integer call() {
        RunSpec spec = spec();
        if (spec.stack() == Stack.DL4J) {
            String problem = lab.dl4j.Nd4jThreads.environmentProblem(spec.threads(), System.getenv());
            if (problem != null) {
                Lab.err().println("lab: warning: " + problem);
            }
        }
        Split split = Runner.load(spec);
        // Checked here, before anything is printed or trained, so that a misfit, a bad permutation file or a
        // training-set size above the images there are is refused in one line.
        SpecCheck.check(spec, split);
        List<Layer> layers = spec.architecture().layers(split.train().shape());
        Lab.err().printf("%s on %s (%s), %s lr %s, batch %d, %d epoch(s), %d train / %d test images%s%s%n", spec.arch(),
                spec.data(), split.train().shape(), spec.optimizer(), spec.lr(), spec.batch(), spec.epochs(),
                Splits.trainImages(spec, split), split.test().size(),
                spec.permuted() ? ", pixels scrambled (" + spec.scrambleRule() + ")" : "",
                spec.dtype() == DType.FLOAT ? ", in float32 on " + spec.stack() : ""); // double, the default, unsaid
        Lab.err().print(layerTable(split.train().shape(), layers));
        RunResult result = Runner.run(spec, split,
                new Progress(Lab.err(), Lab.interactive(), true, spec.epochs(), spec.arch()));
        if (json != null) {
            ResultsFile.append(json, result);
        }
        if (!result.completed()) {
            Lab.err().println("lab: training diverged: " + result.error()
                    + (json != null ? " (recorded in " + json + ")" : "") + ". Try a smaller learning rate, e.g. --lr "
                    + java.math.BigDecimal.valueOf(spec.lr() / 10).stripTrailingZeros().toPlainString());
            return 3;
        }
        Lab.out().printf("%s %s: test accuracy %.2f%% (%d/%d), %,d parameters, %.1f s%n", spec.arch(),
                spec.pixels(), 100 * result.testAccuracy(),
                Math.round(result.testAccuracy() * result.testSize()), result.testSize(), result.parameters(),
                result.seconds());
        if (spec.permuted()) {
            Lab.out().printf("locality kept: %.3f of neighbouring pixel pairs are still neighbours%n",
                    result.locality());
        }
        if (result.shiftAccuracy() != null) {
            for (int s = 1; s < result.shiftAccuracy().length; s++) {
                Lab.out().printf("test shifted by %d pixel%s: %.2f%%%n", s, s == 1 ? "" : "s",
                        100 * result.shiftAccuracy()[s]);
            }
        }
        return 0;
    }

    /** The layers, each with its output shape and parameter count, and the total: a few lines for the console. */
    static String layerTable(Shape in, List<Layer> layers) {
        StringBuilder sb = new StringBuilder(String.format("  %-16s %-10s %10s%n", "layer", "output", "parameters"));
        sb.append(String.format("  %-16s %s%n", "input", in));
        long total = 0;
        for (Layer layer : layers) {
            long n = layer.params().stream().mapToLong(Param::size).sum();
            total += n;
            sb.append(String.format("  %-16s %-10s %,10d%n", layer.describe(), layer.outputShape(), n));
        }
        return sb.append(String.format("  %-16s %-10s %,10d%n", "total", "", total)).toString();
    }
}
