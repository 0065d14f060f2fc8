package lab.fast;


import lab.reference.Dense;
import lab.reference.Layer;
import lab.reference.Param;

/**
 * {@link Dense}'s fast twin, on the spec layer's own W and b: the three products by {@link DenseFast}'s GEMM
 * on row copies; tested equal to the spec's loops. dx goes into a buffer kept from the last batch, or is
 * skipped when told nothing reads it (a network's first layer).
 */
final class FastDense extends Twin<Dense> {

    private final int D, U;
    private final boolean inputGradient; // false: backward skips dx and returns null
    private final Param w; // (D, U), the spec's
    private final Param b; // (U), the spec's
    private final DenseFast kernels;

    // Forward keeps its input: dw = x^T . dout needs it.
    private double[] x; // (N, D)
    private int n;
    private double[] dxBuffer; // dx, kept from the last batch (see Fast.reuse)

    FastDense(Dense spec, boolean inputGradient) {
        super(spec);
        this.inputGradient = inputGradient;
        D = spec.inputShape().size();
        U = spec.outputShape().size();
        w = spec.params().get(0); // W before b, as every layer lists them
        b = spec.params().get(1);
        kernels = new DenseFast(D, U);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        // a fresh array: a network's last layer returns it to the caller as the logits
        return kernels.forward(x, w.value(), b.value(), n, new double[n * U]);
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        dxBuffer = inputGradient ? Fast.reuse(dxBuffer, n * D) : null;
        return kernels.backward(dout, x, w.value(), w.grad(), b.grad(), n, dxBuffer);
    }
}
