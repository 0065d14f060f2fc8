package lab.kit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.Supplier;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jPiece;
import lab.reference.Architecture;
import lab.reference.CentralDifference;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * One case of {@link LayerCheck}: the user's layer and DL4J's on the same weights, input and upstream
 * gradient, every tensor judged ({@link Judge}, against the sizes of its terms from the reference's twin
 * of the layer, {@link TermSizes}); then the user's own gradients against central differences of the
 * user's own forward ({@link CentralDifference}), on smooth values, with the twin saying where the kinks
 * are. The values all come from the case's seed. Not the search over cases: {@link LayerCheck} is.
 */
final class CaseCheck {

    /** Weights and upstream gradients are N(0, 0.5^2): pre-activations of order 1, away from tanh's saturation. */
    private static final double SCALE = 0.5;

    private CaseCheck() {
    }

    /**
     * Runs case {@code c} with the user's layer from {@code yourLayer}, values from {@code seed}. A layer
     * that does not fit the case (wrong shapes, parameter names or sizes), or none (the factory returned null),
     * throws IllegalArgumentException:
     * that is a mistake in wiring the check, not a disagreement, and no case would pass.
     */
    static CaseReport run(LayerCase c, Function<LayerCase, Layer> yourLayer, long seed, double rtol, double atol) {
        return compute(c, yourLayer, seed, rtol, atol).report();
    }

    /**
     * The likely cause of case {@code c}'s disagreement ({@link Diagnosis}), from the same values {@link #run}
     * uses; null if the case agrees, the layer threw, or no known mistake fits.
     */
    static String diagnose(LayerCase c, Function<LayerCase, Layer> yourLayer, long seed, double rtol, double atol) {
        // Diagnosis.of is null itself where every tensor agrees: it asks Judge's rule of the same tensors.
        Diagnosis.Evidence evidence = compute(c, yourLayer, seed, rtol, atol).evidence();
        return evidence == null ? null : Diagnosis.of(evidence);
    }

    /** A case's report, and the tensors behind it when both sides ran (else null). */
    private record Computed(CaseReport report, Diagnosis.Evidence evidence) {
    }

    private static Computed compute(LayerCase c, Function<LayerCase, Layer> yourLayer, long seed, double rtol,
                                    double atol) {
        List<Layer> twin = Architecture.layers(c.layers(), c.input());
        int paramLayer = paramLayer(c.layers());
        Layer yours = yourLayer.apply(c);
        if (yours == null) {
            throw new IllegalArgumentException("your factory returned null for case " + c + "; it must return your "
                    + "layer built for the case it is given (its input shape " + c.input() + " and the settings of "
                    + c.text() + ")");
        }
        if (!yours.inputShape().equals(c.input()) || !yours.outputShape().equals(c.output())) {
            throw new IllegalArgumentException("your layer for " + c.text() + " takes " + yours.inputShape()
                    + " to " + yours.outputShape() + "; DL4J's takes " + c.input() + " to " + c.output());
        }
        List<Param> twinParams = paramLayer < 0 ? List.of() : twin.get(paramLayer).params();
        Map<String, Axes> axes = axes(c, false, paramLayer, twinParams);

        Random rng = new Random(seed);
        int n = c.batch();
        for (Param p : yours.params()) {
            System.arraycopy(Values.gaussian(p.size(), SCALE, rng), 0, p.value(), 0, p.size());
        }
        double[] x = Values.withZerosAndTies(n, c.input(), rng);
        double[] dout = Values.gaussian(n * c.output().size(), SCALE, rng);
        Dl4jPiece piece = Dl4jNetworks.piece(c.layers(), c.input());
        if (paramLayer >= 0) {
            Dl4jParams.toDl4j(piece, paramLayer, yours.params()); // checks names and shapes
        } else if (!yours.params().isEmpty()) {
            throw new IllegalArgumentException("your layer has parameters " + yours.params() + "; DL4J's "
                    + c.text() + " has none");
        }
        Dl4jPiece.Run dl4j = piece.run(x, n, dout);
        Map<String, double[]> values = new LinkedHashMap<>();
        for (Param p : yours.params()) {
            values.put(p.name(), p.value().clone());
        }
        copyInto(twinParams, yours.params());
        TermSizes sizes = TermSizes.of(twin, x, n, TermSizes.abs(dout.clone()));

        // Forward and backward apart: a backward not written yet still has its forward judged.
        double[] out;
        try {
            for (Param p : yours.params()) {
                p.zeroGrad();
            }
            out = yours.forward(x, n).clone();
        } catch (RuntimeException e) {
            return new Computed(new CaseReport(c, List.of(), List.of(), axes, e), null);
        }
        List<Judge.TensorVerdict> tensors = new ArrayList<>();
        tensors.add(Judge.judge("output", dl4j.output(), out, sizes.output(), rtol, atol));
        double[] dx;
        try {
            dx = yours.backward(dout.clone()).clone();
        } catch (RuntimeException e) {
            return new Computed(new CaseReport(c, tensors, List.of(), axes, e), null);
        }
        tensors.add(Judge.judge("dx", dl4j.dx(), dx, sizes.dx(), rtol, atol));
        Map<String, double[]> mine = new LinkedHashMap<>();
        Map<String, double[]> theirs = new LinkedHashMap<>();
        Map<String, double[]> scales = new LinkedHashMap<>();
        mine.put("output", out);
        theirs.put("output", dl4j.output());
        scales.put("output", sizes.output());
        mine.put("dx", dx);
        theirs.put("dx", dl4j.dx());
        scales.put("dx", sizes.dx());
        for (int k = 0; k < twinParams.size(); k++) {
            String name = twinParams.get(k).name();
            double[] grad = byName(yours, name).grad().clone();
            double[] reference = dl4j.grads().get(paramLayer + "_" + name);
            tensors.add(Judge.judge("d" + name, reference, grad, sizes.grads().get(k), rtol, atol));
            mine.put("d" + name, grad);
            theirs.put("d" + name, reference);
            scales.put("d" + name, sizes.grads().get(k));
        }
        Diagnosis.Evidence evidence = new Diagnosis.Evidence(c, x, values, dout, mine, theirs, scales, rtol, atol);

        // The user's gradients against their own forward, on smooth values; the twin says where the kinks are.
        double[] xs = smoothInput(c, rng);
        double[] ds = Values.gaussian(n * c.output().size(), 1.0, rng);
        Supplier<int[]> kinks = () -> {
            copyInto(twinParams, yours.params());
            forward(twin, xs, n);
            return CentralDifference.kinkState(twin);
        };
        List<CentralDifference.Worst> gradients;
        try {
            gradients = CentralDifference.layer(yours, xs, n, ds, kinks, rng);
        } catch (RuntimeException e) {
            return new Computed(new CaseReport(c, tensors, List.of(), axes, e), evidence);
        }
        return new Computed(new CaseReport(c, tensors, gradients, axes, null), evidence);
    }

    /**
     * Gaussian values for the central differences; where a batch norm comes in the case, redrawn (a few times at
     * most) until every channel of the batch norm's own input (after the layers before it: gap, a ReLU, ...)
     * spreads by a standard deviation of 0.1 at least: where a channel's values nearly coincide, its output is a
     * step sqrt(eps) ~ 3e-3 wide, about the stencil's own width, and no numeric derivative follows it (a correct
     * dx was seen off by 1.8e-6 on two such values).
     */
    static double[] smoothInput(LayerCase c, Random rng) {
        int n = c.batch();
        double[] xs = Values.gaussian(n * c.input().size(), 1.0, rng);
        int norm = -1;
        for (int i = 0; i < c.layers().size() && norm < 0; i++) {
            norm = c.layers().get(i) instanceof Architecture.BatchNorm ? i : -1;
        }
        if (norm < 0) {
            return xs;
        }
        List<Layer> before = Architecture.layers(c.layers(), c.input()).subList(0, norm);
        Shape in = before.isEmpty() ? c.input() : before.get(before.size() - 1).outputShape();
        if (n * in.h() * in.w() < 2) {
            return xs; // one value per channel: xhat is 0 whatever x is, nothing steep
        }
        for (int tries = 0; tries < 20 && narrowestChannelStd(forward(before, xs, n), n, in) < 0.1; tries++) {
            xs = Values.gaussian(n * c.input().size(), 1.0, rng);
        }
        return xs;
    }

    /** The smallest standard deviation over a channel's N*H*W values. */
    private static double narrowestChannelStd(double[] x, int n, Shape in) {
        int hw = in.h() * in.w();
        double narrowest = Double.POSITIVE_INFINITY;
        for (int ch = 0; ch < in.c(); ch++) {
            double sum = 0, squares = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    double v = x[(i * in.c() + ch) * hw + p];
                    sum += v;
                    squares += v * v;
                }
            }
            double mean = sum / (n * hw);
            narrowest = Math.min(narrowest, Math.sqrt(Math.max(0, squares / (n * hw) - mean * mean)));
        }
        return narrowest;
    }

    /**
     * The index of the one layer with parameters (conv, local, dwconv, deconv, batchnorm, dense), or -1; two would
     * mix up their names.
     */
    static int paramLayer(List<Architecture.Spec> specs) {
        int found = -1;
        for (int i = 0; i < specs.size(); i++) {
            Architecture.Spec s = specs.get(i);
            if (s instanceof Architecture.Conv || s instanceof Architecture.Local || s instanceof Architecture.Dense
                    || s instanceof Architecture.DepthwiseConv || s instanceof Architecture.Deconv
                    || s instanceof Architecture.BatchNorm) {
                if (found >= 0) {
                    throw new IllegalArgumentException("'" + Architecture.text(specs) + "' has two layers with "
                            + "parameters (" + specs.get(found) + " and " + specs.get(i) + "); check one layer at a "
                            + "time, with its activation if you like: conv(4,k3)-relu");
                }
                found = i;
            }
        }
        return found;
    }

    /**
     * Each tensor's axes: dx as (n, c, h, w), or (n, d) for an input given as vectors; the output as
     * (n, c, h, w), or (n, d) after a dense; dW and db as DL4J names them ({@link Dl4jParams#axes}).
     */
    static Map<String, Axes> axes(LayerCase c, boolean vectorInput, int paramLayer, List<Param> params) {
        Map<String, Axes> axes = new LinkedHashMap<>();
        boolean dense = c.layers().stream().filter(s -> !(s instanceof Architecture.Activation))
                .reduce((a, b) -> b).orElse(null) instanceof Architecture.Dense;
        axes.put("output", Axes.batch(c.batch(), c.output(), dense));
        axes.put("dx", Axes.batch(c.batch(), c.input(), vectorInput));
        for (Param p : params) {
            axes.put("d" + p.name(), new Axes(Dl4jParams.axes(c.layers().get(paramLayer), p.name()), p.shape()));
        }
        return axes;
    }

    /** Runs {@code layers} forward on {@code x}; returns the last one's output ({@code x} for none). */
    static double[] forward(List<Layer> layers, double[] x, int n) {
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, n);
        }
        return a;
    }

    private static void copyInto(List<Param> targets, List<Param> sources) {
        for (Param t : targets) {
            Param s = sources.stream().filter(p -> p.name().equals(t.name())).findFirst().orElseThrow();
            System.arraycopy(s.value(), 0, t.value(), 0, t.size());
        }
    }

    private static Param byName(Layer layer, String name) {
        return layer.params().stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
