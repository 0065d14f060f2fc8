package lab.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The training loop: each epoch shuffles the examples (seeded), walks them in minibatches (the last,
 * partial batch kept), and steps the optimizer once per batch. A loss that turns NaN or infinite stops
 * the run with {@link TrainingDivergedException}, which carries the epochs finished so far. One run is
 * one job: settings in, history out, no global state.
 */
public final class Trainer {

    /** @param seed drives the shuffling only; the initial weights have their own seed (see {@link Network}). */
    public record Config(int epochs, int batchSize, long seed) {
        public Config {
            if (epochs < 0 || batchSize < 1) {
                throw new IllegalArgumentException("epochs must be >= 0 and batch size >= 1, got " + epochs + ", "
                        + batchSize);
            }
        }
    }

    /** What one epoch did: mean training loss and accuracy over its batches (each before its update). */
    public record EpochStats(int epoch, double meanLoss, double trainAccuracy, int steps, long examples,
                             double seconds) {
    }

    /** Hooks for progress display; both default to doing nothing. */
    public interface Listener {
        default void onStep(int epoch, int step, int steps, double loss) {
        }

        default void onEpoch(EpochStats stats) {
        }
    }

    /** The run stopped because the loss left the real numbers; {@link #history()} keeps what was done. */
    public static final class TrainingDivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient List<EpochStats> history;

        TrainingDivergedException(int epoch, int step, int steps, double loss, List<EpochStats> history) {
            super("loss became " + loss + " at epoch " + epoch + ", step " + step + " of " + steps
                    + " (try a smaller learning rate); " + history.size() + " epoch(s) had finished");
            this.history = List.copyOf(history);
        }

        public List<EpochStats> history() {
            return history;
        }
    }

    private Trainer() {
    }

    /** Throws unless {@code data} has the images and classes a network of this input and output takes. */
    public static void checkFits(Shape input, int classes, Dataset data) {
        if (!data.shape().equals(input)) {
            throw new IllegalArgumentException("network expects images of " + input + " but dataset "
                    + data.name() + " has " + data.shape());
        }
        if (data.classes() != classes) {
            throw new IllegalArgumentException("network has " + classes + " outputs but dataset " + data.name()
                    + " has " + data.classes() + " classes");
        }
    }

    /** The error for a loss that left the real numbers at this step; also used by the DL4J trainer. */
    public static TrainingDivergedException diverged(int epoch, int step, int steps, double loss,
                                                     List<EpochStats> history) {
        return new TrainingDivergedException(epoch, step, steps, loss, history);
    }

    /**
     * The order in which epoch {@code epoch} (from 1) visits {@code n} examples: a Fisher-Yates shuffle
     * seeded by (seed, epoch) alone, so another stack can replay exactly the same batches.
     */
    public static int[] epochOrder(long seed, int epoch, int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        Random rng = new Random(seed * 1_000_003L + epoch);
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        return order;
    }

    /** Trains {@code net} in place; returns one {@link EpochStats} per epoch. */
    public static List<EpochStats> train(Network net, Optimizer optimizer, Dataset data, Config config,
                                         Listener listener) {
        checkFits(net.inputShape(), net.classes(), data);
        List<Param> params = net.params().stream().map(Network.NamedParam::param).toList();
        List<EpochStats> history = new ArrayList<>();
        int n = data.size();
        int steps = (n + config.batchSize() - 1) / config.batchSize();
        for (int epoch = 1; epoch <= config.epochs(); epoch++) {
            long start = System.nanoTime();
            int[] order = epochOrder(config.seed(), epoch, n);
            double lossSum = 0;
            long correct = 0;
            for (int step = 1; step <= steps; step++) {
                int from = (step - 1) * config.batchSize();
                Dataset.Batch batch = data.batch(order, from, Math.min(from + config.batchSize(), n));
                net.zeroGrad();
                double loss = net.lossAndGradient(batch.x(), batch.y(), batch.n());
                if (!Double.isFinite(loss)) {
                    throw diverged(epoch, step, steps, loss, history);
                }
                optimizer.step(params);
                lossSum += loss * batch.n();
                correct += countCorrect(net.lastProbabilities(), batch.y(), net.classes());
                listener.onStep(epoch, step, steps, loss);
            }
            EpochStats stats = new EpochStats(epoch, lossSum / n, (double) correct / n, steps, n,
                    (System.nanoTime() - start) / 1e9);
            history.add(stats);
            listener.onEpoch(stats);
        }
        return history;
    }

    private static int countCorrect(double[] p, int[] labels, int k) {
        int[] predicted = Network.argmax(p, labels.length, k);
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (predicted[i] == labels[i]) {
                correct++;
            }
        }
        return correct;
    }
}
