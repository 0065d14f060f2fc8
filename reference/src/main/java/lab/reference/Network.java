package lab.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * A network is a readable list of layers ending in softmax + cross-entropy. Forward runs the list;
 * backward runs it reversed. Parameters are named as DL4J names them within a layer ({@code W}, {@code b}),
 * prefixed by the layer's position in this list: {@code 0_W}, {@code 0_b}, {@code 4_W}, ...
 * Not thread-safe: each layer keeps what its backward needs from the last forward.
 *
 * <p>Kernels: every layer has naive loops, the readable specification, and the conv, dense, max-pool and
 * ReLU layers also have fast kernels beside them, tested equal to the naive ones (1e-12 relative). Pick
 * them with a {@link Path}: {@code Network.create(arch, input, init, seed, Network.Path.fast(threads))}
 * runs the fast kernels, splitting each batch over {@code threads} threads; {@link Path#NAIVE} (the
 * default) runs the naive loops; {@code true} in the boolean overloads means {@code Path.fast(1)}. With
 * T threads the batch is cut into T fixed contiguous chunks, each run through its own copy of the layers,
 * and the chunks' gradients are added in chunk order: the same bits on every run, whatever the
 * scheduling (a different T rounds differently, within 1e-12). On the fast path a layer's returned
 * arrays are its own buffers, valid until its next call (the logits excepted: always fresh), and the
 * first layer skips its dx, which nothing reads.
 */
public final class Network {

    /**
     * Which kernels the layers run: the naive loops ({@link #NAIVE}), or the fast ones on a given number of
     * threads ({@link #fast(int)}). The thread count is always explicit; nothing reads the machine's.
     */
    public record Path(boolean fast, int threads) {
        /** The naive loops, one thread: the specification. */
        public static final Path NAIVE = new Path(false, 1);

        public Path {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be >= 1, got " + threads);
            }
            if (!fast && threads != 1) {
                throw new IllegalArgumentException("the naive path runs on one thread, got " + threads);
            }
        }

        /** The fast kernels, each batch split over {@code threads} threads (1 = the calling thread only). */
        public static Path fast(int threads) {
            return new Path(true, threads);
        }

        @Override
        public String toString() {
            return fast ? "fast(" + threads + " thread" + (threads == 1 ? "" : "s") + ")" : "naive";
        }
    }

    /** A parameter with its network-wide key, {@code <layer>_<name>}. */
    public record NamedParam(String key, int layer, Param param) {
    }

    private final Architecture architecture;
    private final Shape input;
    private final List<Layer> layers;
    private final SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
    private final int classes;
    private final Path path;
    // Fast path on T > 1 threads: a batch is cut into T chunks (Parallel); chunk 0 runs through `layers`,
    // chunk i through copies.get(i - 1). Before each batch the copies take the current parameter values;
    // after it their gradients are added into `layers`' in chunk order, so no result depends on scheduling.
    private final List<List<Layer>> copies = new ArrayList<>();
    private final List<SoftmaxCrossEntropy> copyLosses = new ArrayList<>();
    private double[] splitProbabilities; // (N, K), when the last loss was computed in chunks

    /** Builds {@code architecture} for one example of shape {@code input}, all parameters zero. */
    public Network(Architecture architecture, Shape input) {
        this(architecture, input, Path.NAIVE);
    }

    /** As above; {@code directConv} is {@code Path.fast(1)}, else {@code Path.NAIVE}. */
    public Network(Architecture architecture, Shape input, boolean directConv) {
        this(architecture, input, directConv ? Path.fast(1) : Path.NAIVE);
    }

    /** As above, running the kernels of {@code path}. */
    public Network(Architecture architecture, Shape input, Path path) {
        this.architecture = architecture;
        this.input = input;
        this.path = path;
        this.layers = build(architecture, input, path);
        for (int i = 1; i < path.threads(); i++) {
            copies.add(build(architecture, input, path));
            copyLosses.add(new SoftmaxCrossEntropy());
        }
        this.classes = layers.get(layers.size() - 1).outputShape().size();
    }

    private static List<Layer> build(Architecture architecture, Shape input, Path path) {
        List<Layer> layers = List.copyOf(architecture.layers(input));
        for (Layer layer : layers) {
            if (layer instanceof Conv2D conv) {
                conv.use(path, layer != layers.get(0)); // nothing reads the first layer's dx
            } else if (layer instanceof ReLU relu) {
                relu.use(path);
            } else if (layer instanceof MaxPool2D pool) {
                pool.use(path);
            } else if (layer instanceof Dense dense) {
                dense.use(path, layer != layers.get(0));
            }
        }
        return layers;
    }

    /** Builds and initialises: weights drawn by {@code init} from {@code seed}, layer by layer; biases 0. */
    public static Network create(Architecture architecture, Shape input, Init init, long seed) {
        return create(architecture, input, init, seed, false);
    }

    /** As above, {@code directConv} meaning {@code Path.fast(1)}, else {@code Path.NAIVE}. */
    public static Network create(Architecture architecture, Shape input, Init init, long seed, boolean directConv) {
        return create(architecture, input, init, seed, directConv ? Path.fast(1) : Path.NAIVE);
    }

    /** As above, running the kernels of {@code path}; the same weights on every path. */
    public static Network create(Architecture architecture, Shape input, Init init, long seed, Path path) {
        Network net = new Network(architecture, input, path);
        Random rng = new Random(seed);
        for (Layer layer : net.layers) {
            init.apply(layer, rng);
        }
        return net;
    }

    /** x: (N, C, H, W) flat; returns the logits, (N, K). */
    public double[] forward(double[] x, int n) {
        if (chunks(n) > 1) {
            return forwardInChunks(x, n);
        }
        return forward(layers, x, n);
    }

    private static double[] forward(List<Layer> layers, double[] x, int n) {
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, n);
        }
        return a;
    }

    /**
     * Forward, loss, backward: returns the mean loss and ADDS its gradient into every parameter's grad.
     * Call {@link #zeroGrad()} first.
     */
    public double lossAndGradient(double[] x, int[] labels, int n) {
        if (chunks(n) > 1) {
            return lossAndGradientInChunks(x, labels, n);
        }
        splitProbabilities = null;
        double[] logits = forward(layers, x, n);
        double value = loss.forward(logits, labels, n, classes);
        double[] d = loss.backward(); // (p - onehot) / N
        backward(layers, d);
        return value;
    }

    private static void backward(List<Layer> layers, double[] dout) {
        double[] d = dout;
        for (int i = layers.size() - 1; i >= 0; i--) {
            d = layers.get(i).backward(d);
        }
    }

    /** Mean loss only, no gradient. */
    public double loss(double[] x, int[] labels, int n) {
        double[] logits = forward(x, n);
        splitProbabilities = null;
        return loss.forward(logits, labels, n, classes);
    }

    // ---- the fast path on several threads: the same sums, cut into chunks of the batch ----

    private int chunks(int n) {
        return copies.isEmpty() ? 1 : Parallel.chunks(path.threads(), n);
    }

    /** The chunk's layers: chunk 0 runs on the network's own, the others on copies holding its values. */
    private List<Layer> lane(int chunk) {
        return chunk == 0 ? layers : copies.get(chunk - 1);
    }

    private void copyValuesToCopies(int chunks) {
        for (int c = 1; c < chunks; c++) {
            for (int i = 0; i < layers.size(); i++) {
                List<Param> from = layers.get(i).params();
                List<Param> to = lane(c).get(i).params();
                for (int p = 0; p < from.size(); p++) {
                    System.arraycopy(from.get(p).value(), 0, to.get(p).value(), 0, from.get(p).size());
                }
            }
        }
    }

    private double[] forwardInChunks(double[] x, int n) {
        Layer.checkBatch(layers.get(0), "input", x, n, input);
        int chunks = chunks(n);
        copyValuesToCopies(chunks);
        double[][] logits = new double[chunks][];
        int d = input.size();
        Parallel.forEachChunk(path.threads(), n, (c, from, to) ->
                logits[c] = forward(lane(c), Arrays.copyOfRange(x, from * d, to * d), to - from));
        return concat(logits, n * classes);
    }

    private double lossAndGradientInChunks(double[] x, int[] labels, int n) {
        Layer.checkBatch(layers.get(0), "input", x, n, input);
        if (labels == null || labels.length != n) {
            throw new IllegalArgumentException("loss: " + n + " examples but "
                    + (labels == null ? "no" : labels.length) + " labels");
        }
        int chunks = chunks(n);
        copyValuesToCopies(chunks);
        for (int c = 1; c < chunks; c++) {
            for (Layer layer : lane(c)) {
                for (Param p : layer.params()) {
                    p.zeroGrad();
                }
            }
        }
        double[] lossSums = new double[chunks];
        int d = input.size();
        Parallel.forEachChunk(path.threads(), n, (c, from, to) -> {
            SoftmaxCrossEntropy chunkLoss = c == 0 ? loss : copyLosses.get(c - 1);
            double[] logits = forward(lane(c), Arrays.copyOfRange(x, from * d, to * d), to - from);
            lossSums[c] = chunkLoss.forward(logits, Arrays.copyOfRange(labels, from, to), to - from, classes)
                    * (to - from);
            backward(lane(c), chunkLoss.backward(n)); // (p - onehot) / N, N the whole batch
        });
        // Every chunk's gradient, added in chunk order: the weights are shared by the whole batch.
        for (int c = 1; c < chunks; c++) {
            for (int i = 0; i < layers.size(); i++) {
                List<Param> into = layers.get(i).params();
                List<Param> from = lane(c).get(i).params();
                for (int p = 0; p < into.size(); p++) {
                    double[] g = into.get(p).grad();
                    double[] h = from.get(p).grad();
                    for (int j = 0; j < g.length; j++) {
                        g[j] += h[j];
                    }
                }
            }
        }
        double[][] probabilities = new double[chunks][];
        double sum = 0;
        for (int c = 0; c < chunks; c++) {
            sum += lossSums[c];
            probabilities[c] = (c == 0 ? loss : copyLosses.get(c - 1)).probabilities();
        }
        splitProbabilities = concat(probabilities, n * classes);
        return sum / n;
    }

    private static double[] concat(double[][] parts, int length) {
        double[] out = new double[length];
        int at = 0;
        for (double[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

    /** The most probable class of each example (the first, on a tie). */
    public int[] predict(double[] x, int n) {
        return argmax(forward(x, n), n, classes);
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

    public void zeroGrad() {
        for (NamedParam p : params()) {
            p.param().zeroGrad();
        }
    }

    /** Every parameter, in layer order, W before b. */
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

    /** The kernels this network runs. */
    public Path path() {
        return path;
    }

    public Architecture architecture() {
        return architecture;
    }

    public Shape inputShape() {
        return input;
    }

    public int classes() {
        return classes;
    }

    /** The probabilities of the last loss evaluation, (N, K). */
    public double[] lastProbabilities() {
        return splitProbabilities != null ? splitProbabilities : loss.probabilities();
    }
}
