package lab.compare.speed;

import java.util.List;

import lab.dl4j.Dl4jNetworks;
import lab.fast.Fast;
import lab.fast.FastNetwork;
import lab.fast.FloatLayer;
import lab.fast.FloatNetwork;
import lab.fast.Kernels;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Model;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The ways of training a {@link Cases} model, by the names the benchmarks and {@code lab lesson} take:
 * {@code naive} (the reference's own loops, the textbook code), {@code fastT} (its fast kernels with each
 * batch split over T threads, on the Vector API where the JVM has it), {@code scalarT} (the same on the
 * scalar kernels: the same bits, slower), {@code floatT} (the fast path in float32, {@link FloatNetwork}), and {@code dl4j-double} / {@code dl4j-float} (DL4J on as many
 * threads as ND4J was given when it loaded). The one place that builds each: every way starts from the same
 * He-initialised weights of one seed and steps on the same synthetic batch ({@link Inputs}). Not a timer:
 * JMH times these in forks of its own (module {@code bench}), the lesson side by side in one JVM.
 */
public final class Ways {

    /** The seed of every way's initial weights. */
    public static final long SEED = 1;

    /** The JVM option the fast ways need: JDK 17's incubating Vector API. */
    public static final String VECTOR_MODULE = "--add-modules=jdk.incubator.vector";

    /** One training step (forward, loss, backward, update) on the way's batch; returns the loss. */
    public interface Step {
        double step();
    }

    private Ways() {
    }

    /** Whether {@code way} trains on DL4J. */
    public static boolean dl4j(String way) {
        return way.startsWith("dl4j-");
    }

    /** A fresh network of {@code way} for {@code model}, at the step's start: its batch and optimizer ready. */
    public static Step start(String way, String model) {
        if (dl4j(way)) {
            DataType type = dtype(way.substring("dl4j-".length()));
            MultiLayerNetwork net = dl4j(model, type).net();
            int features = Cases.inputOf(model).size();
            DataSet batch = new DataSet(uniform(type, 2, Cases.BATCH, features), oneHot(Cases.BATCH, 10, type, 3));
            return () -> {
                net.fit(batch);
                return net.score();
            };
        }
        Model net = network(way, model);
        Optimizer optimizer = Cases.optimizerOf(model);
        List<Param> params = net.params().stream().map(Network.NamedParam::param).toList();
        double[] x = Inputs.uniform(Cases.BATCH * net.inputShape().size(), 2);
        int[] y = Inputs.labels(Cases.BATCH, net.classes(), 3);
        return () -> {
            net.zeroGrad();
            double loss = net.lossAndGradient(x, y, Cases.BATCH);
            optimizer.step(params);
            return loss;
        };
    }

    /** DL4J's precision by name: float or double. */
    public static DataType dtype(String name) {
        return switch (name) {
            case "float" -> DataType.FLOAT;
            case "double" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException("dtype is float or double, got '" + name + "'");
        };
    }

    /** The fast path's thread count of a reference way; 0 for naive. */
    private static int threads(String way) {
        if (way.equals("naive")) {
            return 0;
        }
        if (way.matches("(fast|scalar|float)[1-9][0-9]*")) {
            return Integer.parseInt(way.replaceAll("[a-z]", ""));
        }
        throw new IllegalArgumentException("unknown way of training '" + way
                + "'; known: naive, fast1, fast2, ..., scalar1, scalar2, ..., float1, float2, ..., dl4j-double, dl4j-float");
    }

    private static Kernels kernels(String way) {
        Kernels k = way.startsWith("scalar") ? Kernels.SCALAR : Kernels.best();
        if ((way.startsWith("fast") || way.startsWith("float")) && k != Kernels.VECTOR) {
            throw new IllegalStateException("the fast ways measure the Vector API kernels; run the JVM with "
                    + VECTOR_MODULE);
        }
        return k;
    }

    /** {@code model} at the experiment's input shape, He-initialised from {@link #SEED}, on a reference way. */
    public static Model network(String way, String model) {
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(way);
        if (threads == 0) {
            return spec;
        }
        return way.startsWith("float") ? new FloatNetwork(spec, threads, kernels(way))
                : new FastNetwork(spec, threads, kernels(way));
    }

    /**
     * The layers a reference way runs: the spec's own, or their fast twins, every one computing its dx (a
     * network's first layer would skip it, but the layer benchmarks count dx's work in a backward).
     */
    public static List<Layer> layers(String way, String model) {
        if (way.startsWith("float")) {
            throw new IllegalArgumentException("'" + way + "' runs float layers, which are not double Layers: see floatLayers");
        }
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(way);
        return threads == 0 ? spec.layers()
                : spec.layers().stream().map(l -> Fast.twin(l, true, kernels(way), threads)).toList();
    }

    /**
     * The float twins of the layers a float way runs ({@code float1}, {@code float2}, ...), every one
     * computing its dx, as {@link #layers} gives the double ones. Each keeps the spec's double weights,
     * rounding them to float in every forward, as {@link FloatNetwork} does.
     */
    public static List<FloatLayer> floatLayers(String way, String model) {
        if (!way.startsWith("float")) {
            throw new IllegalArgumentException("'" + way + "' runs double layers; float layers run on float1, float2, ...");
        }
        Network spec = Network.create(Architecture.of(model), Cases.inputOf(model), Init.HE, SEED);
        int threads = threads(way);
        return spec.layers().stream().map(l -> Fast.floatTwin(l, true, kernels(way), threads)).toList();
    }

    /** {@code model} on DL4J at the experiment's input shape with its optimizer, from DL4J's He init of {@link #SEED}. */
    public static Dl4jNetworks.Built dl4j(String model, DataType dtype) {
        return Dl4jNetworks.build(Architecture.of(model), Cases.inputOf(model), dtype,
                Dl4jNetworks.updater(Cases.optimizerOf(model)), Init.HE, SEED);
    }

    /** A seeded uniform [0, 1) array of this shape and type. */
    public static INDArray uniform(DataType dtype, long seed, long... shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        return Nd4j.create(Inputs.uniform((int) length, seed), shape, 'c').castTo(dtype);
    }

    /** One-hot labels (N, K) of this type. */
    public static INDArray oneHot(int n, int classes, DataType dtype, long seed) {
        int[] y = Inputs.labels(n, classes, seed);
        double[] onehot = new double[n * classes];
        for (int i = 0; i < n; i++) {
            onehot[i * classes + y[i]] = 1;
        }
        return Nd4j.create(onehot, new long[] {n, classes}, 'c').castTo(dtype);
    }
}
