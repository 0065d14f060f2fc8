package lab.reference;

/**
 * The one index helper: the flat offset of element {@code [i0, i1, i2, i3]} in a row-major array whose
 * last three sizes are {@code (d1, d2, d3)}. Used for NCHW activations {@code (N, C, H, W)} and conv
 * weights {@code (F, C, KH, KW)} alike, so no loop ever spells out a bare offset.
 */
public final class Index {

    private Index() {
    }

    public static int at(int i0, int i1, int i2, int i3, int d1, int d2, int d3) {
        return ((i0 * d1 + i1) * d2 + i2) * d3 + i3;
    }

    /** Row-major 2-D: element {@code [i, j]} of an array with {@code cols} columns. */
    public static int at(int i, int j, int cols) {
        return i * cols + j;
    }
}
