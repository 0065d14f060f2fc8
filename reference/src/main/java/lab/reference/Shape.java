package lab.reference;

/**
 * The shape of ONE example: channels x height x width. A batch of N examples is the flat NCHW array
 * {@code (N, C, H, W)}. Vectors (dense activations) are {@code (D, 1, 1)}, so flattening is the identity
 * on the buffer. Not a tensor class: just three sizes and their product.
 */
public record Shape(int c, int h, int w) {

    public Shape {
        if (c < 1 || h < 1 || w < 1) {
            throw new IllegalArgumentException("shape sizes must be positive, got " + c + "x" + h + "x" + w);
        }
    }

    /** A flat vector of {@code d} features, as dense layers see it. */
    public static Shape vector(int d) {
        return new Shape(d, 1, 1);
    }

    /** Number of values in one example. */
    public int size() {
        return c * h * w;
    }

    public boolean isVector() {
        return h == 1 && w == 1;
    }

    @Override
    public String toString() {
        return isVector() ? Integer.toString(c) : c + "x" + h + "x" + w;
    }
}
