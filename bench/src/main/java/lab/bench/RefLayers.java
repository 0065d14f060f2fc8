package lab.bench;

import java.util.concurrent.TimeUnit;

import lab.compare.speed.Cases;
import lab.compare.speed.Inputs;
import lab.compare.speed.Ways;
import lab.fast.Fast;
import lab.fast.FloatLayer;
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
 * The float variant ({@code float1}) times the float32 twin of the same layer on the same values rounded
 * to float; its forward includes rounding the double master weights, as every forward of the float path does.
 */
@Fork(jvmArgsAppend = Ways.VECTOR_MODULE)
public class RefLayers {

    /** One layer of a model with its input and an upstream gradient, in the variant's precision. */
    interface Timed {
        Object forward();

        Object backward();
    }

    /** A case's layer on {@code variant}, its input and upstream gradient built, one forward already run. */
    static Timed build(String variant, String layerCase) {
        String model = Cases.modelOf(layerCase);
        int index = Cases.indexOf(layerCase);
        Layer shapes = Cases.layerOf(layerCase);
        double[] x = Inputs.uniform(Cases.BATCH * shapes.inputShape().size(), 2);
        double[] dout = Inputs.uniform(Cases.BATCH * shapes.outputShape().size(), 4);
        Timed timed;
        if (variant.startsWith("float")) {
            FloatLayer target = Ways.floatLayers(variant, model).get(index);
            float[] fx = Fast.narrow(x, null), fdout = Fast.narrow(dout, null);
            timed = new Timed() {
                public Object forward() {
                    return target.forward(fx, Cases.BATCH);
                }

                public Object backward() {
                    return target.backward(fdout);
                }
            };
        } else {
            Layer target = Ways.layers(variant, model).get(index);
            timed = new Timed() {
                public Object forward() {
                    return target.forward(x, Cases.BATCH);
                }

                public Object backward() {
                    return target.backward(dout);
                }
            };
        }
        timed.forward(); // backward needs the forward of its batch
        return timed;
    }

    @State(Scope.Thread)
    public static class Conv {
        @Param({"book-cnn:0", "cnn:0", "cnn:3"})
        public String conv;

        @Param({"naive", "fast1", "scalar1", "float1"})
        public String variant;

        Timed layer;

        @Setup
        public void setup() {
            layer = build(variant, conv);
        }
    }

    @State(Scope.Thread)
    public static class Dense {
        @Param({"mlp:0", "cnn:6"})
        public String dense;

        @Param({"naive", "fast1", "scalar1", "float1"})
        public String variant;

        Timed layer;

        @Setup
        public void setup() {
            layer = build(variant, dense);
        }
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object convForward(Conv s) {
        return s.layer.forward();
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object convBackward(Conv s) {
        return s.layer.backward(); // gradients pile up across calls: the same work every time
    }

    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public Object denseForwardBackward(Dense s) {
        s.layer.forward();
        return s.layer.backward();
    }
}
