package lab.fast;


import lab.reference.Dense;
import lab.reference.Layer;
import lab.reference.Param;

/**
 * {@link Dense}'s fast twin, on the spec layer's own W and b: the three products by a {@link DenseKernel},
 * split over threads by rows of each result (examples for out and dx, input features for dW), each value
 * the same chain on any thread count; tested equal to the spec's loops. dx goes into a buffer kept from the
 * last batch, or is skipped when told nothing reads it (a network's first layer).
 */
final class FastDense extends Twin<Dense> {

    private final int D, U;
    private final boolean inputGradient; // false: backward skips dx and returns null
    private final Param w; // (D, U), the spec's
    private final Param b; // (U), the spec's
    private final DenseKernel kernels;
    private final int threads;

    // Forward keeps its input: dw = x^T . dout needs it.
    private double[] x; // (N, D)
    private int n;
    private double[] dxBuffer; // dx, kept from the last batch (see Fast.reuse)

    FastDense(Dense spec, boolean inputGradient, Kernels kernels, int threads) {
        super(spec);
        this.inputGradient = inputGradient;
        D = spec.inputShape().size();
        U = spec.outputShape().size();
        w = spec.params().get(0); // W before b, as every layer lists them
        b = spec.params().get(1);
        this.kernels = kernels.dense(D, U);
        this.threads = threads;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        // a fresh array: a network's last layer returns it to the caller as the logits
        double[] out = new double[n * U];
        double[] wv = w.value(), bv = b.value();
        kernels.prepareForward(wv, n);
        Parallel.forEachChunk(split(n), n, (c, from, to) -> kernels.forward(x, wv, bv, out, from, to));
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = dxBuffer = inputGradient ? Fast.reuse(dxBuffer, n * D) : null;
        double[] xs = x, wv = w.value(), dw = w.grad();
        int batch = n;
        kernels.db(dout, b.grad(), batch);
        kernels.prepareBackward(dout, wv, batch, dx != null);
        // one split, two products: chunk c takes its share of dW's rows (features) and of dx's (examples)
        int t = split(batch);
        Parallel.forEachChunk(t, t, (c, unused, alsoUnused) -> {
            kernels.dw(xs, dout, dw, batch, Parallel.start(c, t, D), Parallel.start(c + 1, t, D));
            if (dx != null) {
                kernels.dx(dout, wv, dx, Parallel.start(c, t, batch), Parallel.start(c + 1, t, batch));
            }
        });
        return dx;
    }

    /** The threads to split a batch of n over: all of them unless the batch is too little work. */
    private int split(int n) {
        return Math.min(Parallel.threadsFor(threads, (long) n * D * U), Math.min(n, D));
    }
}
