package lab.bench;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Nd4jThreads;
import lab.reference.Architecture;
import lab.reference.Init;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every DL4J benchmark does first, in its own JMH fork: ND4J's threads and default data type (before
 * anything else touches ND4J), then the network from the one builder, {@link Dl4jNetworks}.
 */
final class Dl4jSetup {

    private Dl4jSetup() {
    }

    static DataType dtype(String name) {
        return switch (name) {
            case "float" -> DataType.FLOAT;
            case "double" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException("dtype is float or double, got '" + name + "'");
        };
    }

    /**
     * ND4J's OpenMP and BLAS threads and default data types, for this fork. A fork whose environment
     * does not match its {@code threads} parameter would measure something else (see
     * {@link Nd4jThreads}): it stops instead.
     */
    static void init(int threads, DataType dtype) {
        String problem = Nd4jThreads.environmentProblem(threads, System.getenv());
        if (problem != null) {
            throw new IllegalStateException(problem + "; pass -p threads=" + threads + " to JMH too (scripts/bench does)");
        }
        Nd4jThreads.set(threads);
        Nd4j.setDefaultDataTypes(dtype, dtype);
    }

    /** {@code model} at the experiment's input shape with the experiment's updater (as {@link RefVariants}). */
    static Dl4jNetworks.Built build(String model, DataType dtype) {
        return Dl4jNetworks.build(Architecture.of(model), Cases.inputOf(model), dtype,
                Dl4jNetworks.updater(Cases.optimizerOf(model)),
                Init.HE, RefVariants.SEED);
    }

    /** A seeded uniform [0, 1) array of this shape and type. */
    static INDArray uniform(DataType dtype, long seed, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        return Nd4j.create(Inputs.uniform((int) length, seed), shape, 'c').castTo(dtype);
    }

    /** One-hot labels (N, K) of this type. */
    static INDArray oneHot(int n, int classes, DataType dtype, long seed) {
        int[] y = Inputs.labels(n, classes, seed);
        double[] onehot = new double[n * classes];
        for (int i = 0; i < n; i++) {
            onehot[i * classes + y[i]] = 1;
        }
        return Nd4j.create(onehot, new long[] {n, classes}, 'c').castTo(dtype);
    }
}
