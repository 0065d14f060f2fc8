package lab.compare.agree;

import java.util.List;
import java.util.Random;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Network;
import lab.reference.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Translation equivariance measured on both stacks: f(shift(x)) against shift(f(x)) on the interior, for
 * f = a conv layer, and f = conv then 2x2 max-pooling. The conv is equivariant to every shift; the
 * pooled map only to shifts by a multiple of the pooling stride (a shift of s input pixels should move
 * the output by s/2, which for odd s is no whole pixel): pooling buys invariance to small shifts at the
 * price of exact equivariance. The numbers are reported, never hidden.
 */
public final class Equivariance {

    /** Worst |f(shift x) - shift(f x)| over the interior, relative to max |f x|, for each stack. */
    public record Row(String layers, int shift, int outputShift, double reference, double dl4j) {
    }

    private Equivariance() {
    }

    public static List<Row> measure(long seed) {
        Shape in = new Shape(1, 16, 16);
        return List.of(
                row("conv(4,k3,p1)", 1, 1, in, seed, 1),
                row("conv(4,k3,p1)", 2, 2, in, seed, 1),
                row("conv(4,k3,p1)-maxpool(2)", 2, 1, in, seed, 2),
                row("conv(4,k3,p1)-maxpool(2)", 1, 0, in, seed, 2),
                row("conv(4,k3,p1)-maxpool(2)", 1, 1, in, seed, 2));
    }

    /** The first {@code depth} layers of {@code layers}-dense(10), input shifted right and down by {@code shift}. */
    static Row row(String layers, int shift, int outputShift, Shape in, long seed, int depth) {
        Architecture arch = Architecture.parse(layers + "-dense(10)");
        Network ref = Network.create(arch, in, Init.XAVIER, seed);
        Random rng = new Random(seed);
        double[] x = new double[in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble();
        }
        Dl4jNetworks.Built built = Dl4jNetworks.build(arch, in, DataType.DOUBLE,
                Dl4jNetworks.updater(lab.reference.Optimizer.sgd(0.1)), Init.XAVIER, seed);
        Dl4jParams.toDl4j(ref, built);
        Maps m = maps(ref, built, x, shift, outputShift, depth);
        return new Row(layers, shift, outputShift, m.reference(), m.dl4j());
    }

    /**
     * What {@link #maps} measured: the output of the first layers on x and on x shifted (both on the
     * reference), the shape of one example's output, and the error over the interior on each stack (NaN for
     * a stack not asked).
     */
    public record Maps(double[] fx, double[] fShifted, Shape out, double reference, double dl4j) {
    }

    /**
     * The first {@code depth} layers of {@code ref} (and of {@code built}, the same network on DL4J, or null)
     * on one example {@code x} and on {@code x} shifted right and down by {@code shift} (zero fill, the
     * translation study's shift), compared over the interior with the first output moved by
     * {@code outputShift}. Any network and input: a trained one on a real digit as well as fresh weights on noise.
     */
    public static Maps maps(Network ref, Dl4jNetworks.Built built, double[] x, int shift, int outputShift, int depth) {
        Shape in = ref.inputShape();
        double[] xs = new Dataset("x", x, new int[] {0}, in, 1).shifted(shift, shift).x();
        Shape out = ref.layers().get(depth - 1).outputShape();
        double[] fx = prefix(ref, x, depth);
        double[] fShifted = prefix(ref, xs, depth);
        double refErr = error(fx, fShifted, in, out, outputShift, shift);
        double dl4jErr = built == null ? Double.NaN
                : error(dl4jPrefix(built, x, depth), dl4jPrefix(built, xs, depth), in, out, outputShift, shift);
        return new Maps(fx, fShifted, out, refErr, dl4jErr);
    }

    private static double[] prefix(Network net, double[] x, int depth) {
        double[] a = x;
        List<Layer> layers = net.layers();
        for (int i = 0; i < depth; i++) {
            a = layers.get(i).forward(a, 1);
        }
        return a;
    }

    private static double[] dl4jPrefix(Dl4jNetworks.Built built, double[] x, int depth) {
        INDArray input = Nd4j.create(x, new long[] {1, x.length}, 'c');
        return Dl4jParams.output(built, input, depth - 1);
    }

    /** Interior: output positions whose receptive field (with a 1-pixel conv border) saw no shifted-in zeros. */
    private static double error(double[] fx, double[] fShifted, Shape in, Shape out, int outputShift, int inputShift) {
        double scale = 0;
        for (double v : fx) {
            scale = Math.max(scale, Math.abs(v));
        }
        int scaleDown = Math.max(1, in.h() / out.h()); // pooled maps are half the input's size
        int margin = (inputShift + 2) / scaleDown + 1;
        double worst = 0;
        for (int c = 0; c < out.c(); c++) {
            for (int h = margin; h < out.h() - 1; h++) {
                for (int w = margin; w < out.w() - 1; w++) {
                    double a = fShifted[(c * out.h() + h) * out.w() + w];
                    double b = fx[(c * out.h() + h - outputShift) * out.w() + w - outputShift];
                    worst = Math.max(worst, Math.abs(a - b));
                }
            }
        }
        return worst / scale;
    }
}
