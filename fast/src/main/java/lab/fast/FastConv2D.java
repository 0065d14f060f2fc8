package lab.fast;

import java.util.Arrays;

import lab.reference.Conv2D;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.Window;

/**
 * {@link Conv2D}'s fast twin, on the spec layer's own W and b: a {@link ConvKernel} per thread for stride 1
 * (the batch split over threads by examples), {@link Conv2DDirect} on one thread for other strides; tested
 * equal to the spec's loops. Stride 1 adds the examples' gradients in example order after the split, so
 * its results are the same bits on any thread count; it writes into buffers kept from the last batch, and
 * skips dx when told nothing reads it (a network's first layer).
 */
final class FastConv2D extends Twin<Conv2D> {

    private final int C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW, T;
    private final boolean inputGradient; // false: stride 1 skips dx (a quarter of its work) and returns null
    private final Param w; // (F, C, KH, KW), the spec's
    private final Param b; // (F), the spec's
    private final int threads;
    private final ConvKernel[] kernels; // stride 1: one per thread (each keeps its scratch); else empty

    // Forward keeps its input: backward needs x for dw, and nothing else.
    private double[] x; // (N, C, H, W)
    private int n;
    // stride 1's results and per-example gradients, kept from the last batch (see Fast.reuse)
    private double[] outBuffer, dxBuffer;
    private double[] dwPart, dbPart; // (N, F, T) and (N, F): each example's share, added in example order
    private double[] dwBatch; // (F, T)

    FastConv2D(Conv2D spec, boolean inputGradient, Kernels kernels, int threads) {
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
        T = C * KH * KW;
        w = spec.params().get(0); // W before b, as every layer lists them
        b = spec.params().get(1);
        this.threads = threads;
        this.kernels = new ConvKernel[Conv2DFast.applies(SH, SW) ? threads : 0];
        for (int i = 0; i < this.kernels.length; i++) {
            this.kernels[i] = kernels.conv(C, H, W, F, KH, KW, PH, PW, OH, OW);
        }
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.x = x;
        this.n = n;
        if (!Conv2DFast.applies(SH, SW)) {
            return Conv2DDirect.forward(x, w.value(), b.value(), n, C, H, W, F, KH, KW, SH, SW, PH, PW, OH, OW);
        }
        double[] out = outBuffer = Fast.reuse(outBuffer, n * F * OH * OW);
        double[] wv = w.value(), bv = b.value();
        Parallel.forEachChunk(split(n), n, (c, from, to) -> {
            for (int i = from; i < to; i++) {
                kernels[c].forward(x, i * C * H * W, wv, bv, out, i * F * OH * OW);
            }
        });
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        if (!Conv2DFast.applies(SH, SW)) {
            return Conv2DDirect.backward(dout, x, w.value(), w.grad(), b.grad(), n, C, H, W, F, KH, KW, SH, SW, PH,
                    PW, OH, OW);
        }
        double[] dx = dxBuffer = inputGradient ? Fast.reuse(dxBuffer, n * C * H * W) : null;
        double[] dws = dwPart = Fast.reuse(dwPart, n * F * T);
        double[] dbs = dbPart = Fast.reuse(dbPart, n * F);
        double[] xs = x, wv = w.value();
        Parallel.forEachChunk(split(n), n, (c, from, to) -> {
            for (int i = from; i < to; i++) {
                kernels[c].backward(dout, i * F * OH * OW, xs, i * C * H * W, wv, dws, i * F * T, dbs, i * F, dx,
                        i * C * H * W);
            }
        });
        // forward was: out[n,f,oh,ow] = b[f] + ...   (b[f] shared by every example), added example by example
        double[] db = b.grad();
        for (int i = 0; i < n; i++) {
            for (int f = 0; f < F; f++) {
                db[f] += dbs[i * F + f];
            }
        }
        // w[f, t] is shared by every example too: this batch's sum, example by example, then into the gradient
        double[] sum = dwBatch = Fast.reuse(dwBatch, F * T);
        Arrays.fill(sum, 0.0);
        for (int i = 0; i < n; i++) {
            for (int e = 0; e < F * T; e++) {
                sum[e] += dws[i * F * T + e];
            }
        }
        double[] dw = w.grad();
        for (int e = 0; e < F * T; e++) {
            dw[e] += sum[e];
        }
        return dx;
    }

    /** The threads to split a batch of n over: all of them unless the batch is too little work. */
    private int split(int n) {
        return Parallel.threadsFor(threads, (long) n * F * T * OH * OW);
    }
}
