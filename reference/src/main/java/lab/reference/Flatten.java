package lab.reference;

/**
 * Flatten (N, C, H, W) to (N, C*H*W). In NCHW row-major storage this is the identity on the buffer
 * (index c*H*W + h*W + w, the same as DL4J's 'c' reshape), so forward and backward copy nothing.
 */
public final class Flatten implements Layer {

    private final Shape in;
    private int n;

    public Flatten(Shape in) {
        this.in = in;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, in);
        this.n = n;
        return x;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        return dout;
    }

    @Override
    public Shape inputShape() {
        return in;
    }

    @Override
    public Shape outputShape() {
        return Shape.vector(in.size());
    }

    @Override
    public String describe() {
        return "flatten";
    }
}
