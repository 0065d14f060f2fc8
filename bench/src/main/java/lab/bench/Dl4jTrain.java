package lab.bench;

import java.util.concurrent.TimeUnit;

import lab.compare.speed.Cases;
import lab.compare.speed.Ways;
import lab.reference.Shape;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.CacheMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One DL4J training step, {@code net.fit(batch)}: forward, loss, backward and the updater, as the dl4j
 * stack trains. Each parameter combination runs in its own JMH fork, so the thread count is set before
 * ND4J does anything. {@code tuning} is for the "DL4J at its best" study (BENCHMARKS.md); the table's
 * runs leave it at DL4J's defaults and the experiment's batch of 32.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class Dl4jTrain {

    @Param({"book-cnn", "mlp", "cnn"})
    public String model;

    @Param({"float", "double"})
    public String dtype;

    @Param({"1", "2"})
    public int threads;

    /**
     * For the "DL4J at its best" study, one change from DL4J's defaults at a time: {@code default},
     * {@code wsNONE} (no workspaces, training and inference), {@code cacheDEVICE} / {@code cacheNONE} (the
     * layers' cache mode: DEVICE keeps a conv's im2col from forward for backprop, which otherwise redoes
     * the whole forward product), {@code NHWC} (conv and pooling layers in
     * NHWC; nothing changes for mlp, so its row doubles as a noise check), {@code batch64}, {@code batch128}.
     */
    @Param({"default"})
    public String tuning;

    private MultiLayerNetwork net;
    private DataSet data;

    /** A fresh network at every iteration, as {@link RefTrain} and for the same reason (subnormal gradients). */
    @Setup(Level.Iteration)
    public void setup() {
        DataType type = Ways.dtype(dtype);
        Dl4jSetup.init(threads, type);
        net = Ways.dl4j(model, type).net();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        int batch = switch (tuning) {
            case "default", "wsNONE", "NHWC", "cacheDEVICE", "cacheNONE" -> Cases.BATCH;
            case "batch64" -> 64;
            case "batch128" -> 128;
            default -> throw new IllegalArgumentException("unknown tuning '" + tuning
                    + "'; known: default, wsNONE, NHWC, cacheDEVICE, cacheNONE, batch64, batch128");
        };
        if (tuning.startsWith("cache")) {
            // both: the configuration's opens the forward's cache workspace, the layers' fill it
            conf.setCacheMode(CacheMode.valueOf(tuning.substring(5)));
            net.setCacheMode(CacheMode.valueOf(tuning.substring(5)));
        }
        if (tuning.equals("wsNONE")) {
            conf.setTrainingWorkspaceMode(WorkspaceMode.NONE);
            conf.setInferenceWorkspaceMode(WorkspaceMode.NONE);
        }
        Shape in = Cases.inputOf(model);
        boolean nhwc = tuning.equals("NHWC") && conf.getInputPreProcessors().get(0) instanceof FeedForwardToCnnPreProcessor;
        if (nhwc) {
            net = nhwc(conf);
        }
        data = new DataSet(nhwc ? Ways.uniform(type, 2, batch, in.h(), in.w(), in.c())
                : Ways.uniform(type, 2, batch, in.size()), Ways.oneHot(batch, 10, type, 3));
    }

    /**
     * The same network with its conv and pooling layers in NHWC, fed (N, H, W, C) directly: the input
     * preprocessor (flat to NCHW) goes, the one before the dense layer flattens NHWC. For throughput only:
     * the dense weights would need their rows permuted to compute what the NCHW network does.
     */
    private static MultiLayerNetwork nhwc(MultiLayerConfiguration conf) {
        MultiLayerConfiguration c = conf.clone();
        for (NeuralNetConfiguration layer : c.getConfs()) {
            if (layer.getLayer() instanceof ConvolutionLayer conv) {
                conv.setCnn2dDataFormat(CNN2DFormat.NHWC);
            } else if (layer.getLayer() instanceof SubsamplingLayer pool) {
                pool.setCnn2dDataFormat(CNN2DFormat.NHWC);
            }
        }
        c.getInputPreProcessors().remove(0);
        for (InputPreProcessor p : c.getInputPreProcessors().values()) {
            if (p instanceof CnnToFeedForwardPreProcessor flatten) {
                flatten.setFormat(CNN2DFormat.NHWC);
            }
        }
        MultiLayerNetwork net = new MultiLayerNetwork(c);
        net.init();
        return net;
    }

    @Benchmark
    public MultiLayerNetwork step() {
        net.fit(data);
        return net;
    }
}
