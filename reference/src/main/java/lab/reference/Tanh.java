package lab.reference;

/** Tanh, elementwise. Its derivative is written in terms of the output: 1 - tanh(x)^2. */
public final class Tanh implements Layer {

    private final Shape shape;
    private double[] out; // forward keeps its output: the derivative needs only that
    private int n;

    public Tanh(Shape shape) {
        this.shape = shape;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, shape);
        this.n = n;
        out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = Math.tanh(x[i]);
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, shape);
        double[] dx = new double[dout.length];
        for (int i = 0; i < dout.length; i++) {
            // forward was: out[i] = tanh(x[i])
            dx[i] += dout[i] * (1 - out[i] * out[i]);
        }
        return dx;
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
        return "tanh";
    }
}
