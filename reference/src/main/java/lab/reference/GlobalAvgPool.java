package lab.reference;

import static lab.reference.Index.at;

/**
 * Global average pooling: each channel averaged over all its positions, whatever the input's side, as
 * DL4J's GlobalPoolingLayer with PoolingType.AVG. Its output is a vector, so a dense layer can follow
 * directly. No parameters, and no windows: the whole map is one window.
 *
 * <pre>
 *   x (N, C, H, W)  ->  out (N, C) = (N, C, 1, 1),  out[n,c] = sum over (h, w) of x[n,c,h,w] / (H*W)
 * </pre>
 */
public final class GlobalAvgPool implements Layer {

    private final int C, H, W;
    private int n; // backward needs only the batch size: the average does not depend on x

    public GlobalAvgPool(Shape in) {
        C = in.c();
        H = in.h();
        W = in.w();
    }

    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        double[] out = new double[n * C]; // (N, C)
        double scale = 1.0 / (H * W);
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                double sum = 0;
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        sum += x[at(in, c, h, w, C, H, W)];
                    }
                }
                out[at(in, c, C)] = sum * scale;
            }
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        double[] dx = new double[n * C * H * W]; // (N, C, H, W)
        double scale = 1.0 / (H * W);
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                double g = dout[at(in, c, C)];
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        // forward was: out[n,c] += x[n,c,h,w] / (H*W)
                        dx[at(in, c, h, w, C, H, W)] += g * scale;
                    }
                }
            }
        }
        return dx;
    }

    @Override
    public Shape inputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public Shape outputShape() {
        return Shape.vector(C);
    }

    @Override
    public String describe() {
        return "gap";
    }
}
