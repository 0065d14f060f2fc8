package lab.compare.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Runner;
import lab.compare.run.Stack;
import lab.data.Split;
import lab.reference.Architecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab train}: one training run, with progress, a final line, and optionally its JSON result. */
@Command(name = "train", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Train one network once and report its test accuracy.",
        description = {
            "",
            "Example: the book's CNN on the embedded 8x8 digits, then on the same digits with every image's",
            "pixels scrambled by one fixed permutation (seed 7):",
            "  ./lab train --arch book-cnn --epochs 40",
            "  ./lab train --arch book-cnn --epochs 40 --permute 7",
            "Half-way scrambles, translation and small training sets:",
            "  ./lab train --data mnist10k --arch cnn --optimizer adam --lr 0.005 --epochs 1 --permute 7 --scramble blocks:7",
            "  ./lab train --data mnist10k --arch cnn-gap --optimizer adam --lr 0.005 --epochs 1 --shift-test 4",
            "  ./lab train --data mnist10k --arch cnn --optimizer adam --lr 0.005 --epochs 30 --train-size 300",
            ""},
        footer = {"", "Architectures: a preset (book-mlp, book-cnn, mlp, cnn, lcn, cnn-gap) or layers such as",
            "  conv(8,k3,p1)-relu-maxpool(2)-dense(10)   (conv(F,kKH[xKW],sSH[xSW],pPH[xPW]), local(...) the same",
            "  without weight sharing, maxpool(K), avgpool(K), gap (global average), dense(U), relu, tanh, flatten;",
            "  the last layer is dense(classes))."})
final class TrainCommand implements Callable<Integer> {

    @Option(names = "--arch", paramLabel = "ARCH", description = "Preset or architecture text. Default: book-cnn.")
    String arch = "book-cnn";

    @Option(names = "--seed", paramLabel = "S", description = "Seed for the initial weights and the batch order. "
            + "Default: 0.")
    long seed;

    @Option(names = "--permute", paramLabel = "SEED", description = "Scramble every image's pixels by the one "
            + "permutation drawn from SEED (the same for train and test).")
    Long permute;

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

    @Override
    public Integer call() {
        if (options.scramble != null && permute == null) {
            throw new IllegalArgumentException("--scramble " + options.scramble + " says how to scramble; give "
                    + "--permute SEED too, the seed its permutation is drawn from");
        }
        RunSpec spec = options.toSpec(arch, seed, permute,
                permutationFile == null ? null : permutationFile.toString());
        if (spec.stack() == Stack.DL4J) {
            String problem = lab.dl4j.Nd4jThreads.environmentProblem(spec.threads(), System.getenv());
            if (problem != null) {
                Lab.err().println("lab: warning: " + problem);
            }
        }
        Split split = Runner.load(spec);
        Architecture.of(spec.arch()).layers(split.train().shape()); // refuse a misfit before training starts
        Lab.err().printf("%s on %s (%s), %s, %d train / %d test images%s%n", spec.arch(), spec.data(),
                split.train().shape(), spec.optimizer(), split.train().size(), split.test().size(),
                spec.permuted() ? ", pixels scrambled (" + spec.scrambleRule() + ")" : "");
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
                spec.permuted() ? "permuted" : "standard", 100 * result.testAccuracy(),
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
}
