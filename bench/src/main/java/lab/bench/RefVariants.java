package lab.bench;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;

/**
 * The reference stack's variants by the name the benchmarks take as a parameter: {@code naive} (the
 * spec's loops) and {@code fastT}, the fast kernels with each batch split over T threads
 * ({@code Network.Path.fast(T)}; {@code fast1} is the calling thread alone). The one place that knows how
 * to ask the reference for each.
 */
final class RefVariants {

    static final long SEED = 1;

    private RefVariants() {
    }

    static Network.Path path(String variant) {
        if (variant.equals("naive")) {
            return Network.Path.NAIVE;
        }
        if (variant.matches("fast[1-9][0-9]*")) {
            return Network.Path.fast(Integer.parseInt(variant.substring(4)));
        }
        throw new IllegalArgumentException("unknown reference variant '" + variant + "'; known: naive, fast1, fast2, ...");
    }

    /** {@code model} at the experiment's input shape, He-initialised from a fixed seed. */
    static Network network(String variant, String model) {
        return Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED, path(variant));
    }

    /** The experiment's optimizer for {@code model}: SGD for the book's models, Adam otherwise. */
    static Optimizer optimizer(String model) {
        return model.startsWith("book-") ? Optimizer.sgd(0.1) : Optimizer.adam(0.005);
    }
}
