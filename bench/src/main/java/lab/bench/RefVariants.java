package lab.bench;

import java.util.List;

import lab.fast.FastNetwork;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Model;
import lab.reference.Network;

/**
 * The reference stack's variants by the name the benchmarks take as a parameter: {@code naive} (the
 * spec's loops) and {@code fastT}, the fast kernels with each batch split over T threads
 * ({@code FastNetwork} on T threads; {@code fast1} is the calling thread alone). The one place that knows how
 * to ask the reference for each.
 */
final class RefVariants {

    static final long SEED = 1;

    private RefVariants() {
    }

    /** The fast path's thread count of a variant; 0 for naive. */
    private static int threads(String variant) {
        if (variant.equals("naive")) {
            return 0;
        }
        if (variant.matches("fast[1-9][0-9]*")) {
            return Integer.parseInt(variant.substring(4));
        }
        throw new IllegalArgumentException("unknown reference variant '" + variant + "'; known: naive, fast1, fast2, ...");
    }

    /** {@code model} at the experiment's input shape, He-initialised from a fixed seed. */
    static Model network(String variant, String model) {
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(variant);
        return threads == 0 ? spec : new FastNetwork(spec, threads);
    }

    /** The layers that variant runs: the spec's own, or their fast twins. */
    static List<Layer> layers(String variant, String model) {
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(variant);
        return threads == 0 ? spec.layers() : new FastNetwork(spec, threads).layers();
    }

}
