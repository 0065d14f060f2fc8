package lab.reference;

/**
 * ReLU, elementwise: out = max(0, x). Its derivative at exactly 0 is 0 (the test is {@code x > 0}), as in
 * DL4J; this matters, since blank pixels make exact zeros common.
 * The fast path ({@link Network.Path#fast(int)}) computes the same values without a branch per element
 * (a sign that changes at random defeats the branch predictor) and writes into buffers kept from the last
 * batch; it differs only on NaN inputs, which it passes on instead of turning them into 0.
 */
public final class ReLU implements Layer {

    private final Shape shape;
    private double[] x; // forward keeps its input: the mask x > 0 is the whole derivative
    private int n;
    private boolean fast;
    private double[] out, dx; // the fast path's buffers, kept from the last batch (every value is overwritten)

    public ReLU(Shape shape) {
        this.shape = shape;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, shape);
        this.x = x;
        this.n = n;
        if (fast) {
            out = Conv2D.reuse(out, x.length);
            for (int i = 0; i < x.length; i++) {
                out[i] = Math.max(x[i], 0.0); // one vector max, no branch; max(-0.0, 0.0) is 0.0 as below
            }
            return out;
        }
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] > 0 ? x[i] : 0.0;
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, shape);
        if (fast) {
            // out = max(x, 0), so min(out, 1) is in (0, 1] where x > 0 and 0 elsewhere; its ceiling is
            // the mask, exactly 1.0 or 0.0, without a branch.
            dx = Conv2D.reuse(dx, dout.length);
            for (int i = 0; i < dout.length; i++) {
                dx[i] = dout[i] * Math.ceil(Math.min(out[i], 1.0));
            }
            return dx;
        }
        double[] dx = new double[dout.length];
        for (int i = 0; i < dout.length; i++) {
            // forward was: out[i] = x[i] > 0 ? x[i] : 0
            dx[i] += x[i] > 0 ? dout[i] : 0.0;
        }
        return dx;
    }

    /** Chooses the kernels; {@link Network} calls this once, before any batch. */
    void use(Network.Path path) {
        fast = path.fast();
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
