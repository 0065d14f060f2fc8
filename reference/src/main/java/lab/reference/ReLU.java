package lab.reference;

/**
 * ReLU, elementwise: out = max(0, x). Its derivative at exactly 0 is 0 (the test is {@code x > 0}), as in
 * DL4J; this matters, since blank pixels make exact zeros common.
 */
public final class ReLU implements Layer {

    private final Shape shape;
    private double[] x; // forward keeps its input: the mask x > 0 is the whole derivative
    private int n;

    public ReLU(Shape shape) {
        this.shape = shape;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, shape);
        this.x = x;
        this.n = n;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] > 0 ? x[i] : 0.0;
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, shape);
        double[] dx = new double[dout.length];
        for (int i = 0; i < dout.length; i++) {
            // forward was: out[i] = x[i] > 0 ? x[i] : 0
            dx[i] += x[i] > 0 ? dout[i] : 0.0;
        }
        return dx;
    }

    /** The last input (for tests that keep away from the kink at 0). */
    double[] lastInput() {
        return x;
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
        return "relu";
    }
}
