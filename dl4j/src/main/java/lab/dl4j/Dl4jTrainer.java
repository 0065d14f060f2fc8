package lab.dl4j;

import java.util.ArrayList;
import java.util.List;

import lab.reference.Dataset;
import lab.reference.SoftmaxCrossEntropy;
import lab.reference.Trainer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Training and evaluation through DL4J's own machinery ({@code fit}, its updaters, its Evaluation), fed
 * exactly what the reference {@link Trainer} is fed: the same examples, in the same per-epoch order
 * ({@link Trainer#epochOrder}), in the same minibatches (the last, partial one kept). Progress goes to
 * the same {@link Trainer.Listener}, and a step that breaks the {@link lab.reference.Divergence} rule stops
 * the run in the same step: the rule reads the exact loss computed from DL4J's own logits (its score clips
 * probabilities at 1e-10, so it cannot see a loss above 23) and DL4J's gradient before the updater. That
 * exact loss is also the loss recorded (each step's, each epoch's mean), so where a probability underflows
 * the two stacks' records still compare like with like. Training itself is DL4J's: its gradient is
 * {@code softmax - onehot}, unclipped, whatever the score says.
 */
public final class Dl4jTrainer {

    private Dl4jTrainer() {
    }

    /** Trains in place; returns one EpochStats per epoch, as the reference trainer does. */
    public static List<Trainer.EpochStats> train(Dl4jNetworks.Built built, Dataset data, Trainer.Config config,
                                                 Trainer.Listener listener) {
        MultiLayerNetwork net = built.net();
        int classes = built.architecture().classes();
        Trainer.checkFits(built.input(), classes, data);
        DataType dtype = net.params().dataType();
        StepWatcher counter = new StepWatcher(net, classes);
        net.setListeners(counter);
        List<Trainer.EpochStats> history = new ArrayList<>();
        int n = data.size();
        int steps = (n + config.batchSize() - 1) / config.batchSize();
        try {
            for (int epoch = 1; epoch <= config.epochs(); epoch++) {
                long start = System.nanoTime();
                int[] order = Trainer.epochOrder(config.seed(), epoch, n);
                double lossSum = 0;
                counter.correct = 0;
                for (int step = 1; step <= steps; step++) {
                    int from = (step - 1) * config.batchSize();
                    Dataset.Batch batch = data.batch(order, from, Math.min(from + config.batchSize(), n));
                    counter.labels = batch.y();
                    counter.exactLoss = Double.NaN; // a step whose hooks did not run must not pass the rule
                    counter.gradientsFinite = false;
                    net.fit(dataSet(batch, data.shape().size(), classes, dtype));
                    // The mean loss at the parameters before this update, as the reference computes it: not
                    // net.score(), which clips each probability at 1e-10 and so reads low where one underflows.
                    double loss = counter.exactLoss;
                    Trainer.checkStep(epoch, step, steps, loss, counter.gradientsFinite, classes, history);
                    lossSum += loss * batch.n();
                    listener.onStep(epoch, step, steps, loss);
                }
                Trainer.EpochStats stats = new Trainer.EpochStats(epoch, lossSum / n, (double) counter.correct / n,
                        steps, n, (System.nanoTime() - start) / 1e9);
                history.add(stats);
                listener.onEpoch(stats);
            }
        } finally {
            net.setListeners();
        }
        return history;
    }

    /** Test accuracy and confusion matrix by DL4J's Evaluation, as {@code confusion[actual][predicted]}. */
    public static int[][] confusion(Dl4jNetworks.Built built, Dataset data, int batchSize) {
        MultiLayerNetwork net = built.net();
        int classes = built.architecture().classes();
        DataType dtype = net.params().dataType();
        Evaluation eval = new Evaluation(classes);
        int[] order = java.util.stream.IntStream.range(0, data.size()).toArray();
        for (int from = 0; from < data.size(); from += batchSize) {
            Dataset.Batch b = data.batch(order, from, Math.min(from + batchSize, data.size()));
            DataSet ds = dataSet(b, data.shape().size(), classes, dtype);
            eval.eval(ds.getLabels(), net.output(ds.getFeatures(), false));
        }
        int[][] confusion = new int[classes][classes];
        for (int actual = 0; actual < classes; actual++) {
            for (int predicted = 0; predicted < classes; predicted++) {
                confusion[actual][predicted] = eval.getConfusionMatrix().getCount(actual, predicted);
            }
        }
        return confusion;
    }

    /** Features (N, C*H*W) flat as the reference holds them, labels one-hot (N, K). */
    public static DataSet dataSet(Dataset.Batch batch, int features, int classes, DataType dtype) {
        INDArray x = Nd4j.create(batch.x(), new long[] {batch.n(), features}, 'c').castTo(dtype);
        double[] onehot = new double[batch.n() * classes];
        for (int i = 0; i < batch.n(); i++) {
            onehot[i * classes + batch.y()[i]] = 1;
        }
        INDArray y = Nd4j.create(onehot, new long[] {batch.n(), classes}, 'c').castTo(dtype);
        return new DataSet(x, y);
    }

    /**
     * Watches each step inside fit(), before its update: counts correct predictions from the forward pass
     * that fit() does anyway (so the training accuracy costs no second forward pass), computes the exact
     * mean loss from the logits with the reference's own log-sum-exp, and notes whether DL4J's gradient
     * (the batch sum, before the updater turns it into the update) is finite.
     */
    private static final class StepWatcher extends BaseTrainingListener {
        private final MultiLayerNetwork net;
        private final int classes;
        int[] labels;
        long correct;
        double exactLoss;
        boolean gradientsFinite;

        StepWatcher(MultiLayerNetwork net, int classes) {
            this.net = net;
            this.classes = classes;
        }

        @Override
        public void onForwardPass(Model model, List<INDArray> activations) {
            int outputLayer = net.getnLayers() - 1;
            // activations[0] is the input and activations[i] layer i-1's output, so the output layer's input:
            INDArray logits = Dl4jParams.denseLogits(net, outputLayer, activations.get(outputLayer));
            exactLoss = new SoftmaxCrossEntropy().forward(Dl4jParams.values(logits), labels, labels.length, classes);
            // The list may run to the output layer's own activations (argmax needs no softmax either way).
            INDArray scores = activations.size() == net.getnLayers() + 1 ? activations.get(activations.size() - 1)
                    : logits;
            INDArray predicted = scores.argMax(1);
            for (int i = 0; i < labels.length; i++) {
                if (predicted.getInt(i) == labels[i]) {
                    correct++;
                }
            }
        }

        @Override
        public void onGradientCalculation(Model model) {
            INDArray g = model.gradient().gradient();
            gradientsFinite = !(g.isNaN().any() || g.isInfinite().any());
        }
    }
}
