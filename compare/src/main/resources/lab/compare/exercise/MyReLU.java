import lab.reference.Layer;
import lab.reference.Shape;

/**
 * Your ReLU, elementwise, graded against DL4J's ActivationLayer (RELU) by {@code ./lab grade DIR}.
 *
 * <pre>
 *   x (N, C, H, W) -> out (N, C, H, W), the same shape, every element on its own
 * </pre>
 */
public final class MyReLU implements Layer {

    private final Shape shape;

    // What forward keeps for backward: its input (whether x > 0 is the whole derivative) and the batch size.
    private double[] x;
    private int n;

    public MyReLU(Shape shape) {
        this.shape = shape;
    }

    /**
     * out[i] = max(0, x[i])
     *
     * Keep x and n in the fields: backward needs them.
     *
     * @param x (N, C, H, W) flat
     * @return out, the same shape
     */
    @Override
    public double[] forward(double[] x, int n) {
        //>> forward
        this.x = x;
        this.n = n;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] > 0 ? x[i] : 0.0;
        }
        return out;
        //<< forward
    }

    /**
     * From dout = dL/dout: returns dx = dL/dx = dout where x > 0, else 0.
     *
     * DL4J's convention, which the grader holds you to (its inputs have exact zeros on purpose, as blank pixels
     * do): the derivative at exactly x = 0 is 0, so test x > 0, not x >= 0.
     */
    @Override
    public double[] backward(double[] dout) {
        //>> backward
        double[] dx = new double[dout.length];
        for (int i = 0; i < dout.length; i++) {
            // forward was: out[i] = x[i] > 0 ? x[i] : 0
            dx[i] += x[i] > 0 ? dout[i] : 0.0;
        }
        return dx;
        //<< backward
    }

    @Override
    public Shape inputShape() {
        return shape;
    }

    @Override
    public Shape outputShape() {
        return shape;
    }

    @Override
    public String describe() {
        return "MyReLU";
    }
}
