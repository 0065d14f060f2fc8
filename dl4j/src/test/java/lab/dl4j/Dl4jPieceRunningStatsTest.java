package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Shape;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * A piece's running statistics ({@link Dl4jPiece.Run#running}) are those a real DL4J training step leaves: a
 * stock MultiLayerNetwork, a BatchNormalization with DL4J's own defaults (decay 0.9, eps 1e-5, log10 std)
 * then an output layer, fit once on the same batch, holds the same mean and variance to 1e-12. From the
 * initial mean 0 and variance 1, and from statistics already moved (which the (1 - decay) (running - batch)
 * "gradient" depends on). The net's updater is Adam, which the running statistics must not go through.
 */
class Dl4jPieceRunningStatsTest {

    private static final double TOLERANCE = 1e-12;

    @Test
    void anImageBatchnormsRunningStatisticsFromZeroAndOneAreAFitsToo() {
        Shape in = new Shape(3, 4, 5);
        Random rng = new Random(3);
        int n = 4;
        double[] x = shifted(n * in.size(), rng);
        Dl4jPiece piece = Dl4jNetworks.piece(Architecture.parseLayers("batchnorm"), in);
        Dl4jPiece.Run run = piece.run(x, n, gaussian(n * in.size(), rng));

        MultiLayerNetwork net = stock(InputType.convolutional(in.h(), in.w(), in.c()));
        net.fit(new DataSet(Nd4j.create(x, new long[] {n, in.c(), in.h(), in.w()}, 'c'), labels(n, rng)));

        assertEquals(1, run.running().size());
        assertSameStats(net, run.running().get(0));
        double[] mean = run.running().get(0).mean();
        double batchMean0 = 0; // channel 0 over (n, h, w): the moving average's 0.9 * 0 + 0.1 * batchMean
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < in.h() * in.w(); p++) {
                batchMean0 += x[i * in.size() + p];
            }
        }
        assertEquals(0.1 * batchMean0 / (n * in.h() * in.w()), mean[0], 1e-15);
        assertArrayEquals(new double[] {0, 0, 0}, Dl4jParams.values(piece.net().getParam("0_mean")),
                "the piece's own statistics stay as they were");
    }

    @Test
    void aVectorBatchnormsRunningStatisticsFromMovedValuesAreAFitsToo() {
        Shape in = new Shape(2, 2, 3); // flattened: the batchnorm reads 12 features
        Random rng = new Random(5);
        int n = 5;
        double[] x = shifted(n * in.size(), rng);
        double[] mean0 = gaussian(in.size(), rng);
        double[] var0 = new double[in.size()];
        for (int k = 0; k < var0.length; k++) {
            var0[k] = 0.2 + 3 * rng.nextDouble();
        }
        Dl4jPiece piece = Dl4jNetworks.piece(Architecture.parseLayers("flatten-batchnorm"), in);
        setStats(piece.net(), piece.dl4jLayerOf()[1], mean0, var0);
        Dl4jPiece.Run run = piece.run(x, n, gaussian(n * in.size(), rng));

        MultiLayerNetwork net = stock(InputType.feedForward(in.size()));
        setStats(net, 0, mean0, var0);
        net.fit(new DataSet(Nd4j.create(x, new long[] {n, in.size()}, 'c'), labels(n, rng)));

        assertEquals(Map.of(1, run.running().get(1)), run.running(), "one batchnorm, the piece's layer 1");
        assertSameStats(net, run.running().get(1));
    }

    /** DL4J's stock batchnorm, every setting its default, then a 2-unit output layer; Adam for the rest. */
    private static MultiLayerNetwork stock(InputType type) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .seed(1).updater(new Adam(0.1)).list()
                .layer(new BatchNormalization.Builder().build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY)
                        .build())
                .setInputType(type).build());
        net.init();
        return net;
    }

    /** The fit net's mean and variance (from its log10stdev, (10^l)^2) against the piece's, to 1e-12. */
    private static void assertSameStats(MultiLayerNetwork net, Dl4jParams.RunningStats piece) {
        double[] mean = Dl4jParams.values(net.getParam("0_mean"));
        double[] var = Dl4jParams.variance(net.getParam("0_log10stdev"));
        assertArrayEquals(mean, piece.mean(), TOLERANCE, "running mean");
        assertArrayEquals(var, piece.var(), TOLERANCE, "running variance");
    }

    private static void setStats(MultiLayerNetwork net, int j, double[] mean, double[] var) {
        net.getParam(j + "_mean").assign(Nd4j.create(mean, net.getParam(j + "_mean").shape(), 'c'));
        double[] log10std = new double[var.length];
        for (int k = 0; k < var.length; k++) {
            log10std[k] = Math.log10(Math.sqrt(var[k]));
        }
        net.getParam(j + "_log10stdev").assign(Nd4j.create(log10std, net.getParam(j + "_log10stdev").shape(), 'c'));
    }

    /** Values around 2 with a spread of 3: a batch mean far from 0 and a variance far from 1. */
    private static double[] shifted(int size, Random rng) {
        double[] v = gaussian(size, rng);
        for (int i = 0; i < size; i++) {
            v[i] = 2 + 3 * v[i];
        }
        return v;
    }

    private static double[] gaussian(int size, Random rng) {
        double[] v = new double[size];
        for (int i = 0; i < size; i++) {
            v[i] = rng.nextGaussian();
        }
        return v;
    }

    private static INDArray labels(int n, Random rng) {
        return Nd4j.create(gaussian(n * 2, rng), new long[] {n, 2}, 'c');
    }
}
