package lab.compare.run;

import lab.data.Scramble;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Optimizer;

/**
 * Everything that defines one training run: settings in, one {@link RunResult} out. Nothing else
 * (no global state, no environment) changes what a run computes, so a sweep can send these to any
 * machine. Serialised verbatim into every result, each setting under its own name, the enums as the
 * lower-case strings results files have always held; built with {@link #builder()} or {@link #toBuilder()}.
 *
 * @param stack           which implementation trains
 * @param dtype           the precision both stacks compute in: double, or float (DL4J's float network; the
 *                        reference's fast kernels in float lanes on double master weights,
 *                        {@link lab.fast.FloatNetwork}); the reference's naive loops are double only
 * @param threads         threads for one training: ND4J's OpenMP and BLAS threads (dl4j), or how many
 *                        parts each batch is split into on the reference's fast path
 * @param sharedInit      dl4j starts from the reference's initial weights for this seed, not DL4J's own
 * @param data            a data set name (see {@link lab.data.DataSource})
 * @param arch            a preset name or an architecture's text form
 * @param init            auto is the book's uniform for the book's presets, He otherwise
 * @param seed            initial weights and batch order
 * @param permuteSeed     if not null, pixels are scrambled by the permutation drawn from this seed
 * @param permutationFile if not null, pixels are scrambled by the permutation in this file instead
 * @param testFraction    for sets without their own split: the share of each class held out
 * @param splitSeed       for sets without their own split: which examples are held out
 * @param study           which study (or a sweep) planned the run: a label for the report that changes
 *                        nothing computed; null (results written before studies existed) becomes control
 * @param scramble        with a permutation seed, the rule its permutation is drawn by ({@link Scramble}:
 *                        full, blocks:K, within:K, fraction:P); null is full
 * @param trainSize       if not null, train on only this many training images, chosen by the seed
 * @param maxShift        if above 0, also test on copies of the test set shifted by 1..maxShift pixels
 * @param kernels         the reference's loops: naive (the spec's, one thread) or fast; null (results
 *                        written before this setting existed, which ran on the fast path) becomes fast
 */
public record RunSpec(Stack stack, DType dtype, int threads, boolean sharedInit, String data, String arch,
                      OptimizerKind optimizer, double lr, double momentum, int epochs, int batch, InitChoice init,
                      long seed, Long permuteSeed, String permutationFile, double testFraction, long splitSeed,
                      Origin study, String scramble, Integer trainSize, int maxShift, Loops kernels) {

    public RunSpec {
        study = study == null ? Study.CONTROL : study; // results written before studies existed were all control
        kernels = kernels == null ? Loops.FAST : kernels; // and before this setting, all on the fast path
        if (stack == null || dtype == null || optimizer == null || init == null || arch == null || data == null) {
            throw new IllegalArgumentException("a run needs its stack, dtype, optimizer, init, data and arch");
        }
        if (stack == Stack.REFERENCE && dtype == DType.FLOAT && kernels == Loops.NAIVE) {
            throw new IllegalArgumentException("--kernels naive runs the spec's loops, which are double; float runs "
                    + "the fast path: give --kernels fast or --dtype double");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        if (kernels == Loops.NAIVE && threads > 1) {
            throw new IllegalArgumentException("--kernels naive runs the spec's loops on one thread; give --threads 1 "
                    + "or --kernels fast (got --threads " + threads + ")");
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
        Architecture.of(arch); // fail now, naming the setting, not after the data has loaded
    }

    /** The architecture {@link #arch} names, parsed: a preset's layers, or the text form's. */
    public Architecture architecture() {
        return Architecture.of(arch);
    }

    /** Whether the pixels are scrambled. */
    public boolean permuted() {
        return permuteSeed != null || permutationFile != null;
    }

    /** Standard or permuted pixels, as every label and table says it. */
    public Pixels pixels() {
        return Pixels.of(permuted());
    }

    /** The scramble rule of a permuted run (full unless told); null for standard pixels. */
    public Scramble scrambleRule() {
        return permuteSeed == null ? (permutationFile == null ? null : Scramble.FULL) : Scramble.parse(scramble);
    }

    /** A fresh optimizer for this run. */
    public Optimizer newOptimizer() {
        return optimizer.reference(lr, momentum);
    }

    /** The initialiser, with auto resolved. */
    public Init resolvedInit() {
        return init.resolve(arch);
    }

    /**
     * A builder with {@code lab table}'s defaults ({@code lab train --protocol table}'s): reference stack,
     * double, 1 thread, shared init, digits8, SGD lr 0.1 (momentum 0.9), 20 epochs, batch 32, auto init, seed
     * 0, standard pixels, the stratified 75/25 split with split seed 0, control, fast kernels. The
     * architecture has no default.
     */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's settings, to change a few. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.stack = stack;
        b.dtype = dtype;
        b.threads = threads;
        b.sharedInit = sharedInit;
        b.data = data;
        b.arch = arch;
        b.optimizer = optimizer;
        b.lr = lr;
        b.momentum = momentum;
        b.epochs = epochs;
        b.batch = batch;
        b.init = init;
        b.seed = seed;
        b.permuteSeed = permuteSeed;
        b.permutationFile = permutationFile;
        b.testFraction = testFraction;
        b.splitSeed = splitSeed;
        b.study = study;
        b.scramble = scramble;
        b.trainSize = trainSize;
        b.maxShift = maxShift;
        b.kernels = kernels;
        return b;
    }

    /** Named settings in, a checked {@link RunSpec} out ({@link #build} runs the record's checks). */
    public static final class Builder {
        private Stack stack = Stack.REFERENCE;
        private DType dtype = DType.DOUBLE;
        private int threads = 1;
        private boolean sharedInit = true;
        private String data = "digits8";
        private String arch;
        private OptimizerKind optimizer = OptimizerKind.SGD;
        private double lr = 0.1;
        private double momentum = 0.9;
        private int epochs = 20;
        private int batch = 32;
        private InitChoice init = InitChoice.AUTO;
        private long seed;
        private Long permuteSeed;
        private String permutationFile;
        private double testFraction = 0.25;
        private long splitSeed;
        private Origin study = Study.CONTROL;
        private String scramble;
        private Integer trainSize;
        private int maxShift;
        private Loops kernels = Loops.FAST;

        private Builder() {
        }

        public Builder stack(Stack v) { stack = v; return this; }

        public Builder dtype(DType v) { dtype = v; return this; }

        public Builder threads(int v) { threads = v; return this; }

        public Builder sharedInit(boolean v) { sharedInit = v; return this; }

        public Builder data(String v) { data = v; return this; }

        public Builder arch(String v) { arch = v; return this; }

        public Builder optimizer(OptimizerKind v) { optimizer = v; return this; }

        public Builder lr(double v) { lr = v; return this; }

        public Builder momentum(double v) { momentum = v; return this; }

        public Builder epochs(int v) { epochs = v; return this; }

        public Builder batch(int v) { batch = v; return this; }

        public Builder init(InitChoice v) { init = v; return this; }

        public Builder seed(long v) { seed = v; return this; }

        public Builder permuteSeed(Long v) { permuteSeed = v; return this; }

        public Builder permutationFile(String v) { permutationFile = v; return this; }

        public Builder testFraction(double v) { testFraction = v; return this; }

        public Builder splitSeed(long v) { splitSeed = v; return this; }

        public Builder study(Origin v) { study = v; return this; }

        public Builder scramble(String v) { scramble = v; return this; }

        public Builder trainSize(Integer v) { trainSize = v; return this; }

        public Builder maxShift(int v) { maxShift = v; return this; }

        public Builder kernels(Loops v) { kernels = v; return this; }

        public RunSpec build() {
            return new RunSpec(stack, dtype, threads, sharedInit, data, arch, optimizer, lr, momentum, epochs, batch,
                    init, seed, permuteSeed, permutationFile, testFraction, splitSeed, study, scramble, trainSize,
                    maxShift, kernels);
        }
    }
}
