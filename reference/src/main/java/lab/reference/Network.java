package lab.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A network is a readable list of layers ending in softmax + cross-entropy. Forward runs the list;
 * backward runs it reversed. Parameters are named as DL4J names them within a layer ({@code W}, {@code b}),
 * prefixed by the layer's position in this list: {@code 0_W}, {@code 0_b}, {@code 4_W}, ...
 * Not thread-safe: each layer keeps what its backward needs from the last forward.
 *
 * <p>The layers are the architecture's own ({@link Architecture#layers(Shape)}: the naive loops, the
 * specification), or a list given from outside: the {@code fast} module runs its twins of a network's layers,
 * which share that network's parameters, through this same code.
 */
public final class Network implements Model {

    /** A parameter with its network-wide key, {@code <layer>_<name>}. */
    public record NamedParam(String key, int layer, Param param) {
    }

    private final Architecture architecture;
    private final Shape input;
    private final List<Layer> layers;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final int classes;

    /** Builds {@code architecture} for one example of shape {@code input}, all parameters zero. */
    public Network(Architecture architecture, Shape input) {
        this(architecture, input, architecture.layers(input));
    }

    /**
     * {@code architecture} on {@code input}, running {@code layers}: one per layer of the architecture, in its
     * order (for instance faster twins of another network's layers, holding that network's parameters).
     */
    public Network(Architecture architecture, Shape input, List<Layer> layers) {
        if (layers.size() != architecture.specs().size()) {
            throw new IllegalArgumentException("architecture '" + architecture + "' has " + architecture.specs().size()
                    + " layers, got " + layers.size());
        }
        this.architecture = architecture;
        this.input = input;
        this.layers = List.copyOf(layers);
        this.classes = this.layers.get(this.layers.size() - 1).outputShape().size();
    }

    /** Builds and initialises: weights drawn by {@code init} from {@code seed}, layer by layer; biases 0. */
    public static Network create(Architecture architecture, Shape input, Init init, long seed) {
        Network net = new Network(architecture, input);
        Random rng = new Random(seed);
        for (Layer layer : net.layers) {
            init.apply(layer, rng);
        }
        return net;
    }

    /** x: (N, C, H, W) flat; returns the logits, (N, K). */
    public double[] forward(double[] x, int n) {
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, n);
        }
        return a;
    }

    /** dlogits: (N, K), the loss gradient w.r.t. the last forward's logits; ADDS into every parameter's grad. */
    public void backward(double[] dlogits) {
        double[] d = dlogits;
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
    }

    /**
     * Forward, loss, backward: returns the mean loss and ADDS its gradient into every parameter's grad.
     * Call {@link #zeroGrad()} first.
     */
    @Override
    public double lossAndGradient(double[] x, int[] labels, int n) {
        double[] logits = forward(x, n);
        double value = loss.forward(logits, labels, n, classes);
        backward(loss.backward()); // (p - onehot) / N
        return value;
    }

    /** Mean loss only, no gradient. */
    public double loss(double[] x, int[] labels, int n) {
        return loss.forward(forward(x, n), labels, n, classes);
    }

    /**
     * The most probable class of each example (the first, on a tie), each layer run as at evaluation
     * ({@link Layer#infer}: batch norm on its running statistics).
     */
    @Override
    public int[] predict(double[] x, int n) {
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.infer(a, n);
        }
        return argmax(a, n, classes);
    }

    /** For each of the n rows of (N, K) scores, the column of its largest value (the first, on a tie). */
    public static int[] argmax(double[] scores, int n, int k) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (scores[i * k + j] > scores[i * k + best]) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    @Override
    public void zeroGrad() {
        for (NamedParam p : params()) {
            p.param().zeroGrad();
        }
    }

    /** Every parameter, in layer order, W before b. */
    @Override
    public List<NamedParam> params() {
        List<NamedParam> out = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            for (Param p : layers.get(i).params()) {
                out.add(new NamedParam(i + "_" + p.name(), i, p));
            }
        }
        return Collections.unmodifiableList(out);
    }

    /** The parameter with this key ({@code 0_W}), or an error listing the keys there are. */
    public Param param(String key) {
        for (NamedParam p : params()) {
            if (p.key().equals(key)) {
                return p.param();
            }
        }
        throw new IllegalArgumentException("no parameter '" + key + "'; this network has "
                + params().stream().map(NamedParam::key).toList());
    }

    public long parameterCount() {
        long count = 0;
        for (NamedParam p : params()) {
            count += p.param().size();
        }
        return count;
    }

    public List<Layer> layers() {
        return layers;
    }

    public Architecture architecture() {
        return architecture;
    }

    @Override
    public Shape inputShape() {
        return input;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** The probabilities of the last loss evaluation, (N, K). */
    @Override
    public double[] lastProbabilities() {
        return loss.probabilities();
    }
}
