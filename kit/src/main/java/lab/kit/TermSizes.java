package lab.kit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import lab.reference.BatchNorm;
import lab.reference.Layer;
import lab.reference.LeakyReLU;
import lab.reference.MaxPool2D;
import lab.reference.Param;
import lab.reference.ReLU;
import lab.reference.Shape;
import lab.reference.Sigmoid;
import lab.reference.Softmax;
import lab.reference.Tanh;
import lab.reference.Window;

/**
 * The size S of the terms behind every element of a chain of reference layers' output, dx and parameter
 * gradients: the scale {@link Judge} measures rounding against. The linear layers (conv, local, dense, dwconv,
 * deconv, the pools' averages, upsample, flatten) run again on |x|, |W| and |b|, which gives every output as
 * sum |w| |x| + |b| and every gradient as its sum of |w| |x| |dout| products, the sizes of the terms a float sum
 * rounds against. The other layers cannot be run on sizes: a difference of positive sizes is no size, and
 * normalising sizes means nothing. They take their coefficients from the chain's REAL forward, which runs first:
 * <ul>
 * <li>ReLU, leaky ReLU, tanh and max-pool run backward as the real chain does, with the real mask, slope, t
 *     and argmax, so they multiply by the very coefficients of the real chain; tanh's by 1 + t^2, the size of
 *     the terms of its derivative 1 - t^2 (which cancel where tanh saturates). Forward on sizes they are the
 *     identity (|f(z)| <= |z|, and an error in z moves f(z) by no more), a max-pool its window's sum.</li>
 * <li>Sigmoid, with the real s: forward s + s (1 - s) a, its own value and the sizes a of z's terms carried
 *     through its slope; backward |d| s (1 + s), the size of the terms of its derivative s - s^2, which
 *     cancel where it saturates as tanh's do.</li>
 * <li>Softmax and batch normalisation, whose every output depends on a whole row or channel: their Jacobians'
 *     terms from the real output or batch statistics, written out below ({@code softmax}, {@code BatchNormSizes}).
 *     Batch norm's own backward is not run: it would move the running statistics.</li>
 * </ul>
 * Not an error bound by itself: the rtol applied to it is.
 *
 * @param output sizes of the chain's output's terms, (N, out)
 * @param dx     sizes of dx's terms, (N, in)
 * @param grads  sizes of each parameter gradient's terms, in the order of the layers' {@code params()}
 */
public record TermSizes(double[] output, double[] dx, List<double[]> grads) {

    /**
     * The sizes for the chain {@code layers} on the batch {@code x}, backward from the sizes {@code doutSize}
     * of the upstream gradient's terms. Runs the chain's real forward on {@code x} first (training mode, as a
     * check runs it), so the masks, routes and statistics used are this batch's. Leaves the parameters and
     * batch norm's running statistics as they were; overwrites the parameters' gradients and the layers' caches.
     */
    public static TermSizes of(List<Layer> layers, double[] x, int n, double[] doutSize) {
        double[][] real = new double[layers.size() + 1][]; // real[l] is layer l's real input, real[l + 1] its output
        real[0] = x;
        for (int l = 0; l < layers.size(); l++) {
            real[l + 1] = layers.get(l).forward(real[l], n);
        }
        List<Param> params = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Layer layer : layers) {
            for (Param p : layer.params()) {
                params.add(p);
                values.add(p.value().clone());
                abs(p.value());
            }
        }
        try {
            Map<Integer, BatchNormSizes> norms = new HashMap<>();
            double[] a = x.clone();
            abs(a);
            for (int l = 0; l < layers.size(); l++) {
                Layer layer = layers.get(l);
                if (layer instanceof MaxPool2D pool) {
                    a = windowSums(a, n, layer.inputShape(), pool.window()); // every term the max was chosen from
                } else if (layer instanceof Sigmoid) {
                    a = sigmoid(real[l + 1], a);
                } else if (layer instanceof Softmax) {
                    double[] y = real[l + 1];
                    a = softmax(y, a, n);
                    for (int i = 0; i < a.length; i++) {
                        a[i] += y[i]; // y's own rounding
                    }
                } else if (layer instanceof BatchNorm) {
                    BatchNormSizes norm = new BatchNormSizes(layer, real[l], a, n);
                    norms.put(l, norm);
                    a = norm.output();
                } else if (!(layer instanceof ReLU || layer instanceof LeakyReLU || layer instanceof Tanh)) {
                    a = layer.forward(a, n);
                }
            }
            for (Param p : params) {
                p.zeroGrad();
            }
            double[] d = doutSize.clone();
            for (int l = layers.size() - 1; l >= 0; l--) {
                Layer layer = layers.get(l);
                double[] next;
                if (layer instanceof Sigmoid || layer instanceof Softmax || layer instanceof BatchNorm) {
                    Layer.checkBatch(layer, "dout's sizes", d, n, layer.outputShape()); // as its own backward would
                }
                if (layer instanceof Sigmoid) {
                    next = new double[d.length];
                    for (int i = 0; i < d.length; i++) {
                        double s = real[l + 1][i];
                        next[i] = d[i] * s * (1 + s); // the terms s and s^2 of its derivative s (1 - s)
                    }
                } else if (layer instanceof Softmax) {
                    next = softmax(real[l + 1], d, n);
                } else if (layer instanceof BatchNorm) {
                    next = norms.get(l).backward(d); // not the layer's backward: that moves the running statistics
                } else {
                    next = layer.backward(d);
                    if (layer instanceof Tanh) {
                        // tanh's backward multiplies by 1 - t^2, itself a difference of terms 1 and t^2 whose
                        // rounding (~eps) does not shrink with it: where tanh saturates, 1 - t^2 is 1e-8 and its
                        // error is not. The size of its terms is 1 + t^2 = 2 - (1 - t^2).
                        for (int i = 0; i < next.length; i++) {
                            next[i] = 2 * d[i] - next[i];
                        }
                    }
                }
                d = next;
            }
            List<double[]> grads = new ArrayList<>();
            for (Param p : params) {
                grads.add(p.grad().clone());
            }
            return new TermSizes(a, d, grads);
        } finally {
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(values.get(i), 0, params.get(i).value(), 0, values.get(i).length);
            }
        }
    }

    /**
     * The sizes of a batch norm's running statistics' terms after one training step from the initial mean 0 and
     * variance 1 (decay d = {@value BatchNorm#DECAY}), per channel c over its count = N*H*W values of x, the
     * layer's input (N, C, H, W). Each is a sum of terms, each of them rounded and each rounding the sum's, so
     * the scale is the sum of the terms' sizes, as for any other sum here:
     * <pre>
     *   mean' = d mean + (1 - d) sum x / count               S = d |mean| + (1 - d) mean_c(|x|)
     *   var'  = d var  + (1 - d) sum (x - m)^2 / count       S = d |var|  + (1 - d) mean_c((x - m)^2)
     * </pre>
     * with mean = 0 and var = 1, m the batch's mean. The variance's terms are already non-negative, so their sizes
     * are themselves; x - m is taken as exact: its rounding, about 2 |x - m| (|x| + |m|) 1e-16 per term, is
     * covered by the old variance's d * 1 in the scale for inputs up to about 1e6 in size. The old values are
     * part of the scale: a running update with the decay swapped (0.1 old + 0.9 batch) moves each statistic
     * by far more than any of these.
     */
    public static Running runningAfterOneStep(double[] x, int n, Shape in) {
        int c = in.c();
        int hw = in.h() * in.w();
        int count = n * hw;
        double[] batchMean = new double[c];
        double[] meanAbs = new double[c];
        for (int i = 0; i < x.length; i++) {
            batchMean[i / hw % c] += x[i] / count;
            meanAbs[i / hw % c] += Math.abs(x[i]) / count;
        }
        double[] meanSquares = new double[c]; // the biased variance's terms, averaged
        for (int i = 0; i < x.length; i++) {
            double dev = x[i] - batchMean[i / hw % c];
            meanSquares[i / hw % c] += dev * dev / count;
        }
        double d = BatchNorm.DECAY;
        double[] mean = new double[c];
        double[] var = new double[c];
        for (int k = 0; k < c; k++) {
            mean[k] = d * 0 + (1 - d) * meanAbs[k]; // |initial mean| = 0
            var[k] = d * 1 + (1 - d) * meanSquares[k]; // |initial variance| = 1
        }
        return new Running(mean, var);
    }

    /** The sizes of the terms of a batch norm's running mean and variance (C) each. */
    public record Running(double[] mean, double[] var) {
    }

    /**
     * Sigmoid's forward on sizes, from its real output s: s itself (its own rounding), plus the sizes {@code a}
     * of z's terms times its slope s (1 - s), which is how far an error in z moves s. Not the identity, as for
     * tanh: s(0) = 1/2 is larger than any z near 0.
     */
    private static double[] sigmoid(double[] s, double[] a) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = s[i] + s[i] * (1 - s[i]) * a[i];
        }
        return out;
    }

    /**
     * Softmax's Jacobian y_i (delta_ij - y_j), from its real output y (N, D), with its signs made positive,
     * applied to each row of sizes v: y_i v_i + y_i sum_j y_j v_j. Backward these are the terms of dx_i =
     * y_i d_i - y_i sum_j y_j d_j, which cancel (on sizes the difference would collapse to nothing where d is
     * flat across the row). Forward, on the sizes of z's terms, they are how far an error in z moves y; the
     * caller adds y for y's own rounding.
     */
    private static double[] softmax(double[] y, double[] v, int n) {
        int d = y.length / n;
        double[] out = new double[y.length]; // (N, D)
        for (int in = 0; in < n; in++) {
            double dot = 0; // sum over j of y[n,j] * v[n,j]
            for (int j = 0; j < d; j++) {
                dot += y[in * d + j] * v[in * d + j];
            }
            for (int j = 0; j < d; j++) {
                out[in * d + j] = y[in * d + j] * (v[in * d + j] + dot);
            }
        }
        return out;
    }

    /**
     * Batch normalisation's sizes, from the real statistics of its real input x (N, C, H, W), per channel c over
     * its count = N*H*W values. Its forward xhat = (x - mean) / std is not linear in x, so instead of running it
     * on sizes, the sizes a of x's terms are carried through xhat's Jacobian (1/std) (delta_ij - 1/count -
     * xhat_i xhat_j / count) with its signs made positive, as a linear layer carries them through |W|:
     * <pre>
     *   xs   = (a + mean_c(a) + |xhat| mean_c(|xhat| a)) / std    the size of xhat's terms: x's, the mean's, and the
     *                                                             std's (whose error is mean(|xhat| a) / std relative)
     *   out  = |gamma| xs + |beta|                                of out = gamma xhat + beta (xs >= |xhat| covers it)
     *   dgamma = sum over the channel of |d| xs,   dbeta = sum over the channel of |d|
     *   dx   = |gamma| / std (|d| + mean_c(|d|) + xs mean_c(|d| xs))   the terms of gamma / std (d - mean(d) -
     *                                                                   xhat mean(d xhat)), which cancel
     * </pre>
     * Where the real layer uses xhat, the sizes use xs, the way a dense layer's dW uses the sizes of x and
     * not |x|: xhat is computed, and carries the error of every term behind it. For one layer alone, a = |x|,
     * and xs >= (|x| + |mean|) / std, the size of the difference x - mean in xhat. The real layer's backward is
     * not run: it would move the running statistics.
     */
    private static final class BatchNormSizes {

        private final int c;
        private final int hw; // H*W: the values of one channel in one example
        private final Param gamma; // its value is |gamma| while the sizes are computed
        private final Param beta;
        private final double[] invStd; // (C), 1 / sqrt(var + eps) of the real batch
        private final double[] xs; // (N, C, H, W), the size of xhat's terms
        private final double[] output; // (N, C, H, W)

        BatchNormSizes(Layer layer, double[] x, double[] a, int n) {
            Shape in = layer.inputShape();
            c = in.c();
            hw = in.h() * in.w();
            gamma = param(layer, "gamma");
            beta = param(layer, "beta");
            double[] mean = channelMeans(x, n);
            double[] dev = new double[x.length]; // (N, C, H, W), |x - mean|
            for (int i = 0; i < x.length; i++) {
                dev[i] = Math.abs(x[i] - mean[channel(i)]);
            }
            double[] var = channelMeans(product(dev, dev), n); // biased, two passes, as the layer's
            invStd = new double[c];
            for (int k = 0; k < c; k++) {
                invStd[k] = 1 / Math.sqrt(var[k] + BatchNorm.EPS);
            }
            double[] xhat = new double[x.length]; // (N, C, H, W), |xhat|
            for (int i = 0; i < x.length; i++) {
                xhat[i] = dev[i] * invStd[channel(i)];
            }
            double[] meanA = channelMeans(a, n);
            double[] meanXhatA = channelMeans(product(xhat, a), n);
            xs = new double[x.length];
            output = new double[x.length];
            for (int i = 0; i < x.length; i++) {
                int k = channel(i);
                xs[i] = (a[i] + meanA[k] + xhat[i] * meanXhatA[k]) * invStd[k];
                output[i] = gamma.value()[k] * xs[i] + beta.value()[k];
            }
        }

        double[] output() {
            return output;
        }

        /** dx's sizes from the sizes d of dout's; adds dgamma's and dbeta's into their gradients. */
        double[] backward(double[] d) {
            int n = d.length / (c * hw);
            double[] meanD = channelMeans(d, n);
            double[] dxs = product(d, xs);
            double[] meanDxs = channelMeans(dxs, n);
            double[] dx = new double[d.length]; // (N, C, H, W)
            for (int i = 0; i < d.length; i++) {
                int k = channel(i);
                gamma.grad()[k] += dxs[i];
                beta.grad()[k] += d[i];
                dx[i] = gamma.value()[k] * invStd[k] * (d[i] + meanD[k] + xs[i] * meanDxs[k]);
            }
            return dx;
        }

        /** The channel of flat index i of (N, C, H, W). */
        private int channel(int i) {
            return i / hw % c;
        }

        /** The mean of v (N, C, H, W) over each channel's N*H*W values. */
        private double[] channelMeans(double[] v, int n) {
            double[] m = new double[c];
            for (int i = 0; i < v.length; i++) {
                m[channel(i)] += v[i];
            }
            for (int k = 0; k < c; k++) {
                m[k] /= n * hw;
            }
            return m;
        }

        private static double[] product(double[] u, double[] v) {
            double[] out = new double[u.length];
            for (int i = 0; i < u.length; i++) {
                out[i] = u[i] * v[i];
            }
            return out;
        }

        private static Param param(Layer layer, String name) {
            return layer.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /**
     * The sum of each window of {@code a} (N, C, H, W) over the input positions it covers (padding adds nothing):
     * written out rather than taken from an average pool, whose divisor at a padded edge is not the window's size.
     */
    private static double[] windowSums(double[] a, int n, Shape in, Window w) {
        int c = in.c();
        int h = in.h();
        int wd = in.w();
        double[] out = new double[n * c * w.oh() * w.ow()];
        for (int i = 0; i < n * c; i++) {
            for (int oh = 0; oh < w.oh(); oh++) {
                for (int ow = 0; ow < w.ow(); ow++) {
                    for (int kh = 0; kh < w.kh(); kh++) {
                        for (int kw = 0; kw < w.kw(); kw++) {
                            int ih = oh * w.sh() - w.ph() + kh * w.dh();
                            int iw = ow * w.sw() - w.pw() + kw * w.dw();
                            if (ih >= 0 && ih < h && iw >= 0 && iw < wd) {
                                out[(i * w.oh() + oh) * w.ow() + ow] += a[(i * h + ih) * wd + iw];
                            }
                        }
                    }
                }
            }
        }
        return out;
    }

    /** |v|, elementwise: the sizes of the terms {@code v}'s own elements are. */
    public static double[] abs(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return v;
    }
}
