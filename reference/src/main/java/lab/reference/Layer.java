package lab.reference;

import java.util.List;
import java.util.Optional;

/**
 * A layer of the reference stack: forward on a batch, backward from the gradient of its output.
 * Each layer is built for one input shape and checks every batch against it. Backward must follow
 * the forward of the same batch; it returns {@code dx} and only ADDS into its parameters' gradients
 * (the caller zeroes them, see {@link Network#zeroGrad()}).
 */
public interface Layer {

    /** Shape of one example going in. */
    Shape inputShape();

    /** Shape of one example coming out. */
    Shape outputShape();

    /** x: (N, inputShape) flat; returns (N, outputShape) flat, and keeps what backward needs. */
    double[] forward(double[] x, int n);

    /**
     * Forward at evaluation, where nothing will go backward: {@link #forward} for every layer but batch
     * normalisation, which then normalises with its running statistics instead of the batch's.
     */
    default double[] infer(double[] x, int n) {
        return forward(x, n);
    }

    /** dout: (N, outputShape), the loss gradient w.r.t. forward's output; returns dx: (N, inputShape). */
    double[] backward(double[] dout);

    /** Parameters (W, b) in DL4J's order and shapes; none for activations and pooling. */
    default List<Param> params() {
        return List.of();
    }

    /**
     * What {@link Init} needs to draw this layer's W: DL4J's fan-in and fan-out; empty for a layer without
     * weights (activations, pooling, flatten), which init leaves alone.
     */
    default Optional<Init.Fans> fans() {
        return Optional.empty();
    }

    /** The layer in the architecture's text form, e.g. {@code conv(8,k3,p1)}. */
    String describe();

    /** Checks that {@code values} holds {@code n} examples of {@code shape}, naming the layer if not. */
    static void checkBatch(Layer layer, String what, double[] values, int n, Shape shape) {
        if (n < 1) {
            throw new IllegalArgumentException(layer.describe() + ": batch size must be at least 1, got " + n);
        }
        if (values == null || (long) values.length != (long) n * shape.size()) {
            throw new IllegalArgumentException(layer.describe() + ": " + what + " should hold " + n + " x " + shape
                    + " = " + ((long) n * shape.size()) + " values, got "
                    + (values == null ? "null" : values.length));
        }
    }
}
