package lab.fast;

import lab.reference.Layer;
import lab.reference.ReLU;

/**
 * {@link ReLU}'s fast twin: the same values without a branch per element (a sign that changes at random
 * defeats the branch predictor), written into buffers kept from the last batch. It differs from the spec
 * only on NaN inputs, which it passes on instead of turning them into 0.
 */
final class FastReLU extends Twin<ReLU> {

    private final int threads;
    private int n;
    private double[] out, dx; // kept from the last batch (every value is overwritten); backward reads out

    FastReLU(ReLU spec, int threads) {
        super(spec);
        this.threads = threads;
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] y = out = Fast.reuse(out, x.length);
        int size = inputShape().size();
        Parallel.forEachChunk(Parallel.threadsFor(threads, x.length), n, (c, from, to) -> {
            for (int i = from * size; i < to * size; i++) {
                y[i] = Math.max(x[i], 0.0); // one vector max, no branch; max(-0.0, 0.0) is 0.0 as the spec's
            }
        });
        return y;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        // out = max(x, 0), so min(out, 1) is in (0, 1] where x > 0 and 0 elsewhere; its ceiling is
        // the mask, exactly 1.0 or 0.0, without a branch.
        double[] d = dx = Fast.reuse(dx, dout.length), y = out;
        int size = inputShape().size();
        Parallel.forEachChunk(Parallel.threadsFor(threads, dout.length), n, (c, from, to) -> {
            for (int i = from * size; i < to * size; i++) {
                d[i] = dout[i] * Math.ceil(Math.min(y[i], 1.0));
            }
        });
        return d;
    }
}
