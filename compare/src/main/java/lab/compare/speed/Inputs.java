package lab.compare.speed;

import java.util.Random;

/** Seeded synthetic inputs: pixels and upstream gradients uniform in [0, 1), labels uniform. */
public final class Inputs {

    private Inputs() {
    }

    public static double[] uniform(int length, long seed) {
        Random rng = new Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = rng.nextDouble();
        }
        return v;
    }

    public static int[] labels(int n, int classes, long seed) {
        Random rng = new Random(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(classes);
        }
        return y;
    }
}
