package lab.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * The likely cause of a disagreement with DL4J: the classic mistakes of a hand-written layer or loss, each
 * named only on evidence. A mistake is named when the reference computation WITH that mistake applied, on the
 * same case, gives what your code gave (within {@link Judge}'s tolerance) and not what DL4J gave: W in another
 * layout (a dense W as PyTorch's (out, in), a conv W as (C, F, KH, KW), or its kernels transposed); the kernel
 * flipped; padding 0 or stride 1 in backward; the bias gradient of one example; a gradient divided by the
 * batch (each gradient that differs); the window's gradient split among tied maxima, or sent to the last maximum
 * (every difference then sits at a tie); ReLU'(0) = 1 (every difference at an exact zero); softmax
 * overflowing without the row max subtracted; the loss gradient not divided by the batch; batch norm's dx with the
 * batch's mean and variance taken as constants. For {@code =} where
 * {@code +=} belongs, the evidence is that every element that differs equals ONE of the terms DL4J sums
 * there (each term is the reference's backward from one output element alone), or one output position's
 * terms summed over the batch (as vectorised code that sums over n in one go and assigns per position gets). The one place both
 * {@link LayerCheck} (through {@link LayerCheck.Result#hint()}) and {@link NpyCheck} get their "likely cause", and
 * {@link LossCheck} and {@link NpyLossCheck} theirs for the loss.
 * Not a judge: it never makes anything fail or pass, and says nothing about a tensor that agrees. Its rules
 * are for one layer at a time, but one: ReLU'(0) = 1 behind a layer with its ReLU ({@code conv(4,k3)-relu}).
 */
final class Diagnosis {

    /**
     * What one case computed on both sides, by tensor name ({@code output}, {@code dx}, {@code dW}, {@code db}):
     * the input, the weights by name, the upstream gradient, your tensors (any subset), DL4J's, and the sizes of
     * each element's terms ({@link TermSizes}) that {@link Judge} measures against.
     */
    record Evidence(LayerCase kase, double[] x, Map<String, double[]> params, double[] dout,
                    Map<String, double[]> yours, Map<String, double[]> dl4j, Map<String, double[]> sizes,
                    double rtol, double atol) {
    }

    /**
     * One case of a loss on both sides: the logits (N, K), labels, and the loss and dlogits of yours (either null
     * when you gave none: the .npy route takes any of the two) and DL4J's, with the sizes {@link Judge} measures
     * against ({@link LossJudge}).
     */
    record LossEvidence(double[] logits, int[] labels, int n, int k, Double loss, double[] dlogits, double dl4jLoss,
                        double[] dl4jDlogits, double lossSize, double[] dlogitsSizes, double rtol, double atol) {
    }

    /** Above this many output elements the search for single terms (one backward per element) is skipped. */
    private static final int MAX_OUTPUTS_FOR_TERMS = 4096;

    private Diagnosis() {
    }

    /** The classic mistake that reproduces your tensors, with what to look at; null if none does. */
    static String of(Evidence e) {
        if (differing(e).isEmpty()) {
            return null;
        }
        if (e.kase().layers().size() == 2 && e.kase().layers().get(1) instanceof Architecture.Activation a
                && a.kind() == Architecture.ActivationKind.RELU) {
            return reluAtZeroAfterItsLayer(e); // a layer with its ReLU: the one rule that reads the pair
        }
        if (e.kase().layers().size() != 1) {
            return null;
        }
        Architecture.Spec spec = e.kase().layers().get(0);
        List<Rule> rules = new ArrayList<>();
        if (spec instanceof Architecture.Dense || spec instanceof Architecture.Conv) {
            rules.add(Diagnosis::weightLayout);
        }
        if (spec instanceof Architecture.Conv || spec instanceof Architecture.Local) {
            rules.add(Diagnosis::flippedKernel);
        }
        if (spec instanceof Architecture.Conv k && k.dh() == 1 && k.dw() == 1 && !k.same()
                || spec instanceof Architecture.Local) {
            rules.add(Diagnosis::backwardGeometry); // its what-if loop knows no dilation and no same padding
        }
        if (spec instanceof Architecture.Pool p && p.kind() == Architecture.PoolKind.MAX && p.ph() == 0
                && p.pw() == 0 && !p.same()) {
            rules.add(Diagnosis::maxPoolTies); // its what-if loop knows no padding
        }
        if (spec instanceof Architecture.Activation a && a.kind() == Architecture.ActivationKind.RELU) {
            rules.add(Diagnosis::reluAtZero);
        }
        if (spec instanceof Architecture.BatchNorm) {
            rules.add(Diagnosis::batchStatisticsAsConstants);
            rules.add(Diagnosis::unbiasedRunningVariance);
        }
        rules.add(Diagnosis::biasOfOneExample);
        rules.add(Diagnosis::dividedByBatch);
        if (!(spec instanceof Architecture.Activation)) {
            // An activation's dx has one nonzero term per element, the others 0: any zero of yours would pass for
            // "one term" (a forgotten slope, say). Upsample's sums a block, and keeps the rule.
            rules.add(Diagnosis::singleTerms);
        }
        for (Rule r : rules) {
            String hint = r.apply(e);
            if (hint != null) {
                return hint;
            }
        }
        return null;
    }

    /** One mistake's test: its hint if the evidence fits, else null. */
    private interface Rule {
        String apply(Evidence e);
    }

    // ---- dense and conv: the weight's layout ----

    /**
     * Your tensors are DL4J's computed with two axes of W swapped: a dense W in PyTorch's (out, in) layout (only
     * a square one gets this far: any other fails the shape check, which says so), a conv W as (C, F, KH, KW),
     * or each kernel transposed (kw where kh belongs). The evidence: the reference run with W's axes swapped gives
     * every tensor of yours that differs (the output and dx as they are; dW in your layout, swapped back).
     */
    private static String weightLayout(Evidence e) {
        Architecture.Spec spec = e.kase().layers().get(0);
        double[] w = e.params().get("W");
        if (w == null || !(differs(e, "output") || differs(e, "dx") || differs(e, "dW")) || differs(e, "db")) {
            return null;
        }
        if (spec instanceof Architecture.Dense d) {
            int in = e.kase().input().size();
            return in == d.units() && swapReproduces(e, new int[] {in, d.units()}, 0, 1)
                    ? "your " + evidence(e) + " DL4J's computed with W transposed: your W is (out, in), PyTorch's "
                    + "layout (nn.Linear.weight, y = x W.T + b); DL4J's dense W is (in, out), y = x W + b: pass W.T "
                    + "(and your dW.T)" : null;
        }
        Architecture.Conv k = (Architecture.Conv) spec;
        int[] shape = {k.filters(), e.kase().input().c(), k.kh(), k.kw()};
        if (shape[0] == shape[1] && swapReproduces(e, shape, 0, 1)) {
            return "your " + evidence(e) + " DL4J's computed with W's first two axes swapped: your W is (C, F, KH, "
                    + "KW), w[c,f,kh,kw] where w[f,c,kh,kw] belongs (PyTorch's ConvTranspose2d keeps its weight so; "
                    + "its Conv2d does not); DL4J's conv W is (F, C, KH, KW): pass W.transpose(1, 0, 2, 3)";
        }
        if (k.kh() == k.kw() && k.kh() > 1 && swapReproduces(e, shape, 2, 3)) {
            return "your " + evidence(e) + " DL4J's computed with every kernel transposed: w[f,c,kw,kh] where "
                    + "w[f,c,kh,kw] belongs; DL4J's conv W is (F, C, KH, KW), kh the row: w[f,c,kh,kw] meets "
                    + "x[n,c,oh*SH-PH+kh,ow*SW-PW+kw]; pass W.transpose(0, 1, 3, 2)";
        }
        return null;
    }

    /** Which of your output, dx and dW differ, as the subject of a sentence: "output and dx equal". */
    private static String evidence(Evidence e) {
        List<String> which = new ArrayList<>();
        for (String t : List.of("output", "dx", "dW")) {
            if (differs(e, t)) {
                which.add(t);
            }
        }
        String list = which.size() == 1 ? which.get(0) : String.join(", ", which.subList(0, which.size() - 1))
                + " and " + which.get(which.size() - 1);
        return list + (which.size() == 1 ? " equals" : " equal");
    }

    /**
     * The reference with W's axes {@code a} and {@code b} swapped (of equal size, so the shape stays) reproduces
     * each of your output, dx and dW that differs; dW is compared in your layout, the what-if's swapped back.
     */
    private static boolean swapReproduces(Evidence e, int[] shape, int a, int b) {
        Layer twin = twin(e);
        Param w = twin.params().stream().filter(p -> p.name().equals("W")).findFirst().orElseThrow();
        System.arraycopy(swapAxes(e.params().get("W"), shape, a, b), 0, w.value(), 0, w.size());
        double[] out = twin.forward(e.x(), e.kase().batch()).clone();
        Map<String, double[]> grads = backward(twin, e.dout());
        return (!differs(e, "output") || reproduces(e, "output", out))
                && (!differs(e, "dx") || reproduces(e, "dx", grads.get("dx")))
                && (!differs(e, "dW") || reproduces(e, "dW", swapAxes(grads.get("dW"), shape, a, b)));
    }

    /** {@code v} (row-major, {@code shape}) with axes {@code a} and {@code b}, of equal size, swapped. */
    static double[] swapAxes(double[] v, int[] shape, int a, int b) {
        double[] out = new double[v.length];
        int[] index = new int[shape.length];
        for (int flat = 0; flat < v.length; flat++) {
            int rest = flat;
            for (int d = shape.length - 1; d >= 0; d--) {
                index[d] = rest % shape[d];
                rest /= shape[d];
            }
            int to = 0;
            for (int d = 0; d < shape.length; d++) {
                to = to * shape[d] + index[d == a ? b : d == b ? a : d];
            }
            out[to] = v[flat];
        }
        return out;
    }

    // ---- conv and local ----

    /** The output is the reference's with the kernel flipped (along both axes, or one). */
    private static String flippedKernel(Evidence e) {
        if (!differs(e, "output")) {
            return null;
        }
        int[][] flips = {{1, 1}, {1, 0}, {0, 1}};
        boolean local = e.kase().layers().get(0) instanceof Architecture.Local;
        String w = local ? "w[oh,ow,c,%s,%s,f]" : "w[f,c,%s,%s]";
        String right = String.format(w, "kh", "kw");
        String[] how = {"flipped (" + String.format(w, "KH-1-kh", "KW-1-kw") + " where " + right + " belongs)",
            "flipped along kh (" + String.format(w, "KH-1-kh", "kw") + " where " + right + " belongs)",
            "flipped along kw (" + String.format(w, "kh", "KW-1-kw") + " where " + right + " belongs)"};
        for (int i = 0; i < flips.length; i++) {
            Layer twin = twin(e);
            flip(e.kase().layers().get(0), twin.params().get(0).value(), e.kase().output().c(), flips[i][0] == 1,
                    flips[i][1] == 1);
            if (reproduces(e, "output", twin.forward(e.x(), e.kase().batch()))) {
                return "your output equals DL4J's with the kernel " + how[i] + ": that is convolution as signal "
                        + "processing defines it; DL4J, like every deep-learning library, computes cross-correlation: "
                        + right + " meets x[n,c,oh*SH-PH+kh,ow*SW-PW+kw], no flip";
            }
        }
        return null;
    }

    /** dx and dW are what backward gives with padding 0, or with stride 1, where forward had more. */
    private static String backwardGeometry(Evidence e) {
        Geometry g = Geometry.of(e.kase().layers().get(0));
        if (differs(e, "output") || !(differs(e, "dx") || differs(e, "dW"))) {
            return null;
        }
        if (g.ph > 0 || g.pw > 0) {
            double[][] whatIf = geometryBackward(e, g, g.sh, g.sw, 0, 0);
            if (reproducesGradients(e, whatIf)) {
                return "your " + gradients(e) + " what backward computes with padding 0 in backward (this "
                        + "layer's padding is " + g.ph + "x" + g.pw + "): backward must meet the input where forward "
                        + "did, ih = oh*SH - PH + kh, iw = ow*SW - PW + kw, skipping the positions in the padding";
            }
        }
        if (g.sh > 1 || g.sw > 1) {
            double[][] whatIf = geometryBackward(e, g, 1, 1, g.ph, g.pw);
            if (reproducesGradients(e, whatIf)) {
                return "your " + gradients(e) + " what backward computes with stride 1 in backward (this "
                        + "layer's stride is " + g.sh + "x" + g.sw + "): backward must meet the input where forward "
                        + "did, ih = oh*SH - PH + kh, iw = ow*SW - PW + kw";
            }
        }
        return null;
    }

    /** "dx and dW equal", or whichever of them differs with "equals". */
    private static String gradients(Evidence e) {
        boolean dx = differs(e, "dx");
        boolean dw = differs(e, "dW");
        return dx && dw ? "dx and dW equal" : dx ? "dx equals" : "dW equals";
    }

    /** Each gradient of yours that differs (dx, dW) is the what-if's ({dx, dW}). */
    private static boolean reproducesGradients(Evidence e, double[][] whatIf) {
        boolean dx = !differs(e, "dx") || reproduces(e, "dx", whatIf[0]);
        boolean dw = !differs(e, "dW") || reproduces(e, "dW", whatIf[1]);
        return dx && dw;
    }

    /** A conv's or local's kernel, stride and padding. */
    private record Geometry(boolean local, int kh, int kw, int sh, int sw, int ph, int pw) {
        static Geometry of(Architecture.Spec s) {
            if (s instanceof Architecture.Conv k) {
                return new Geometry(false, k.kh(), k.kw(), k.sh(), k.sw(), k.ph(), k.pw());
            }
            Architecture.Local k = (Architecture.Local) s;
            return new Geometry(true, k.kh(), k.kw(), k.sh(), k.sw(), k.ph(), k.pw());
        }
    }

    /**
     * The conv's (or local's) backward loop nest over forward's output positions, but meeting the input at
     * stride {@code sh x sw} and padding {@code ph x pw}: what a backward that lost the real ones computes.
     * Returns {dx, dW}.
     */
    private static double[][] geometryBackward(Evidence e, Geometry g, int sh, int sw, int ph, int pw) {
        int n = e.kase().batch();
        int c = e.kase().input().c();
        int h = e.kase().input().h();
        int w = e.kase().input().w();
        int f = e.kase().output().c();
        int oh = e.kase().output().h();
        int ow = e.kase().output().w();
        double[] weights = e.params().get("W");
        double[] dx = new double[e.x().length];
        double[] dw = new double[weights.length];
        for (int in = 0; in < n; in++) {
            for (int fi = 0; fi < f; fi++) {
                for (int y = 0; y < oh; y++) {
                    for (int z = 0; z < ow; z++) {
                        double d = e.dout()[((in * f + fi) * oh + y) * ow + z];
                        for (int ci = 0; ci < c; ci++) {
                            for (int a = 0; a < g.kh; a++) {
                                for (int b = 0; b < g.kw; b++) {
                                    int ih = y * sh - ph + a;
                                    int iw = z * sw - pw + b;
                                    if (ih < 0 || ih >= h || iw < 0 || iw >= w) {
                                        continue;
                                    }
                                    int tap = (ci * g.kh + a) * g.kw + b;
                                    int wi = g.local ? ((y * ow + z) * c * g.kh * g.kw + tap) * f + fi
                                            : fi * c * g.kh * g.kw + tap;
                                    int xi = ((in * c + ci) * h + ih) * w + iw;
                                    dw[wi] += d * e.x()[xi];
                                    dx[xi] += d * weights[wi];
                                }
                            }
                        }
                    }
                }
            }
        }
        return new double[][] {dx, dw};
    }

    /**
     * Flips every kernel of a conv's W (F, C, KH, KW) or a local's W (P, C*KH*KW, F) along kh and/or kw: both
     * are blocks of KH x KW taps, one tap apart for a conv and {@code filters} apart for a local (f innermost).
     */
    private static void flip(Architecture.Spec spec, double[] w, int filters, boolean rows, boolean cols) {
        Geometry g = Geometry.of(spec);
        int inner = g.local ? filters : 1;
        int taps = g.kh * g.kw;
        double[] original = w.clone();
        for (int blk = 0; blk < w.length / (taps * inner); blk++) {
            for (int a = 0; a < g.kh; a++) {
                for (int b = 0; b < g.kw; b++) {
                    int from = blk * taps + (rows ? g.kh - 1 - a : a) * g.kw + (cols ? g.kw - 1 - b : b);
                    for (int f = 0; f < inner; f++) {
                        w[(blk * taps + a * g.kw + b) * inner + f] = original[from * inner + f];
                    }
                }
            }
        }
    }

    // ---- max-pool and ReLU ----

    /** dx is the window's gradient split among its tied maxima, or given to the last of them. */
    private static String maxPoolTies(Evidence e) {
        if (!differs(e, "dx")) {
            return null;
        }
        Architecture.Pool p = (Architecture.Pool) e.kase().layers().get(0);
        // Without ties both what-ifs are DL4J's own backward: reproducing one puts every difference at a tie.
        String where = "all " + count(e, "dx") + " dx elements that differ sit in windows whose maximum is tied: ";
        if (reproduces(e, "dx", poolBackward(e, p, Ties.SPLIT))) {
            return where + "your dx is each window's gradient split among tied maxima: DL4J gives all of it to the FIRST "
                    + "maximum in raster order (kh outer, kw inner), the one forward picks with a strict '>', and "
                    + "nothing to the other equal values (ties are common: blank pixels, ReLU's zeros)";
        }
        if (reproduces(e, "dx", poolBackward(e, p, Ties.LAST))) {
            return where + "your dx gives each window's gradient to its LAST maximum: DL4J gives it to the FIRST maximum "
                    + "in raster order (kh outer, kw inner): pick the maximum with a strict '>', not '>='";
        }
        return null;
    }

    private enum Ties {
        SPLIT,
        LAST
    }

    /** Max-pool's backward with ties split equally, or sent to the last maximum of each window. */
    private static double[] poolBackward(Evidence e, Architecture.Pool p, Ties ties) {
        int n = e.kase().batch();
        int c = e.kase().input().c();
        int h = e.kase().input().h();
        int w = e.kase().input().w();
        int oh = e.kase().output().h();
        int ow = e.kase().output().w();
        double[] dx = new double[e.x().length];
        for (int o = 0; o < e.dout().length; o++) {
            int in = o / (c * oh * ow);
            int ci = o / (oh * ow) % c;
            int y = o / ow % oh;
            int z = o % ow;
            double max = Double.NEGATIVE_INFINITY;
            int count = 0;
            int last = -1;
            for (int a = 0; a < p.kh(); a++) {
                for (int b = 0; b < p.kw(); b++) {
                    int i = ((in * c + ci) * h + y * p.sh() + a) * w + z * p.sw() + b;
                    if (e.x()[i] > max) {
                        max = e.x()[i];
                        count = 1;
                        last = i;
                    } else if (e.x()[i] == max) {
                        count++;
                        last = i;
                    }
                }
            }
            if (ties == Ties.LAST) {
                dx[last] += e.dout()[o];
                continue;
            }
            for (int a = 0; a < p.kh(); a++) {
                for (int b = 0; b < p.kw(); b++) {
                    int i = ((in * c + ci) * h + y * p.sh() + a) * w + z * p.sw() + b;
                    if (e.x()[i] == max) {
                        dx[i] += e.dout()[o] / count;
                    }
                }
            }
        }
        return dx;
    }

    /** dx passes the gradient where x is exactly 0: ReLU'(0) = 1. */
    private static String reluAtZero(Evidence e) {
        if (!differs(e, "dx")) {
            return null;
        }
        double[] dx = new double[e.x().length];
        for (int i = 0; i < dx.length; i++) {
            dx[i] = e.x()[i] >= 0 ? e.dout()[i] : 0;
        }
        if (reproduces(e, "dx", dx)) {
            return "all " + count(e, "dx") + " dx elements that differ sit where the pre-activation x is exactly 0, "
                    + "and there yours passes the gradient on (ReLU'(0) = 1): DL4J's derivative at 0 is 0, "
                    + "so test x > 0, not x >= 0 (exact zeros are common: blank pixels, padding, a ReLU before)";
        }
        return null;
    }

    /**
     * A layer with its ReLU ({@code conv(4,k3)-relu}): every tensor that differs is what backward gives with
     * ReLU'(0) = 1, the gradient passed on where the layer's output (the ReLU's input) is exactly 0. There the
     * slip reaches dx, dW and db alike, through the layer's backward.
     */
    private static String reluAtZeroAfterItsLayer(Evidence e) {
        int n = e.kase().batch();
        Layer layer = Architecture.layers(e.kase().layers(), e.kase().input()).get(0);
        for (Param p : layer.params()) {
            System.arraycopy(e.params().get(p.name()), 0, p.value(), 0, p.size());
        }
        double[] z = layer.forward(e.x(), n).clone();
        double[] dz = new double[z.length];
        int zeros = 0;
        for (int i = 0; i < z.length; i++) {
            dz[i] = z[i] >= 0 ? e.dout()[i] : 0;
            zeros += z[i] == 0 && e.dout()[i] != 0 ? 1 : 0;
        }
        if (zeros == 0) {
            return null;
        }
        Map<String, double[]> whatIf = backward(layer, dz);
        List<String> differing = differing(e);
        for (String t : differing) {
            if (t.equals("output") || !whatIf.containsKey(t) || !reproduces(e, t, whatIf.get(t))) {
                return null;
            }
        }
        return "your " + String.join(", ", differing) + " equal what backward gives with ReLU'(0) = 1: at the " + zeros
                + " outputs of " + e.kase().layers().get(0) + " that are exactly 0 (with a nonzero dout), yours passes "
                + "the gradient on; "
                + "DL4J's derivative at 0 is 0, so test z > 0, not z >= 0 (exact zeros are common: blank pixels, "
                + "padding, a zero bias)";
    }

    // ---- batch norm ----

    /**
     * dx is gamma / sqrt(var + eps) * dout, per channel: the batch's mean and variance treated as constants,
     * the classic slip of batch norm's hand derivation (each x also moves its channel's mean and variance).
     */
    private static String batchStatisticsAsConstants(Evidence e) {
        if (!differs(e, "dx")) {
            return null;
        }
        Shape in = e.kase().input();
        int n = e.kase().batch(), c = in.c(), hw = in.h() * in.w();
        double[] gamma = e.params().get("gamma");
        double[] squares = squaredDeviations(e.x(), n, in);
        double[] dx = new double[e.x().length];
        for (int ch = 0; ch < c; ch++) {
            double scale = gamma[ch] / Math.sqrt(squares[ch] / (n * hw) + lab.reference.BatchNorm.EPS);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    int at = (i * c + ch) * hw + p;
                    dx[at] = scale * e.dout()[at];
                }
            }
        }
        if (reproduces(e, "dx", dx)) {
            return "your dx equals gamma / sqrt(var + eps) * dout: the batch's mean and variance taken as constants."
                    + " Each x moves its channel's mean and variance too, so dx = gamma / sqrt(var + eps) * (dout -"
                    + " mean(dout) - xhat * mean(dout * xhat)), the means over the channel's N*H*W values";
        }
        return null;
    }

    /**
     * Per channel of {@code x} (N, C, H, W), the sum of squared deviations from the channel's mean over its
     * N*H*W values: the biased variance times N*H*W, the unbiased times N*H*W - 1.
     */
    private static double[] squaredDeviations(double[] x, int n, Shape in) {
        int c = in.c(), hw = in.h() * in.w();
        double[] squares = new double[c];
        for (int ch = 0; ch < c; ch++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    sum += x[(i * c + ch) * hw + p];
                }
            }
            double mean = sum / (n * hw);
            for (int i = 0; i < n; i++) {
                for (int p = 0; p < hw; p++) {
                    double v = x[(i * c + ch) * hw + p] - mean;
                    squares[ch] += v * v;
                }
            }
        }
        return squares;
    }

    /**
     * The running variance moved toward the batch's UNBIASED variance (divided by N*H*W - 1), as PyTorch's
     * running_var is, where DL4J's moves toward the biased one; from DL4J's starting variance 1, one step.
     */
    private static String unbiasedRunningVariance(Evidence e) {
        if (!differs(e, NpyCheck.RUNNING_VAR)) {
            return null;
        }
        Shape in = e.kase().input();
        int n = e.kase().batch(), c = in.c(), hw = in.h() * in.w(), m = n * hw;
        if (m < 2) {
            return null;
        }
        double[] squares = squaredDeviations(e.x(), n, in);
        double decay = lab.reference.BatchNorm.DECAY;
        double[] whatIf = new double[c];
        for (int ch = 0; ch < c; ch++) {
            whatIf[ch] = decay * 1 + (1 - decay) * squares[ch] / (m - 1);
        }
        if (reproduces(e, NpyCheck.RUNNING_VAR, whatIf)) {
            return "your running variance moves toward the batch's UNBIASED variance (divided by N*H*W - 1, as "
                    + "PyTorch's running_var does); DL4J's moves toward the biased one (divided by N*H*W), the "
                    + "variance the batch itself is normalised with";
        }
        return null;
    }

    // ---- any layer with parameters ----

    /** db is the sum over one example's outputs only. */
    private static String biasOfOneExample(Evidence e) {
        int n = e.kase().batch();
        if (n < 2 || !differs(e, "db")) {
            return null;
        }
        int units = e.dl4j().get("db").length;
        int per = e.dout().length / (n * units); // output positions per unit: OH*OW, or 1 after a dense
        for (int example = n - 1; example >= 0; example--) {
            double[] db = new double[units];
            for (int u = 0; u < units; u++) {
                for (int q = 0; q < per; q++) {
                    db[u] += e.dout()[(example * units + u) * per + q];
                }
            }
            if (reproduces(e, "db", db)) {
                String which = example == n - 1 ? "the last example of the batch of " + n
                        : "example " + example + " of the batch of " + n;
                return "your db is the bias gradient of ONE example (" + which + "): the bias is added to every "
                        + "example's output, so db must sum over the batch too: keep adding (+=) across examples, "
                        + "never reset or assign it per example";
            }
        }
        return null;
    }

    /**
     * Every gradient of yours that differs (dx, dW, db) is DL4J's divided by the batch size, element by element;
     * the output, if given, agrees.
     */
    private static String dividedByBatch(Evidence e) {
        int n = e.kase().batch();
        if (n < 2 || differs(e, "output")) {
            return null;
        }
        List<String> divided = new ArrayList<>();
        for (String t : List.of("dx", "dW", "db")) {
            if (!differs(e, t)) {
                continue;
            }
            double[] mean = e.dl4j().get(t).clone();
            for (int i = 0; i < mean.length; i++) {
                mean[i] /= n;
            }
            if (!reproduces(e, t, mean)) {
                return null;
            }
            divided.add(t);
        }
        if (divided.isEmpty()) {
            return null;
        }
        String which = String.join(" and ", divided);
        return "your " + which + (divided.size() == 1 ? " is" : " are") + " DL4J's divided by the batch size N = " + n
                + ", element by element: a layer's gradients are plain sums over the batch; the 1/N of a mean loss "
                + "belongs to the loss, not to the layer";
    }

    /** Every element of a gradient that differs is one of the terms DL4J sums there: = where += belongs. */
    private static String singleTerms(Evidence e) {
        int outputs = e.dout().length;
        if (outputs > MAX_OUTPUTS_FOR_TERMS) {
            return null;
        }
        List<String> candidates = new ArrayList<>();
        for (String t : List.of("dW", "db", "dx")) {
            if (differs(e, t)) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty()) {
            return null;
        }
        // The terms: the reference's backward from each output element alone; and, for code that sums over
        // the batch in one go (NumPy's tensordot over n), each output position's terms summed over the batch.
        Layer twin = twin(e);
        int n = e.kase().batch();
        twin.forward(e.x(), n);
        List<Map<String, double[]>> terms = new ArrayList<>();
        for (int o = 0; o < outputs; o++) {
            double[] d = new double[outputs];
            d[o] = e.dout()[o];
            terms.add(backward(twin, d));
        }
        int perExample = outputs / n;
        for (int q = 0; q < perExample && n > 1; q++) {
            double[] d = new double[outputs];
            for (int i = 0; i < n; i++) {
                d[i * perExample + q] = e.dout()[i * perExample + q];
            }
            terms.add(backward(twin, d));
        }
        for (String t : candidates) {
            if (eachDifferingElementIsOneTerm(e, t, terms)) {
                boolean products = !t.equals("db") && !(e.kase().layers().get(0) instanceof Architecture.Pool);
                return "each " + t + " element that differs equals ONE of the " + (products ? "products" : "terms")
                        + " it should sum: assign with = where the " + over(e.kase().layers().get(0), t)
                        + " must add up with +=" + " (" + why(e.kase().layers().get(0), t) + ")";
            }
        }
        return null;
    }

    /** The twin's dx and parameter gradients from {@code dout} alone. */
    private static Map<String, double[]> backward(Layer twin, double[] dout) {
        for (Param p : twin.params()) {
            p.zeroGrad();
        }
        Map<String, double[]> grads = new java.util.HashMap<>();
        grads.put("dx", twin.backward(dout).clone());
        for (Param p : twin.params()) {
            grads.put("d" + p.name(), p.grad().clone());
        }
        return grads;
    }

    private static boolean eachDifferingElementIsOneTerm(Evidence e, String t, List<Map<String, double[]>> terms) {
        double[] yours = e.yours().get(t);
        double[] theirs = e.dl4j().get(t);
        double[] sizes = e.sizes().get(t);
        for (int i = 0; i < yours.length; i++) {
            if (close(yours[i], theirs[i], sizes[i], e)) {
                continue;
            }
            boolean one = false;
            for (Map<String, double[]> term : terms) {
                double v = term.get(t)[i];
                if (close(yours[i], v, Math.max(sizes[i], Math.abs(v)), e)) {
                    one = true;
                    break;
                }
            }
            if (!one) {
                return false;
            }
        }
        return java.util.Arrays.stream(yours).anyMatch(v -> v != 0); // a tensor never written is not this mistake
    }

    /** What the terms of {@code tensor} run over, in the hint's words. */
    private static String over(Architecture.Spec s, String tensor) {
        if (s instanceof Architecture.Dense) {
            return tensor.equals("dx") ? "units" : "examples";
        }
        if (s instanceof Architecture.Local && tensor.equals("dW")) {
            return "examples";
        }
        return tensor.equals("dx") ? "windows" : "positions";
    }

    /** Why the terms of {@code tensor} must add up. */
    private static String why(Architecture.Spec s, String tensor) {
        if (tensor.equals("dx")) {
            return s instanceof Architecture.Dense ? "an input feature feeds every unit u"
                    : s instanceof Architecture.Pool ? "overlapping windows can choose the same input"
                    : "an input pixel is read by every window that covers it";
        }
        if (tensor.equals("db")) {
            return s instanceof Architecture.Dense ? "the bias is added for every example n"
                    : "the bias is added at every (n, oh, ow)";
        }
        if (s instanceof Architecture.Dense) {
            return "the same weight is used by every example n";
        }
        return s instanceof Architecture.Local ? "each position's weight is used by every example n"
                : "weight sharing: the same weight is used at every (n, oh, ow)";
    }

    // ---- the loss ----

    /** As {@link #of}, for a loss. */
    static String ofLoss(LossEvidence e) {
        boolean lossDiffers = e.loss() != null && !close(e.loss(), e.dl4jLoss(), e.lossSize(), e.rtol(), e.atol());
        boolean gradDiffers = e.dlogits() != null && !all(e.dlogits(), e.dl4jDlogits(), e.dlogitsSizes(), e.rtol(),
                e.atol());
        if (!lossDiffers && !gradDiffers) {
            return null;
        }
        boolean yoursFinite = (e.loss() == null || Double.isFinite(e.loss()))
                && (e.dlogits() == null || java.util.Arrays.stream(e.dlogits()).allMatch(Double::isFinite));
        if (!yoursFinite && Double.isFinite(e.dl4jLoss()) && overflowsWithoutTheMax(e)) {
            String yours = e.loss() == null ? "dlogits is" : e.dlogits() == null ? "loss is" : "loss or dlogits is";
            return "your " + yours + " not finite (loss " + (e.loss() == null ? "not given" : e.loss()) + ") where "
                    + "DL4J's loss is " + e.dl4jLoss() + ": exp of logits as large as "
                    + (int) Math.round(maxAbs(e.logits())) + " overflows a double (the largest is about exp(709)); "
                    + "subtract each row's max before exp (softmax(z) = softmax(z - max) exactly) and take -log p[y] "
                    + "as log(sum_j exp(z_j - max)) - (z_y - max)";
        }
        if (gradDiffers && e.n() > 1) {
            double[] timesN = e.dl4jDlogits().clone();
            double[] sizes = e.dlogitsSizes().clone();
            for (int i = 0; i < timesN.length; i++) {
                timesN[i] *= e.n();
                sizes[i] *= e.n();
            }
            if (all(e.dlogits(), timesN, sizes, e.rtol(), e.atol())) {
                return "your dlogits is N times DL4J's (N = " + e.n() + "): the loss is the MEAN over the batch, so "
                        + "its gradient is (p - onehot) / N: divide by N";
            }
        }
        if (lossDiffers && e.n() > 1 && close(e.loss(), e.dl4jLoss() * e.n(), e.lossSize() * e.n(), e.rtol(),
                e.atol())) {
            return "your loss is N times DL4J's (N = " + e.n() + "): return the MEAN over the batch, not the sum";
        }
        return null;
    }

    /** The textbook softmax without the max subtracted overflows on these logits too. */
    private static boolean overflowsWithoutTheMax(LossEvidence e) {
        for (int i = 0; i < e.n(); i++) {
            double sum = 0;
            for (int j = 0; j < e.k(); j++) {
                sum += Math.exp(e.logits()[i * e.k() + j]);
            }
            if (!Double.isFinite(sum)) {
                return true;
            }
        }
        return false;
    }

    private static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    // ---- shared ----

    /** The names of your tensors that differ from DL4J's. */
    private static List<String> differing(Evidence e) {
        return e.yours().keySet().stream().filter(t -> differs(e, t)).toList();
    }

    /** How many elements of your {@code t} differ from DL4J's by Judge's rule. */
    private static int count(Evidence e, String t) {
        double[] yours = e.yours().get(t);
        int count = 0;
        for (int i = 0; i < yours.length; i++) {
            count += close(yours[i], e.dl4j().get(t)[i], e.sizes().get(t)[i], e) ? 0 : 1;
        }
        return count;
    }

    /** Yours has {@code t} and it differs from DL4J's by Judge's rule. */
    private static boolean differs(Evidence e, String t) {
        double[] yours = e.yours().get(t);
        return yours != null && !all(yours, e.dl4j().get(t), e.sizes().get(t), e.rtol(), e.atol());
    }

    /** Your {@code t} is {@code whatIf}'s, and {@code whatIf} is not DL4J's: the mistake explains the difference. */
    private static boolean reproduces(Evidence e, String t, double[] whatIf) {
        double[] yours = e.yours().get(t);
        if (yours == null || yours.length != whatIf.length) {
            return false;
        }
        double[] scale = e.sizes().get(t).clone();
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.max(scale[i], Math.abs(whatIf[i]));
        }
        return all(yours, whatIf, scale, e.rtol(), e.atol()) && !all(whatIf, e.dl4j().get(t), e.sizes().get(t),
                e.rtol(), e.atol());
    }

    private static boolean all(double[] a, double[] b, double[] scale, double rtol, double atol) {
        if (a.length != b.length) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            if (!close(a[i], b[i], scale[i], rtol, atol)) {
                return false;
            }
        }
        return true;
    }

    private static boolean close(double a, double b, double scale, Evidence e) {
        return close(a, b, scale, e.rtol(), e.atol());
    }

    /** Judge's element rule: |a - b| <= atol + rtol scale (a NaN is never close). */
    private static boolean close(double a, double b, double scale, double rtol, double atol) {
        return Math.abs(a - b) <= atol + rtol * scale;
    }

    /** The reference's layer for the case, holding the case's weights. */
    private static Layer twin(Evidence e) {
        Layer twin = Architecture.layers(e.kase().layers(), e.kase().input()).get(0);
        for (Param p : twin.params()) {
            System.arraycopy(e.params().get(p.name()), 0, p.value(), 0, p.size());
        }
        return twin;
    }
}
