package lab.bench;

import java.util.concurrent.TimeUnit;

import lab.compare.speed.Cases;
import lab.compare.speed.Inputs;
import lab.compare.speed.Ways;
import lab.reference.Layer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Single layers of the reference stack on a batch of 32: conv forward, conv backward (dx and dW, after
 * one forward of the same batch), dense forward + backward. Inputs are synthetic, of the layer's shape.
 * One thread: the fast path's threads split a batch across copies of the whole network (see RefTrain).
 */
@Fork(jvmArgsAppend = Ways.VECTOR_MODULE)
public class RefLayers {

    /** One layer of a model, its input and an upstream gradient, built for the case. */
    abstract static class LayerState {
        Layer target;
        double[] x;
        double[] dout;

        void build(String variant, String layerCase) {
            target = Ways.layers(variant, Cases.modelOf(layerCase)).get(Cases.indexOf(layerCase));
            x = Inputs.uniform(Cases.BATCH * target.inputShape().size(), 2);
            dout = Inputs.uniform(Cases.BATCH * target.outputShape().size(), 4);
            target.forward(x, Cases.BATCH); // backward needs the forward of its batch
        }
    }

    @State(Scope.Thread)
    public static class Conv extends LayerState {
        @Param({"book-cnn:0", "cnn:0", "cnn:3"})
        public String conv;

        @Param({"naive", "fast1", "scalar1"})
        public String variant;

        @Setup
        public void setup() {
            build(variant, conv);
        }
    }

    @State(Scope.Thread)
    public static class Dense extends LayerState {
        @Param({"mlp:0", "cnn:6"})
        public String dense;

        @Param({"naive", "fast1", "scalar1"})
        public String variant;

        @Setup
        public void setup() {
            build(variant, dense);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] convForward(Conv s) {
        return s.target.forward(s.x, Cases.BATCH);
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] convBackward(Conv s) {
        return s.target.backward(s.dout); // gradients pile up across calls: the same work every time
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public double[] denseForwardBackward(Dense s) {
        s.target.forward(s.x, Cases.BATCH);
        return s.target.backward(s.dout);
    }
}
