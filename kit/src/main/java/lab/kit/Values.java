package lab.kit;

import java.util.Random;

import lab.reference.Shape;

/**
 * The values a check feeds both sides, all drawn from a seed: smooth Gaussian values for gradient checks,
 * and inputs on a grid of quarters with a zero block, where ReLU's kink at 0, max-pool ties and exact
 * zeros happen on purpose, so that DL4J's conventions there (derivative 0 at 0, the first maximum takes
 * the gradient) are checked, not avoided.
 */
public final class Values {

    private Values() {
    }

    /** {@code size} draws of N(0, scale^2). */
    public static double[] gaussian(int size, double scale, Random rng) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = scale * rng.nextGaussian();
        }
        return out;
    }

    /** Values on a grid of quarters (ties), with a zero block in each image (exact zeros, exact conv ties). */
    public static double[] withZerosAndTies(int n, Shape in, Random rng) {
        double[] x = new double[n * in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(5) / 4.0;
        }
        for (int i = 0; i < n; i++) {
            int h0 = rng.nextInt(in.h());
            int w0 = rng.nextInt(in.w());
            for (int c = 0; c < in.c(); c++) {
                for (int h = h0; h < Math.min(in.h(), h0 + in.h() / 2 + 1); h++) {
                    for (int w = w0; w < Math.min(in.w(), w0 + in.w() / 2 + 1); w++) {
                        x[((i * in.c() + c) * in.h() + h) * in.w() + w] = 0;
                    }
                }
            }
        }
        return x;
    }
}
