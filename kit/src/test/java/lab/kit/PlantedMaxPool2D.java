package lab.kit;

import static lab.reference.Index.at;

import lab.reference.Layer;
import lab.reference.Shape;

/**
 * A copy of the reference's MaxPool2D (test code only) whose backward can split a window's gradient
 * equally among tied maxima, as a hand-written pool often does, where DL4J gives all of it to the first
 * maximum in raster order. {@code splitTies = false} is the textbook layer.
 */
final class PlantedMaxPool2D implements Layer {

    private final int C, H, W, K, OH, OW;
    private final boolean splitTies;
    private double[] x; // (N, C, H, W)
    private int n;

    PlantedMaxPool2D(Shape in, int k, boolean splitTies) {
        C = in.c();
        H = in.h();
        W = in.w();
        K = k;
        OH = (H - K) / K + 1;
        OW = (W - K) / K + 1;
        this.splitTies = splitTies;
    }

    @Override
    public double[] forward(double[] x, int n) {
        this.x = x;
        this.n = n;
        double[] out = new double[n * C * OH * OW];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double max = Double.NEGATIVE_INFINITY;
                        for (int kh = 0; kh < K; kh++) {
                            for (int kw = 0; kw < K; kw++) {
                                max = Math.max(max, x[at(in, c, oh * K + kh, ow * K + kw, C, H, W)]);
                            }
                        }
                        out[at(in, c, oh, ow, C, OH, OW)] = max;
                    }
                }
            }
        }
        return out;
    }

    @Override
    public double[] backward(double[] dout) {
        double[] dx = new double[n * C * H * W];
        for (int in = 0; in < n; in++) {
            for (int c = 0; c < C; c++) {
                for (int oh = 0; oh < OH; oh++) {
                    for (int ow = 0; ow < OW; ow++) {
                        double max = Double.NEGATIVE_INFINITY;
                        int first = -1;
                        int ties = 0;
                        for (int kh = 0; kh < K; kh++) {
                            for (int kw = 0; kw < K; kw++) {
                                int i = at(in, c, oh * K + kh, ow * K + kw, C, H, W);
                                if (x[i] > max) {
                                    max = x[i];
                                    first = i;
                                    ties = 1;
                                } else if (x[i] == max) {
                                    ties++;
                                }
                            }
                        }
                        double g = dout[at(in, c, oh, ow, C, OH, OW)];
                        if (!splitTies) {
                            dx[first] += g; // the first maximum in raster order takes it all, as DL4J
                            continue;
                        }
                        for (int kh = 0; kh < K; kh++) {
                            for (int kw = 0; kw < K; kw++) {
                                int i = at(in, c, oh * K + kh, ow * K + kw, C, H, W);
                                if (x[i] == max) {
                                    dx[i] += g / ties;
                                }
                            }
                        }
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
        return new Shape(C, OH, OW);
    }

    @Override
    public String describe() {
        return "planted maxpool" + (splitTies ? " (ties split)" : "");
    }
}
