package lab.reference;

import java.util.Arrays;

/**
 * One parameter tensor of a layer, seen uniformly: DL4J's name ({@code W} or {@code b}), its logical
 * shape, its values and its gradient (same length). Zeroing, optimizer steps, gradient checks and the
 * weight transfer to DL4J are each one loop over these.
 *
 * @param name  DL4J's parameter name within the layer: {@code W} or {@code b}
 * @param shape logical shape, row-major: conv {@code W} (F, C, KH, KW), dense {@code W} (in, out), {@code b} (out)
 * @param value the values, length = product of shape
 * @param grad  the gradient of the loss, same length; backward only ever adds into it
 */
public record Param(String name, int[] shape, double[] value, double[] grad) {

    public Param(String name, int... shape) {
        this(name, shape, new double[product(shape)], new double[product(shape)]);
    }

    public Param {
        if (value.length != product(shape) || grad.length != value.length) {
            throw new IllegalArgumentException("param " + name + ": shape " + Arrays.toString(shape)
                    + " holds " + product(shape) + " values, got value " + value.length + ", grad " + grad.length);
        }
    }

    public int size() {
        return value.length;
    }

    public void zeroGrad() {
        Arrays.fill(grad, 0.0);
    }

    static int product(int[] shape) {
        int p = 1;
        for (int s : shape) {
            p *= s;
        }
        return p;
    }

    @Override
    public String toString() {
        return name + Arrays.toString(shape);
    }
}
