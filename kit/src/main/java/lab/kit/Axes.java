package lab.kit;

import java.util.List;

import lab.reference.Shape;

/**
 * A tensor's axes by name and size, to say where an element is: {@code (n, c, h, w) = (1, 0, 2, 3)}
 * instead of a flat offset. Row-major, as every tensor here is.
 *
 * @param names one name per axis, e.g. {@code n, c, h, w} or {@code f, c, kh, kw}
 * @param sizes the size of each axis
 */
public record Axes(List<String> names, int[] sizes) {

    /** A batch of {@code n} examples of {@code shape}: (n, c, h, w), or (n, d) if {@code vector} (a dense's). */
    public static Axes batch(int n, Shape shape, boolean vector) {
        return vector ? new Axes(List.of("n", "d"), new int[] {n, shape.size()})
                : new Axes(List.of("n", "c", "h", "w"), new int[] {n, shape.c(), shape.h(), shape.w()});
    }

    /** The index of the element at row-major offset {@code flat}, one entry per axis: {1, 0, 2, 3}. */
    public int[] index(int flat) {
        int[] index = new int[sizes.length];
        int rest = flat;
        for (int a = sizes.length - 1; a >= 0; a--) {
            index[a] = rest % sizes[a];
            rest /= sizes[a];
        }
        return index;
    }

    /** The element at row-major offset {@code flat}, e.g. {@code (1, 0, 2, 3)}. */
    public String at(int flat) {
        if (flat < 0) {
            return "(none)";
        }
        int[] index = index(flat);
        StringBuilder sb = new StringBuilder("(");
        for (int a = 0; a < index.length; a++) {
            sb.append(a == 0 ? "" : ", ").append(index[a]);
        }
        return sb.append(')').toString();
    }

    /** The axes' names, e.g. {@code (n, c, h, w)}. */
    @Override
    public String toString() {
        return "(" + String.join(", ", names) + ")";
    }
}
