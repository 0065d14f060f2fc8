package lab.fast;

import lab.reference.Layer;

/**
 * A spec layer with no float kernels, in a {@link FloatNetwork}: its own double loops run on the float
 * values it is given, and what it returns is rounded to float, so the values between layers are floats as
 * everywhere else in the network, while the arithmetic inside this one layer is double. Its parameters'
 * gradients go straight into their double grads, as in the spec network.
 */
final class FloatSpec implements FloatLayer {

    private final Layer spec;
    private double[] in, dout; // widened copies, kept from the last batch (the spec may keep its input)
    private float[] out, dx;

    FloatSpec(Layer spec) {
        this.spec = spec;
    }

    @Override
    public float[] forward(float[] x, int n) {
        in = Fast.widen(x, in);
        return out = Fast.narrow(spec.forward(in, n), out);
    }

    @Override
    public float[] infer(float[] x, int n) {
        in = Fast.widen(x, in);
        return out = Fast.narrow(spec.infer(in, n), out);
    }

    @Override
    public float[] backward(float[] d) {
        dout = Fast.widen(d, dout);
        return dx = Fast.narrow(spec.backward(dout), dx);
    }
}
