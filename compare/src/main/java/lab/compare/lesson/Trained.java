package lab.compare.lesson;

import lab.data.DataSource;
import lab.data.Split;
import lab.fast.FastNetwork;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Evaluation;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Trainer;

/**
 * The preset {@code cnn} after a short training on 28x28 digits, and a batch of test digits: what the
 * lesson's first two parts look at, so that its maps show features, not noise. Trained on the reference's
 * fast path (the same numbers as its naive loops), with the experiment's settings (Adam 0.005, batch 32,
 * He init); everything drawn from the lesson's seed.
 *
 * @param net      the trained network, on the reference's own (naive) layers
 * @param batch    {@link #BATCH} test digits drawn by the seed
 * @param images   training images it saw (one epoch of them)
 * @param accuracy its test accuracy after training, in [0, 1]
 * @param seconds  how long the training took
 */
record Trained(Network net, Dataset batch, int images, double accuracy, double seconds) {

    static final String DATA = "mnist10k";
    static final String MODEL = "cnn";
    static final int BATCH = 32;

    /** Trains on {@code images} training digits (one epoch) from {@code seed}; the batch comes from the seed too. */
    static Trained cnn(long seed, int images, int threads) {
        Split split = DataSource.load(DATA, 0.25, 0);
        Split sized = images >= split.train().size() ? split : split.withTrainSize(images, seed);
        FastNetwork fast = FastNetwork.create(Architecture.of(MODEL), sized.train().shape(), Init.HE, seed, threads);
        long start = System.nanoTime();
        Trainer.train(fast, Optimizer.adam(0.005), sized.train(), new Trainer.Config(1, 32, seed), new Trainer.Listener() {
        });
        double seconds = (System.nanoTime() - start) / 1e9;
        double accuracy = Evaluation.of(fast, split.test(), 256).accuracy();
        return new Trained(fast.spec(), batch(split.test(), seed), sized.train().size(), accuracy, seconds);
    }

    /** {@link #BATCH} test digits, distinct, drawn by {@code seed}. */
    static Dataset batch(Dataset test, long seed) {
        int[] order = Trainer.epochOrder(seed, 1, test.size());
        return test.subset("test batch", java.util.Arrays.copyOf(order, BATCH));
    }
}
