package lab.compare.run;

import java.util.Locale;

import lab.data.Scramble;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Optimizer;

/**
 * Everything that defines one training run: settings in, one {@link RunResult} out. Nothing else
 * (no global state, no environment) changes what a run computes, so a sweep can send these to any
 * machine. Serialised verbatim into every result.
 *
 * @param stack           which implementation trains: "reference" (hand-written) or "dl4j"
 * @param dtype           "double" or "float" (float only on dl4j; the reference computes in double)
 * @param threads         threads for one training: ND4J's OpenMP and BLAS threads (dl4j), or how many
 *                        parts each batch is split into on the reference's fast path
 * @param sharedInit      dl4j starts from the reference's initial weights for this seed, not DL4J's own
 * @param data            a data set name (see {@link lab.data.DataSource})
 * @param arch            a preset name or an architecture's text form
 * @param optimizer       sgd, nesterovs or adam
 * @param init            uniform, xavier, he, or auto (uniform for the book's presets, he otherwise)
 * @param seed            initial weights and batch order
 * @param permuteSeed     if not null, pixels are scrambled by the permutation drawn from this seed
 * @param permutationFile if not null, pixels are scrambled by the permutation in this file instead
 * @param testFraction    for sets without their own split: the share of each class held out
 * @param splitSeed       for sets without their own split: which examples are held out
 * @param study           which study planned the run (control, locality, sharing, translation, samples): a
 *                        label for the report that changes nothing computed; null becomes control
 * @param scramble        with a permutation seed, the rule its permutation is drawn by ({@link Scramble}:
 *                        full, blocks:K, within:K, fraction:P); null is full
 * @param trainSize       if not null, train on only this many training images, chosen by the seed
 * @param maxShift        if above 0, also test on copies of the test set shifted by 1..maxShift pixels
 */
public record RunSpec(String stack, String dtype, int threads, boolean sharedInit, String data, String arch,
                      String optimizer, double lr, double momentum, int epochs, int batch, String init, long seed,
                      Long permuteSeed, String permutationFile, double testFraction, long splitSeed,
                      String study, String scramble, Integer trainSize, int maxShift) {

    public RunSpec {
        study = study == null ? "control" : study; // results written before studies existed were all control
        if (!stack.equals("reference") && !stack.equals("dl4j")) {
            throw new IllegalArgumentException("unknown stack '" + stack + "'; choose reference or dl4j");
        }
        if (!dtype.equals("double") && !dtype.equals("float")) {
            throw new IllegalArgumentException("unknown dtype '" + dtype + "'; choose double or float");
        }
        if (stack.equals("reference") && dtype.equals("float")) {
            throw new IllegalArgumentException("the reference stack computes in double only; float is for --stack dl4j");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (!(lr > 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException("learning rate must be a positive number, got " + lr);
        }
        if (epochs < 1 || batch < 1) {
            throw new IllegalArgumentException("epochs and batch size must be at least 1, got " + epochs + " and "
                    + batch);
        }
        if (permuteSeed != null && permutationFile != null) {
            throw new IllegalArgumentException("give a permutation seed or a permutation file, not both");
        }
        if (scramble != null) {
            if (permuteSeed == null) {
                throw new IllegalArgumentException("scramble " + scramble + " needs a permutation seed to draw from");
            }
            Scramble.parse(scramble);
        }
        if (trainSize != null && trainSize < 1) {
            throw new IllegalArgumentException("training-set size must be at least 1, got " + trainSize);
        }
        if (maxShift < 0 || maxShift > 27) {
            throw new IllegalArgumentException("the largest test shift must be 0 to 27 pixels, got " + maxShift);
        }
        // Fail now, naming the setting, not after the data has loaded.
        optimizerFor(optimizer, lr, momentum);
        initFor(init, arch);
        Architecture.of(arch);
    }

    /** Whether the pixels are scrambled. */
    public boolean permuted() {
        return permuteSeed != null || permutationFile != null;
    }

    /** The scramble rule of a permuted run (full unless told); null for standard pixels. */
    public Scramble scrambleRule() {
        return permuteSeed == null ? (permutationFile == null ? null : Scramble.FULL) : Scramble.parse(scramble);
    }

    /** A short run like this one, for timing: two epochs of {@code images} training images, no shift test. */
    public RunSpec calibration(int images) {
        return new RunSpec(stack, dtype, threads, sharedInit, data, arch, optimizer, lr, momentum, 2, batch, init,
                seed, permuteSeed, permutationFile, testFraction, splitSeed, "calibration", scramble, images, 0);
    }

    /** A fresh optimizer for this run. */
    public Optimizer newOptimizer() {
        return optimizerFor(optimizer, lr, momentum);
    }

    /** The initialiser, with auto resolved: the book's uniform for book-* presets, He otherwise. */
    public Init resolvedInit() {
        return initFor(init, arch);
    }

    /** The reference optimizer by name: sgd, nesterovs or adam. */
    public static Optimizer optimizerFor(String optimizer, double lr, double momentum) {
        return switch (optimizer.toLowerCase(Locale.ROOT)) {
            case "sgd" -> Optimizer.sgd(lr);
            case "nesterovs", "nesterov" -> Optimizer.nesterovs(lr, momentum);
            case "adam" -> Optimizer.adam(lr);
            default -> throw new IllegalArgumentException("unknown optimizer '" + optimizer
                    + "'; choose sgd, nesterovs or adam");
        };
    }

    private static Init initFor(String init, String arch) {
        return switch (init.toLowerCase(Locale.ROOT)) {
            case "auto" -> arch.trim().startsWith("book-") ? Init.UNIFORM : Init.HE;
            case "uniform" -> Init.UNIFORM;
            case "xavier" -> Init.XAVIER;
            case "he", "relu" -> Init.HE;
            default -> throw new IllegalArgumentException("unknown init '" + init
                    + "'; choose auto, uniform, xavier or he");
        };
    }
}
