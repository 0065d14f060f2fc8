package lab.reference;

import static lab.reference.Index.at;

import java.util.Arrays;
import java.util.List;

/**
 * Batch normalisation, naive loops, as DL4J's BatchNormalization layer computes it with its defaults (eps
 * 1e-5, decay 0.9): in training, each channel is normalised with the mean and BIASED variance of the batch
 * (over N, H and W for a C x H x W input; over N alone for a vector, which is the same code with H = W = 1),
 * then scaled by gamma and shifted by beta. At evaluation ({@link #infer}) the running statistics stand in
 * for the batch's. Not a parameter of the optimizer: the running statistics are plain state, outside
 * {@link #params()}.
 *
 * <pre>
 * Legend: N batch, C channels (features of a vector), H W spatial (1 x 1 for a vector), count = N*H*W.
 *   x, out (N, C, H, W)     gamma, beta (C)     runningMean, runningVar (C)
 *   mean[c] = sum over (n,h,w) of x / count     var[c] = sum over (n,h,w) of (x - mean[c])^2 / count
 *   xhat = (x - mean[c]) / sqrt(var[c] + eps)   out = gamma[c] * xhat + beta[c]
 * </pre>
 *
 * <p>The running statistics, as DL4J 1.0.0-M2.1 keeps them (read in its BatchNormalization.backpropGradient,
 * deeplearning4j-nn {@code org/deeplearning4j/nn/layers/normalization/BatchNormalization.java}, and in the
 * M2.1 bytecode with javap; then seen on M2.1 itself): runningMean = decay * runningMean + (1 - decay) *
 * batchMean, and the same for runningVar with the batch's BIASED variance ({@code input.var(false, ...)}, no
 * eps added). DL4J does it in BACKWARD, not in forward: backpropGradient emits (1 - decay) * (running -
 * batch) as the "gradient" of its mean and variance parameters, which take a NoOp updater and are not
 * divided by the batch size, so the training step's {@code params -= gradient} lands exactly on the
 * moving average. A forward in training mode alone leaves them unchanged (seen on M2.1: after
 * feedForward(x, true) the mean was still 0; after one fit on x = [[1,2],[3,6],[5,1]] it was 0.3 and the
 * variance 0.9 + 0.1 * 8/3). So here {@link #backward} moves them, once per call, in
 * {@link #updateRunningStatistics}, the one place that does. DL4J stores the variance as log10(std) by
 * default (useLogStd); it is the same moving average of the variance, only parameterised differently.
 */
public final class BatchNorm implements Layer {

    /** DL4J's default epsilon, added to the variance under the square root. */
    public static final double EPS = 1e-5;
    /** DL4J's default decay: the weight of the old running value in each update. */
    public static final double DECAY = 0.9;

    private final int C, H, W;
    private final Param gamma; // (C), starts at 1
    private final Param beta; // (C), starts at 0
    private final double[] runningMean; // (C), starts at 0
    private final double[] runningVar; // (C), starts at 1

    // Forward keeps what backward needs: xhat and 1/sqrt(var + eps) for dx and dgamma, and the batch's mean
    // and variance for the running update.
    private double[] xhat; // (N, C, H, W)
    private double[] invStd; // (C)
    private double[] batchMean; // (C)
    private double[] batchVar; // (C)
    private int n;

    public BatchNorm(Shape in) {
        C = in.c();
        H = in.h();
        W = in.w();
        gamma = new Param("gamma", C);
        beta = new Param("beta", C);
        Arrays.fill(gamma.value(), 1.0); // Init leaves a layer without fans alone, so gamma starts here
        runningMean = new double[C];
        runningVar = new double[C];
        Arrays.fill(runningVar, 1.0);
    }

    /** Training mode: normalises with the batch's own statistics, and keeps them for backward. */
    @Override
    public double[] forward(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        this.n = n;
        int count = n * H * W; // values per channel
        batchMean = new double[C];
        batchVar = new double[C];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        batchMean[c] += x[at(in, c, h, w, C, H, W)];
                    }
                }
            }
        }
        for (int c = 0; c < C; c++) {
            batchMean[c] /= count;
        }
        // Two passes (mean first, then squared deviations): the one-pass E[x^2] - E[x]^2 cancels badly.
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        double d = x[at(in, c, h, w, C, H, W)] - batchMean[c];
                        batchVar[c] += d * d;
                    }
                }
            }
        }
        invStd = new double[C];
        for (int c = 0; c < C; c++) {
            batchVar[c] /= count; // biased: divided by count, not count - 1, as DL4J's var(false, ...)
            invStd[c] = 1.0 / Math.sqrt(batchVar[c] + EPS);
        }
        xhat = new double[x.length]; // (N, C, H, W)
        double[] out = new double[x.length]; // (N, C, H, W)
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        int i = at(in, c, h, w, C, H, W);
                        xhat[i] = (x[i] - batchMean[c]) * invStd[c];
                        out[i] = gamma.value()[c] * xhat[i] + beta.value()[c];
                    }
                }
            }
        }
        return out;
    }

    /**
     * Evaluation mode: normalises with the running statistics, as DL4J's test mode does, and changes nothing
     * (neither the running statistics nor what backward would use).
     */
    @Override
    public double[] infer(double[] x, int n) {
        Layer.checkBatch(this, "input", x, n, inputShape());
        double[] out = new double[x.length]; // (N, C, H, W)
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                double scale = 1.0 / Math.sqrt(runningVar[c] + EPS);
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        int i = at(in, c, h, w, C, H, W);
                        out[i] = gamma.value()[c] * (x[i] - runningMean[c]) * scale + beta.value()[c];
                    }
                }
            }
        }
        return out;
    }

    /**
     * The classic derivation. gamma[c] and beta[c] were used at every (n, h, w) of their channel, so their
     * gradients sum over all of them. Each x also moved the batch's mean and variance, and through them every
     * xhat of its channel: that is what the two subtracted means in dx account for,
     * dx = gamma / sqrt(var + eps) * (dout - mean(dout) - xhat * mean(dout * xhat)), means over the channel.
     * Then the running statistics move, once, as DL4J's backward moves them.
     */
    @Override
    public double[] backward(double[] dout) {
        Layer.checkBatch(this, "dout", dout, n, outputShape());
        int count = n * H * W;
        double[] dgamma = gamma.grad();
        double[] dbeta = beta.grad();
        double[] sumDout = new double[C]; // sum over (n,h,w) of dout: this batch's dbeta, for dx
        double[] sumDoutXhat = new double[C]; // sum over (n,h,w) of dout * xhat: this batch's dgamma, for dx
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        int i = at(in, c, h, w, C, H, W);
                        // forward was: out[n,c,h,w] = gamma[c] * xhat[n,c,h,w] + beta[c]
                        dgamma[c] += dout[i] * xhat[i];
                        dbeta[c] += dout[i];
                        sumDoutXhat[c] += dout[i] * xhat[i];
                        sumDout[c] += dout[i];
                    }
                }
            }
        }
        double[] dx = new double[dout.length]; // (N, C, H, W)
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        int i = at(in, c, h, w, C, H, W);
                        // forward was: xhat[n,c,h,w] = (x[n,c,h,w] - mean[c]) / sqrt(var[c] + eps), with mean
                        // and var over this batch's channel c
                        dx[i] += gamma.value()[c] * invStd[c]
                                * (dout[i] - sumDout[c] / count - xhat[i] * sumDoutXhat[c] / count);
                    }
                }
            }
        }
        updateRunningStatistics();
        return dx;
    }

    /**
     * The one place the running statistics move: the moving average of the last forward's batch mean and
     * biased variance, as DL4J M2.1 applies it in each training step (see the class comment).
     */
    private void updateRunningStatistics() {
        for (int c = 0; c < C; c++) {
            runningMean[c] = DECAY * runningMean[c] + (1 - DECAY) * batchMean[c];
            runningVar[c] = DECAY * runningVar[c] + (1 - DECAY) * batchVar[c];
        }
    }

    @Override
    public List<Param> params() {
        return List.of(gamma, beta);
    }

    /**
     * The running mean (C), live: {@link #infer} reads it, {@link #backward} moves it, and a weight transfer
     * may write into it. Not a parameter: no gradient, no optimizer.
     */
    public double[] runningMean() {
        return runningMean;
    }

    /** The running (biased) variance (C), live, as {@link #runningMean()}. */
    public double[] runningVar() {
        return runningVar;
    }

    /** The epsilon under the square root: DL4J's default, {@value #EPS}. */
    public double eps() {
        return EPS;
    }

    /** The running statistics' decay: DL4J's default, {@value #DECAY}. */
    public double decay() {
        return DECAY;
    }

    @Override
    public Shape inputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public Shape outputShape() {
        return new Shape(C, H, W);
    }

    @Override
    public String describe() {
        return new Architecture.BatchNorm().toString();
    }
}
