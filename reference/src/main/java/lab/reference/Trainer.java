package lab.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * The training loop: each epoch shuffles the examples (seeded), walks them in minibatches (the last,
 * partial batch kept), and steps the optimizer once per batch. A step that breaks the {@link Divergence}
 * rule (a non-finite loss or gradient, or a loss above 10 ln K) stops the run before its update with
 * {@link TrainingDivergedException}, which carries the epochs finished so far. One run is one job:
 * settings in, history out, no global state.
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

    /**
     * The run stopped because a step broke the {@link Divergence} rule; {@link #history()} keeps the epochs
     * finished before it, the other accessors say where and why.
     */
    public static final class TrainingDivergedException extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int epoch;
        private final int step;
        private final double loss;
        private final Divergence.Rule rule;
        private final transient List<EpochStats> history;

        TrainingDivergedException(int epoch, int step, int steps, double loss, Divergence.Rule rule, int classes,
                                  List<EpochStats> history) {
            super(describe(epoch, step, steps, loss, rule, classes) + "; " + history.size()
                    + " epoch(s) had finished");
            this.epoch = epoch;
            this.step = step;
            this.loss = loss;
            this.rule = rule;
            this.history = List.copyOf(history);
        }

        private static String describe(int epoch, int step, int steps, double loss, Divergence.Rule rule,
                                       int classes) {
            String where = " at epoch " + epoch + ", step " + step + " of " + steps;
            return switch (rule) {
                case NON_FINITE_LOSS -> "loss became " + loss + where + " (rule: the loss must be a finite number)";
                case NON_FINITE_GRADIENT -> "a gradient became NaN or infinite" + where + " (loss " + loss
                        + "; rule: every gradient must be finite)";
                case LOSS_ABOVE_BOUND -> String.format("loss became %.4g%s (rule: the mean loss must stay at or "
                        + "below %s ln K = %.2f, K = %d classes)", loss, where, (int) Divergence.LOSS_BOUND_FACTOR,
                        Divergence.lossBound(classes), classes);
            };
        }

        public int epoch() {
            return epoch;
        }

        public int step() {
            return step;
        }

        /** The exact mean loss of the step that fired. */
        public double loss() {
            return loss;
        }

        public Divergence.Rule rule() {
            return rule;
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

    /**
     * Throws {@link TrainingDivergedException} if this step breaks the {@link Divergence} rule; the DL4J
     * trainer calls it too, with the same exact loss, so both stacks stop in the same step.
     */
    public static void checkStep(int epoch, int step, int steps, double meanLoss, boolean gradientsFinite,
                                 int classes, List<EpochStats> history) {
        Divergence.Rule rule = Divergence.check(meanLoss, gradientsFinite, classes);
        if (rule != null) {
            throw new TrainingDivergedException(epoch, step, steps, meanLoss, rule, classes, history);
        }
    }

    /**
     * The order in which epoch {@code epoch} (from 1) visits {@code n} examples: a Fisher-Yates shuffle
     * seeded by (seed, epoch) alone, so another stack can replay exactly the same batches.
     */
    public static int[] epochOrder(long seed, int epoch, int n) {
        int[] order = new int[n];
        Arrays.setAll(order, i -> i);
        Shuffle.shuffle(order, new Random(seed * 1_000_003L + epoch));
        return order;
    }

    /** Trains {@code net} in place; returns one {@link EpochStats} per epoch. */
    public static List<EpochStats> train(Model net, Optimizer optimizer, Dataset data, Config config,
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
                checkStep(epoch, step, steps, loss, gradientsFinite(params), net.classes(), history);
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

    private static boolean gradientsFinite(List<Param> params) {
        for (Param p : params) {
            if (!Divergence.allFinite(p.grad())) {
                return false;
            }
        }
        return true;
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
