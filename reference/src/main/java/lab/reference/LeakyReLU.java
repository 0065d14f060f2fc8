package lab.reference;

/**
 * Leaky ReLU, elementwise: out = x for x > 0, alpha * x otherwise (DL4J's ActivationLReLU, alpha in (0, 1)).
 *
 * <p>Its derivative at exactly 0 is 1, not alpha: the test is {@code x < 0 ? alpha : 1}, because that is what
 * DL4J 1.0.0-M2.1 computes. ActivationLReLU.backprop runs libnd4j's {@code lrelu_bp} op, whose helper
 * (libnd4j {@code ops/declarable/helpers/cpu/legacy_helper.cpp}, leakyReluDerivative_) is
 * {@code x < 0 ? alpha * dout : dout}; run on M2.1, backprop of x = (-1, 0, 1, -0.0) with alpha 0.1 gave
 * (0.1, 1, 1, 1). This differs from {@link ReLU}, whose derivative at 0 is 0 (DL4J's too): the two kinks are
 * taken from opposite sides. Java's {@code -0.0 < 0} is false, so -0.0 gets 1 here as well, as in DL4J.
 */
public final class LeakyReLU implements Layer {

    private final Shape shape;
    private final double alpha; // slope below 0
    private double[] x; // forward keeps its input: the sign of x is the whole derivative
    private int n;

    public LeakyReLU(Shape in, double alpha) {
        this.shape = in;
        this.alpha = alpha;
        describe(); // the spec refuses a slope outside (0, 1), in the text form's own words
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, shape);
        this.x = x;
        this.n = n;
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] > 0 ? x[i] : alpha * x[i]; // at 0 both sides give 0
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, shape);
        double[] dx = new double[dout.length];
        for (int i = 0; i < dout.length; i++) {
            // forward was: out[i] = x[i] > 0 ? x[i] : alpha * x[i]; derivative 1 at x = 0, as DL4J's
            dx[i] += x[i] < 0 ? alpha * dout[i] : dout[i];
        }
        return dx;
    }

    /** The last forward's input: its signs are the derivative, and where a stencil crosses 0 it meets a kink. */
    double[] lastInput() {
        return x;
    }

    /** The slope below 0. */
    public double alpha() {
        return alpha;
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
        return new Architecture.Activation(Architecture.ActivationKind.LEAKYRELU, alpha).toString();
    }
}
