package lab.bench;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;

/**
 * The reference stack's variants by the name the benchmarks take as a parameter: {@code naive} (the
 * spec's loops) and {@code direct} (the fast conv path, {@code Conv2DDirect}). The one place that knows
 * how to ask the reference for each, so a new fast path is one more case here.
 */
final class RefVariants {

    static final long SEED = 1;

    private RefVariants() {
    }

    /** {@code model} at the experiment's input shape, He-initialised from a fixed seed. */
    static Network network(String variant, String model) {
        Architecture arch = Architecture.of(model);
        return switch (variant) {
            case "naive" -> Network.create(arch, Cases.inputOf(model), Init.HE, SEED, false);
            case "direct" -> Network.create(arch, Cases.inputOf(model), Init.HE, SEED, true);
            default -> throw new IllegalArgumentException("unknown reference variant '" + variant
                    + "'; known: naive, direct");
        };
    }

    /** The experiment's optimizer for {@code model}: SGD for the book's models, Adam otherwise. */
    static Optimizer optimizer(String model) {
        return model.startsWith("book-") ? Optimizer.sgd(0.1) : Optimizer.adam(0.005);
    }
}
