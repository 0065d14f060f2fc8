package lab.fast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dense;
import lab.reference.GradCheck;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Network;
import lab.reference.ReLU;
import lab.reference.Shape;
import lab.reference.Tanh;
import org.junit.jupiter.api.Test;

/**
 * Every fast twin, and a FastNetwork on both its paths (one chunk, split over threads), refuses an input,
 * dout or label array of the wrong length with an IllegalArgumentException naming the layer, as the spec
 * layers do: one value too many would otherwise be ignored silently (or, for ReLU, passed on as an extra
 * example), one too few read past the end or padded with zeros by the chunk copies.
 */
class TwinBatchChecksTest {

    private static final Shape IN = new Shape(2, 6, 4);
    private static final int N = 2;

    private static List<Layer> twins() {
        return List.of(
                Fast.twin(new Conv2D(IN, 3, 3, 2, 1, 1, 1, 0), true, Kernels.best(), 1), // stride 1: Conv2DFast
                Fast.twin(new Conv2D(IN, 3, 3, 2, 2, 1, 1, 0), true, Kernels.best(), 1), // stride 2: Conv2DDirect
                Fast.twin(new Dense(IN, 4), true, Kernels.best(), 1),
                Fast.twin(new ReLU(IN), true, Kernels.best(), 1),
                Fast.twin(new MaxPool2D(IN, 2, 2, 2, 2), true, Kernels.best(), 1));
    }

    @Test
    void everyTwinRefusesAnInputOfTheWrongLengthNamingItself() {
        for (Layer twin : twins()) {
            for (int extra : new int[] {-1, 1}) {
                int length = N * IN.size() + extra;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> twin.forward(new double[length], N), twin.describe() + " input of " + length);
                assertEquals(twin.describe() + ": input should hold " + N + " x " + IN + " = " + N * IN.size()
                        + " values, got " + length, e.getMessage());
            }
        }
    }

    @Test
    void everyTwinRefusesADoutOfTheWrongLengthNamingItself() {
        Random rng = new Random(3);
        for (Layer twin : twins()) {
            Shape out = twin.outputShape();
            twin.forward(GradCheck.gaussian(N * IN.size(), rng), N);
            for (int extra : new int[] {-1, 1}) {
                int length = N * out.size() + extra;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> twin.backward(new double[length]), twin.describe() + " dout of " + length);
                assertEquals(twin.describe() + ": dout should hold " + N + " x " + out + " = " + N * out.size()
                        + " values, got " + length, e.getMessage());
            }
        }
    }

    /** Zero threads is refused when a twin or a FastNetwork is made, for every layer (one without a twin too). */
    @Test
    void twinsAndFastNetworksRefuseZeroThreads() {
        List<Layer> specs = List.of(new Conv2D(IN, 3, 3, 2, 1, 1, 1, 0), new Dense(IN, 4), new ReLU(IN),
                new MaxPool2D(IN, 2, 2, 2, 2), new Tanh(IN));
        for (Layer spec : specs) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Fast.twin(spec, true, Kernels.best(), 0), spec.describe());
            assertEquals("threads must be >= 1, got 0", e.getMessage(), spec.describe());
        }
        Network net = Network.create(Architecture.of("conv(3,k3,p1)-relu-dense(3)"), new Shape(1, 6, 6), Init.HE, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FastNetwork(net, 0));
        assertEquals("threads must be >= 1, got 0", e.getMessage());
    }

    /** n = 1 on 2 threads runs on one thread; n = 4 splits: the same refusal, with the same message, on both. */
    @Test
    void aFastNetworkRefusesAWrongInputOnBothPaths() {
        Shape in = new Shape(1, 6, 6);
        FastNetwork net = FastNetwork.create(Architecture.of("conv(3,k3,p1)-relu-dense(3)"), in, Init.HE, 1, 2);
        String first = net.layers().get(0).describe();
        for (int n : new int[] {1, 4}) {
            for (int extra : new int[] {-1, 1}) {
                int length = n * in.size() + extra;
                int batch = n;
                String expected = first + ": input should hold " + n + " x " + in + " = " + n * in.size()
                        + " values, got " + length;
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> net.forward(new double[length], batch), "forward, n " + n + ", length " + length);
                assertEquals(expected, e.getMessage());
                e = assertThrows(IllegalArgumentException.class,
                        () -> net.lossAndGradient(new double[length], new int[batch], batch),
                        "lossAndGradient, n " + n + ", length " + length);
                assertEquals(expected, e.getMessage());
            }
        }
    }

    @Test
    void aFastNetworkRefusesMissingOrMiscountedLabelsOnBothPaths() {
        Shape in = new Shape(1, 6, 6);
        FastNetwork net = FastNetwork.create(Architecture.of("conv(3,k3,p1)-relu-dense(3)"), in, Init.HE, 1, 2);
        Random rng = new Random(4);
        for (int n : new int[] {1, 4}) {
            double[] x = GradCheck.gaussian(n * in.size(), rng);
            int batch = n;
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> net.lossAndGradient(x, null, batch), "null labels, n " + n);
            assertEquals("loss: " + n + " examples but no labels", e.getMessage());
            for (int count : new int[] {n - 1, n + 1}) {
                e = assertThrows(IllegalArgumentException.class,
                        () -> net.lossAndGradient(x, new int[count], batch), count + " labels, n " + n);
                assertEquals("loss: " + n + " examples but " + count + " labels", e.getMessage());
            }
        }
    }
}
