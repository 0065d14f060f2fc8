package lab.fast;

/**
 * One layer of a {@link FloatNetwork}: a spec layer's computation on float values. Its parameters stay
 * the spec layer's double {@code Param}s: forward rounds them to float, backward adds its float gradient
 * into their double grads. Arrays returned are the layer's own buffers, valid until its next call; backward
 * may return null where nothing reads dx (a network's first layer). Not a {@code lab.reference.Layer}:
 * that interface is double, the spec's precision. Public so a benchmark can time one layer.
 */
public interface FloatLayer {

    /** x: (N, in) flat, float; returns (N, out). Keeps what backward needs. */
    float[] forward(float[] x, int n);

    /** dout: (N, out); ADDS this batch's parameter gradients into the spec's grads; returns dx, or null. */
    float[] backward(float[] dout);

    /** Forward as at evaluation (only a spec layer like batch norm differs from {@link #forward}). */
    default float[] infer(float[] x, int n) {
        return forward(x, n);
    }
}
