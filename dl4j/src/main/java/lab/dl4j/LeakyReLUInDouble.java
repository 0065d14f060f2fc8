package lab.dl4j;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * DL4J's leaky ReLU with its M2.1 precision bug corrected; what {@link Dl4jNetworks} maps {@code leakyrelu(A)} to.
 *
 * <p>The bug: {@link ActivationLReLU} keeps alpha as a double, and its forward (the scalar op LeakyReLU) uses it
 * as one, but its backward runs libnd4j's custom op {@code lrelu_bp}, which hands alpha to its helper as a
 * float. So in a DOUBLE network the gradient below 0 is {@code (float) alpha * dout}: for alpha 0.3 it is
 * 0.30000001192092896 dout, off by 4e-8 relative, a million times what double rounding allows (0.01, DL4J's
 * default, is off by 2e-10). {@link #stockSlopes} shows it on DL4J's own class; Dl4jNewLayersBugsTest pins it,
 * so an upgrade that fixes it shows. In a FLOAT network the two agree: the float alpha is then the right one.
 *
 * <p>Here backward computes {@code dout * (z < 0 ? alpha : 1)} in the array's own precision: the slope is
 * a mask times alpha plus its complement, each term exact. At exactly 0 (and at -0.0, which is not below 0)
 * the slope is 1, as DL4J's; forward is DL4J's own.
 */
public final class LeakyReLUInDouble extends ActivationLReLU {

    public LeakyReLUInDouble(double alpha) {
        super(alpha);
    }

    /** For Jackson, which then sets alpha through the field, as it does for DL4J's class. */
    @SuppressWarnings("unused")
    private LeakyReLUInDouble() {
        super();
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray below = in.lt(0.0).castTo(in.dataType()); // 1 where z < 0, else 0 (so 0 and -0.0 give 0)
        INDArray slope = below.mul(getAlpha()).addi(below.rsub(1.0)); // alpha or 1, exactly
        return new Pair<>(slope.muli(epsilon), null);
    }

    @Override
    public String toString() {
        return "leakyrelu(a=" + getAlpha() + ", backward in the array's precision)";
    }

    /**
     * The slope each class's backward applies, in double, for inputs -1 (below 0), 0, -0.0 and 1, with an upstream
     * gradient of 1: {@code stock}, DL4J's ActivationLReLU, and {@code corrected}, this class. For alpha 0.3:
     * stock (0.30000001192092896, 1, 1, 1), corrected (0.3, 1, 1, 1).
     */
    public record Slopes(double alpha, double[] stock, double[] corrected) {
    }

    /** {@link Slopes} for {@code alpha}, in double, whatever ND4J's process-wide default (which is left alone). */
    public static Slopes stockSlopes(double alpha) {
        double[] z = {-1, 0, -0.0, 1};
        return new Slopes(alpha, slopes(new ActivationLReLU(alpha), z), slopes(new LeakyReLUInDouble(alpha), z));
    }

    private static double[] slopes(ActivationLReLU activation, double[] z) {
        INDArray in = Nd4j.create(z, new long[] {1, z.length}, 'c').castTo(DataType.DOUBLE);
        INDArray ones = Nd4j.ones(DataType.DOUBLE, 1, z.length);
        return activation.backprop(in, ones).getFirst().toDoubleVector();
    }
}
