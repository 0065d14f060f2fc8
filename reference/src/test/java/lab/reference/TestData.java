package lab.reference;

import java.util.Random;

/** Small synthetic image sets for tests: each class is a random template plus noise, so it can be learned. */
public final class TestData {

    private TestData() {
    }

    public static Dataset templates(int n, Shape shape, int classes, double noise, long seed) {
        Random rng = new Random(seed);
        double[][] template = new double[classes][shape.size()];
        for (double[] t : template) {
            for (int j = 0; j < t.length; j++) {
                t[j] = rng.nextDouble();
            }
        }
        double[] x = new double[n * shape.size()];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % classes;
            for (int j = 0; j < shape.size(); j++) {
                x[i * shape.size() + j] = template[y[i]][j] + noise * rng.nextGaussian();
            }
        }
        return new Dataset("templates", x, y, shape, classes);
    }
}
