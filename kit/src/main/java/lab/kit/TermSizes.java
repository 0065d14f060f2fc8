package lab.kit;

import java.util.ArrayList;
import java.util.List;

import lab.reference.AvgPool2D;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Param;
import lab.reference.ReLU;
import lab.reference.Tanh;
import lab.reference.Window;

/**
 * The size S of the terms behind every element of a chain of reference layers' output, dx and parameter
 * gradients: the scale {@link Judge} measures rounding against. The layers run again on |x|, |W| and |b|,
 * which gives every conv, local and dense output as sum |w| |x| + |b| and every gradient as its sum of
 * |w| |x| |dout| products, the sizes of the terms a float sum rounds against. Activations and max-pools
 * are not run again: their backward, on sizes, uses the real forward's derivative (ReLU's 0 or 1) and the
 * real argmax, so it multiplies by the very coefficients of the real chain; tanh's by 1 + t^2, the size of
 * the terms of its derivative 1 - t^2 (which cancel where tanh saturates). Their forward on
 * sizes: tanh and ReLU as the identity (|f(z)| <= |z|, and an error in z moves f(z) by no more), a max-pool
 * as the window's sum. Not an error bound by itself: the rtol applied to it is.
 *
 * @param output sizes of the chain's output's terms, (N, out)
 * @param dx     sizes of dx's terms, (N, in)
 * @param grads  sizes of each parameter gradient's terms, in the order of the layers' {@code params()}
 */
public record TermSizes(double[] output, double[] dx, List<double[]> grads) {

    /**
     * The sizes for the chain {@code layers}, which must just have run its real forward on this batch (so
     * the activations' masks and the max-pools' routes are the real ones), backward from the sizes
     * {@code doutSize} of the upstream gradient's terms. Leaves the parameters as they were; overwrites
     * their gradients and the layers' caches.
     */
    public static TermSizes of(List<Layer> layers, double[] x, int n, double[] doutSize) {
        List<Param> params = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Layer layer : layers) {
            for (Param p : layer.params()) {
                params.add(p);
                values.add(p.value().clone());
                abs(p.value());
            }
        }
        try {
            double[] a = x.clone();
            abs(a);
            for (Layer layer : layers) {
                if (layer instanceof MaxPool2D pool) {
                    Window w = pool.window();
                    a = new AvgPool2D(layer.inputShape(), w.kh(), w.kw(), w.sh(), w.sw()).forward(a, n);
                    for (int i = 0; i < a.length; i++) {
                        a[i] *= w.kh() * w.kw(); // the window's sum: every term the max was chosen from
                    }
                } else if (!(layer instanceof ReLU || layer instanceof Tanh)) {
                    a = layer.forward(a, n);
                }
            }
            for (Param p : params) {
                p.zeroGrad();
            }
            double[] d = doutSize.clone();
            for (int l = layers.size() - 1; l >= 0; l--) {
                double[] next = layers.get(l).backward(d);
                if (layers.get(l) instanceof Tanh) {
                    // tanh's backward multiplies by 1 - t^2, itself a difference of terms 1 and t^2 whose rounding
                    // (~eps) does not shrink with it: where tanh saturates, 1 - t^2 is 1e-8 and its error is not.
                    // The size of its terms is 1 + t^2 = 2 - (1 - t^2).
                    for (int i = 0; i < next.length; i++) {
                        next[i] = 2 * d[i] - next[i];
                    }
                }
                d = next;
            }
            List<double[]> grads = new ArrayList<>();
            for (Param p : params) {
                grads.add(p.grad().clone());
            }
            return new TermSizes(a, d, grads);
        } finally {
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(values.get(i), 0, params.get(i).value(), 0, values.get(i).length);
            }
        }
    }

    /** |v|, elementwise: the sizes of the terms {@code v}'s own elements are. */
    public static double[] abs(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
        return v;
    }
}
