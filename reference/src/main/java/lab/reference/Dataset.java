package lab.reference;

import java.util.Arrays;

/**
 * Labelled images in memory: x (N, C, H, W) flat, values as given (the loaders normalise to [0, 1]),
 * and labels y (N) in [0, classes). Immutable by convention: nothing here writes into x or y.
 */
public record Dataset(String name, double[] x, int[] y, Shape shape, int classes) {

    public Dataset {
        if (y.length == 0) {
            throw new IllegalArgumentException("dataset " + name + " is empty");
        }
        if ((long) x.length != (long) y.length * shape.size()) {
            throw new IllegalArgumentException("dataset " + name + ": " + y.length + " labels but " + x.length
                    + " values, which is not " + y.length + " images of " + shape);
        }
        for (int i = 0; i < y.length; i++) {
            if (y[i] < 0 || y[i] >= classes) {
                throw new IllegalArgumentException("dataset " + name + ": label " + y[i] + " of image " + i
                        + " is outside [0, " + classes + ")");
            }
        }
    }

    public int size() {
        return y.length;
    }

    /** A minibatch: the examples {@code order[from..to)}, copied in that order. */
    public Batch batch(int[] order, int from, int to) {
        int d = shape.size();
        int n = to - from;
        double[] bx = new double[n * d];
        int[] by = new int[n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(x, order[from + i] * d, bx, i * d, d);
            by[i] = y[order[from + i]];
        }
        return new Batch(bx, by, n);
    }

    /** The examples at {@code indices}, in that order, as a dataset of their own. */
    public Dataset subset(String subsetName, int[] indices) {
        Batch b = batch(indices, 0, indices.length);
        return new Dataset(subsetName, b.x(), b.y(), shape, classes);
    }

    /** A batch of n examples: x (N, C, H, W), y (N). */
    public record Batch(double[] x, int[] y, int n) {
    }

    /**
     * The same images with their pixels moved: output pixel j takes input pixel {@code perm[j]}, where
     * j and perm[j] index the H*W positions (row-major) and every channel moves alike. One fixed
     * permutation for every image: the information stays, only the neighbourhoods are gone.
     */
    public Dataset permutePixels(int[] perm) {
        int hw = shape.h() * shape.w();
        checkPermutation(perm, hw);
        double[] out = new double[x.length];
        int images = y.length * shape.c(); // each (image, channel) plane moves alike
        for (int plane = 0; plane < images; plane++) {
            for (int j = 0; j < hw; j++) {
                out[plane * hw + j] = x[plane * hw + perm[j]];
            }
        }
        return new Dataset(name + "-permuted", out, y, shape, classes);
    }

    /**
     * The same images moved {@code dy} pixels down and {@code dx} right (negative: up, left), every channel
     * alike; what moves out is lost and what comes in is 0 (background). For testing translation.
     */
    public Dataset shifted(int dy, int dx) {
        int h = shape.h();
        int w = shape.w();
        double[] out = new double[x.length];
        int planes = y.length * shape.c();
        for (int plane = 0; plane < planes; plane++) {
            int base = plane * h * w;
            for (int r = Math.max(0, dy); r < Math.min(h, h + dy); r++) {
                for (int c = Math.max(0, dx); c < Math.min(w, w + dx); c++) {
                    out[base + r * w + c] = x[base + (r - dy) * w + (c - dx)];
                }
            }
        }
        return new Dataset(name + "-shifted(" + dy + "," + dx + ")", out, y, shape, classes);
    }

    /** Throws unless {@code perm} is a permutation of 0..size-1, naming the first bad entry. */
    public static void checkPermutation(int[] perm, int size) {
        if (perm.length != size) {
            throw new IllegalArgumentException("a pixel permutation for " + size + " positions has " + perm.length
                    + " entries");
        }
        boolean[] seen = new boolean[size];
        for (int j = 0; j < size; j++) {
            if (perm[j] < 0 || perm[j] >= size || seen[perm[j]]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (size - 1) + ": entry " + j + " is "
                        + perm[j] + (perm[j] >= 0 && perm[j] < size ? " again" : ""));
            }
            seen[perm[j]] = true;
        }
    }

    /** A uniformly random permutation of 0..size-1 drawn from {@code seed} (Fisher-Yates). */
    public static int[] randomPermutation(int size, long seed) {
        int[] perm = new int[size];
        Arrays.setAll(perm, i -> i);
        Shuffle.shuffle(perm, new java.util.Random(seed));
        return perm;
    }
}
