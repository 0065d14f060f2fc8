package lab.fast;


import lab.reference.Conv2D;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.Window;

/**
 * {@link Conv2D}'s fast twin, on the spec layer's own W and b: {@link Conv2DFast} (im2col + GEMM) for
 * stride 1, {@link Conv2DDirect} for other strides; tested equal to the spec's loops. Stride 1 writes into
 * buffers kept from the last batch, and skips dx when told nothing reads it (a network's first layer).
 */
final class FastConv2D extends Twin<Conv2D> {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW;
    private final boolean inputGradient; // false: stride 1 skips dx (a quarter of its work) and returns null
    private final Param w; // (F, C, KH, KW), the spec's
    private final Param b; // (F), the spec's

    // Forward keeps its input: backward needs x for dw, and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;
    private double[] outBuffer, dxBuffer; // stride 1's results, kept from the last batch (see Fast.reuse)

    FastConv2D(Conv2D spec, boolean inputGradient) {
        super(spec);
        this.inputGradient = inputGradient;
        Shape in = spec.inputShape(), out = spec.outputShape();
        Window window = spec.window();
        C = in.c();
        H = in.h();
        W = in.w();
        F = out.c();
        KH = window.kh();
        KW = window.kw();
        SH = window.sh();
        SW = window.sw();
        PH = window.ph();
        PW = window.pw();
        OH = window.oh();
        OW = window.ow();
        w = spec.params().get(0); // W before b, as every layer lists them
        b = spec.params().get(1);
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        if (Conv2DFast.applies(SH, SW)) {
            outBuffer = Fast.reuse(outBuffer, n * F * OH * OW);
            return Conv2DFast.forward(x, w.value(), b.value(), n, C, H, W, F, KH, KW, PH, PW, OH, OW, outBuffer);
        }
        return Conv2DDirect.forward(x, w.value(), b.value(), n, C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW);
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        if (Conv2DFast.applies(SH, SW)) {
            dxBuffer = inputGradient ? Fast.reuse(dxBuffer, n * C * H * W) : null;
            return Conv2DFast.backward(dout, x, w.value(), w.grad(), b.grad(), n, C, H, W, F, KH, KW, PH, PW, OH, OW,
                    dxBuffer);
        }
        return Conv2DDirect.backward(dout, x, w.value(), w.grad(), b.grad(), n, C, H, W, F, KH, KW, SH, SW, PH,
                PW, OH, OW);
    }
}
