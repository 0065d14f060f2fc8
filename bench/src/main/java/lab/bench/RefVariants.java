package lab.bench;

import java.util.List;

import lab.fast.Fast;
import lab.fast.FastNetwork;
import lab.fast.Kernels;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Model;
import lab.reference.Network;

/**
 * The reference stack's variants by the name the benchmarks take as a parameter: {@code naive} (the
 * spec's loops), {@code fastT}, the fast kernels with each batch split over T threads ({@code FastNetwork}
 * on T threads, on the best {@link Kernels}: the Vector API's where the JVM has it), and {@code scalarT},
 * the same on the scalar kernels (the same bits, slower). The one place that knows how to ask the
 * reference for each.
 */
final class RefVariants {

    static final long SEED = 1;

    /** The JVM option of every reference benchmark's fork: the Vector API's incubator module. */
    static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    private RefVariants() {
    }

    /** The fast path's thread count of a variant; 0 for naive. */
    private static int threads(String variant) {
        if (variant.equals("naive")) {
            return 0;
        }
        if (variant.matches("(fast|scalar)[1-9][0-9]*")) {
            return Integer.parseInt(variant.replaceAll("[a-z]", ""));
        }
        throw new IllegalArgumentException("unknown reference variant '" + variant
                + "'; known: naive, fast1, fast2, ..., scalar1, scalar2, ...");
    }

    private static Kernels kernels(String variant) {
        Kernels k = variant.startsWith("scalar") ? Kernels.SCALAR : Kernels.best();
        if (variant.startsWith("fast") && k != Kernels.VECTOR) {
            throw new IllegalStateException("the fast variants measure the Vector API kernels; run the fork with "
                    + VECTOR_MODULE);
        }
        return k;
    }

    /** {@code model} at the experiment's input shape, He-initialised from a fixed seed. */
    static Model network(String variant, String model) {
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(variant);
        return threads == 0 ? spec : new FastNetwork(spec, threads, kernels(variant));
    }

    /**
     * The layers that variant runs: the spec's own, or their fast twins, every one computing its dx (a
     * network's first layer would skip it, but the layer benchmarks count dx's work in a backward).
     */
    static List<Layer> layers(String variant, String model) {
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(variant);
        return threads == 0 ? spec.layers()
                : spec.layers().stream().map(l -> Fast.twin(l, true, kernels(variant), threads)).toList();
    }
}
