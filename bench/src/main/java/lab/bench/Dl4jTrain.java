package lab.bench;

import java.util.concurrent.TimeUnit;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One DL4J training step, {@code net.fit(batch)}: forward, loss, backward and the updater, as the dl4j
 * stack trains. Each parameter combination runs in its own JMH fork, so the thread count is set before
 * ND4J does anything. {@code workspace} and {@code batch} are for the "DL4J at its best" study
 * (BENCHMARKS.md); the table's runs leave them at DL4J's default and the experiment's 32.
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

    /** ENABLED (DL4J's default) or NONE, for training and inference alike. */
    @Param({"ENABLED"})
    public String workspace;

    @Param({"32"})
    public int batch;

    private MultiLayerNetwork net;
    private DataSet data;

    @Setup
    public void setup() {
        DataType type = Dl4jSetup.dtype(dtype);
        Dl4jSetup.init(threads, type);
        net = Dl4jSetup.build(model, type).net();
        MultiLayerConfiguration conf = net.getLayerWiseConfigurations();
        conf.setTrainingWorkspaceMode(WorkspaceMode.valueOf(workspace));
        conf.setInferenceWorkspaceMode(WorkspaceMode.valueOf(workspace));
        int features = Cases.inputOf(model).size();
        data = new DataSet(Dl4jSetup.uniform(type, 2, batch, features), Dl4jSetup.oneHot(batch, 10, type, 3));
    }

    @Benchmark
    public MultiLayerNetwork step() {
        net.fit(data);
        return net;
    }
}
