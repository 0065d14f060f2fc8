package lab.reference;

/**
 * Sigmoid, elementwise: out = 1 / (1 + exp(-x)), as DL4J's Activation.SIGMOID. Its derivative is written in
 * terms of the output, out * (1 - out), so forward keeps only the output. Not a loss: the output layer's
 * softmax + cross-entropy stays fused in {@link SoftmaxCrossEntropy}.
 */
public final class Sigmoid implements Layer {

    private final Shape shape;
    private double[] out; // forward keeps its output: the derivative needs only that
    private int n;

    public Sigmoid(Shape in) {
        this.shape = in;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, shape);
        this.n = n;
        out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            // exp(-x) may overflow to infinity for x below about -709; 1 / infinity is 0, the right limit
            out[i] = 1.0 / (1.0 + Math.exp(-x[i]));
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, shape);
        double[] dx = new double[dout.length];
        for (int i = 0; i < dout.length; i++) {
            // forward was: out[i] = 1 / (1 + exp(-x[i]))
            dx[i] += dout[i] * out[i] * (1 - out[i]);
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
        return new Architecture.Activation(Architecture.ActivationKind.SIGMOID).toString();
    }
}
