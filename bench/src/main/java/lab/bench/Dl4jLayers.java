package lab.bench;

import java.util.concurrent.TimeUnit;

import lab.compare.speed.Cases;
import lab.compare.speed.Ways;
import lab.dl4j.Dl4jNetworks;
import lab.reference.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single DL4J layers on a batch of 32, through the layer API the network itself calls (no workspaces):
 * conv forward (with its fused ReLU), conv backward, dense forward + backward (cnn:6 is DL4J's output
 * layer, so its backward includes softmax + cross-entropy). DL4J's conv backward redoes the im2col of
 * its forward: that is its cost, and it is what is timed.
 */
public class Dl4jLayers {

    abstract static class LayerState {
        org.deeplearning4j.nn.api.Layer target;
        INDArray x;
        INDArray dout;
        final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        void build(String layerCase, String dtype, int threads) {
            DataType type = Ways.dtype(dtype);
            Dl4jSetup.init(threads, type);
            String model = Cases.modelOf(layerCase);
            Dl4jNetworks.Built built = Ways.dl4j(model, type);
            built.net().initGradientsView(); // fit() would; backprop writes into these views
            int index = built.dl4jLayerOf()[Cases.indexOf(layerCase)];
            target = built.net().getLayer(index);
            Layer ref = Cases.layerOf(layerCase);
            x = ref.inputShape().isVector()
                    ? Ways.uniform(type, 2, Cases.BATCH, ref.inputShape().size())
                    : Ways.uniform(type, 2, Cases.BATCH, ref.inputShape().c(), ref.inputShape().h(),
                            ref.inputShape().w());
            if (!(target instanceof org.deeplearning4j.nn.layers.convolution.ConvolutionLayer) && x.rank() > 2) {
                x = x.reshape('c', Cases.BATCH, ref.inputShape().size());
            }
            if (target instanceof IOutputLayer out) {
                out.setLabels(Ways.oneHot(Cases.BATCH, ref.outputShape().size(), type, 3));
            }
            target.setInput(x, mgr);
            INDArray out = target.activate(true, mgr);
            dout = Ways.uniform(type, 4, out.shape());
        }
    }

    @State(Scope.Thread)
    public static class Conv extends LayerState {
        @Param({"book-cnn:0", "cnn:0", "cnn:3"})
        public String conv;

        @Param({"float", "double"})
        public String dtype;

        @Param({"1", "2"})
        public int threads;

        @Setup
        public void setup() {
            build(conv, dtype, threads);
        }
    }

    @State(Scope.Thread)
    public static class Dense extends LayerState {
        @Param({"mlp:0", "cnn:6"})
        public String dense;

        @Param({"float", "double"})
        public String dtype;

        @Param({"1", "2"})
        public int threads;

        @Setup
        public void setup() {
            build(dense, dtype, threads);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public INDArray convForward(Conv s) {
        s.target.setInput(s.x, s.mgr);
        return s.target.activate(true, s.mgr);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Pair<Gradient, INDArray> convBackward(Conv s) {
        return s.target.backpropGradient(s.dout, s.mgr);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Pair<Gradient, INDArray> denseForwardBackward(Dense s) {
        s.target.setInput(s.x, s.mgr);
        s.target.activate(true, s.mgr);
        return s.target.backpropGradient(s.dout, s.mgr);
    }
}
