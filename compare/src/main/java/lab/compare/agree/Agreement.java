package lab.compare.agree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jTrainer;
import lab.reference.Architecture;
import lab.reference.AvgPool2D;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.MaxPool2D;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.ReLU;
import lab.reference.Shape;
import lab.reference.Tanh;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Runs one batch through both stacks from the same weights and says where they part: the forward output
 * (softmax probabilities), the mean loss, and every named parameter gradient. DL4J returns the batch SUM
 * of gradients and the MEAN loss; its gradients are divided by N here to compare with the reference's
 * mean. Each element is judged by |dl4j - ref| <= rtol S, where S is the size of the terms that make it
 * up ({@link #magnitudes}): rounding is relative to the terms of a sum, not to what is left after they
 * cancel. The "relative error" reported is the same measure, |dl4j - ref| / S. DL4J's score (LossMCXENT)
 * clips every probability to [1e-10, 1 - 1e-10] before the log and its gradient does not: where a
 * true-class probability falls outside that range the reference keeps its exact loss, and the loss row
 * compares DL4J's score with the reference's probabilities clipped the same way, saying so.
 */
public final class Agreement {

    /**
     * rtol per precision, relative to the size of the terms (see {@link #magnitudes}). Double: 1e-10.
     * Float: 1e-4. A bias gradient here is a float sum of up to K = 16 x 28 x 28 = 12,544 terms, whose
     * rounding grows like eps_f sqrt(K) = 6e-8 x 112 = 7e-6 of the terms' size and at worst like
     * eps_f K = 7.5e-4; 1e-4 lies between.
     */
    public static double rtol(DataType dtype) {
        return dtype == DataType.DOUBLE ? 1e-10 : 1e-4;
    }

    /** One tensor's verdict, with the worst element by absolute and by relative error, and both values. */
    public record Tensor(String name, int size, double worstAbs, int worstAbsIndex, double worstRel,
                         int worstRelIndex, double reference, double dl4j, double rtol, boolean agrees) {
    }

    /** DL4J's MCXENT clip: probabilities are held inside [CLIP, 1 - CLIP] in its score. */
    public static final double CLIP = 1e-10;

    /**
     * Every tensor of one case.
     *
     * @param lossNote null, or for a batch where DL4J's clip changes the loss: one line saying what its
     *                 score does there and both losses
     */
    public record Report(String architecture, String input, int batch, String dtype, List<Tensor> tensors,
                         String lossNote) {
        public boolean agrees() {
            return tensors.stream().allMatch(Tensor::agrees);
        }

        /** The per-tensor table, one line each, worst relative error first among failures. */
        public String table() {
            StringBuilder sb = new StringBuilder(String.format("%s on %d x %s, %s%n", architecture, batch, input,
                    dtype));
            sb.append(String.format("  %-14s %7s %11s %11s %8s  %s%n", "tensor", "size", "worst abs", "worst rel",
                    "verdict", "at worst rel: reference vs dl4j"));
            for (Tensor t : tensors) {
                sb.append(String.format("  %-14s %7d %11.2e %11.2e %8s  [%d] %.17g vs %.17g%n", t.name(), t.size(),
                        t.worstAbs(), t.worstRel(), t.agrees() ? "ok" : "DIFFERS", t.worstRelIndex(), t.reference(),
                        t.dl4j()));
            }
            return sb.toString();
        }
    }

    /**
     * Tests only: applied to the reference network after its weights went to DL4J, so a test can make the
     * stacks disagree and see {@code lab agree} say so through its real path. Null (nothing) otherwise.
     */
    public static volatile java.util.function.Consumer<Network> faultAfterTransfer;

    private Agreement() {
    }

    /** Compares both stacks on one batch, DL4J in {@code dtype}, from the reference network's weights. */
    public static Report compare(Network ref, double[] x, int[] y, int n, DataType dtype) {
        Architecture arch = ref.architecture();
        Shape in = ref.inputShape();
        Dl4jNetworks.Built built = Dl4jNetworks.build(arch, in, dtype, Dl4jNetworks.updater(lab.reference.Optimizer.sgd(1.0)),
                Init.XAVIER, 0);
        Dl4jParams.toDl4j(ref, built);
        if (faultAfterTransfer != null) {
            faultAfterTransfer.accept(ref);
        }

        ref.zeroGrad();
        double refLoss = ref.lossAndGradient(x, y, n);
        double[] refOut = ref.lastProbabilities().clone();

        MultiLayerNetwork net = built.net();
        DataSet ds = Dl4jTrainer.dataSet(new Dataset.Batch(x, y, n), in.size(), ref.classes(), dtype);
        double[] dl4jOut = Dl4jParams.values(net.output(ds.getFeatures(), false));
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        double dl4jLoss = net.score();
        Map<String, INDArray> grads = net.gradient().gradientForVariable();

        // Before the magnitude pass, which runs the reference's layers again and overwrites their gradients.
        List<double[]> refGrads = new ArrayList<>();
        for (Network.NamedParam p : ref.params()) {
            refGrads.add(p.param().grad().clone());
        }
        Magnitudes size = magnitudes(ref, x, y, n, refOut, refLoss);

        double rtol = rtol(dtype);
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(judge("output", refOut, dl4jOut, size.output(), rtol));
        int clipped = clippedExamples(refOut, y, ref.classes());
        String lossNote = null;
        if (clipped == 0) {
            tensors.add(judge("loss", new double[] {refLoss}, new double[] {dl4jLoss}, new double[] {size.loss()},
                    rtol));
        } else {
            double refClipped = clippedLoss(refOut, y, ref.classes());
            // A mean of -log p >= 0 terms does not cancel: judged on its own size, as the exact loss is.
            tensors.add(judge("loss(clipped)", new double[] {refClipped}, new double[] {dl4jLoss},
                    new double[] {Math.abs(refClipped)}, rtol));
            lossNote = String.format("loss: DL4J's score clips each probability to [1e-10, 1 - 1e-10] (MCXENT; here %d of %d "
                    + "true-class probabilities lie outside it), so it reads %.4g where the exact loss, which the reference keeps, "
                    + "is %.4g; the loss row compares it with the reference's clipped the same way (%.4g). Gradients are "
                    + "not clipped.", clipped, n, dl4jLoss, refLoss, refClipped);
        }
        int k = 0;
        for (Network.NamedParam p : ref.params()) {
            double[] sum = Dl4jParams.gradient(built, grads, p.key());
            double[] mean = new double[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = sum[i] / n; // DL4J's gradient is the batch sum
            }
            tensors.add(judge("d" + p.key(), refGrads.get(k), mean, size.grads().get(k), rtol));
            k++;
        }
        return new Report(arch.toString(), in.toString(), n, dtype == DataType.DOUBLE ? "double" : "float", tensors,
                lossNote);
    }

    /** How many examples' true-class probability lies outside DL4J's [CLIP, 1 - CLIP]. */
    static int clippedExamples(double[] p, int[] y, int k) {
        int count = 0;
        for (int i = 0; i < y.length; i++) {
            double py = p[i * k + y[i]];
            if (py < CLIP || py > 1 - CLIP) {
                count++;
            }
        }
        return count;
    }

    /** The mean loss as DL4J's score computes it: -log of the true-class probability held in [CLIP, 1 - CLIP]. */
    static double clippedLoss(double[] p, int[] y, int k) {
        double sum = 0;
        for (int i = 0; i < y.length; i++) {
            sum -= Math.log(Math.min(Math.max(p[i * k + y[i]], CLIP), 1 - CLIP));
        }
        return sum / y.length;
    }

    /** Per element, the size S of the terms behind it: the output, the loss, and each parameter's gradient. */
    record Magnitudes(double[] output, double loss, List<double[]> grads) {
    }

    /**
     * The size of the terms behind every compared value, the scale its rounding is relative to. The
     * reference's own layers run again on |x|, |W| and |b|, which gives every conv, local and dense
     * output as sum |w| |x| + |b| and every gradient as its sum of |w| |x| |dout| products (with the real
     * activation derivatives and max-pool routes), the sizes of the terms a float sum rounds against.
     * The backward pass starts from (p + onehot) / N, the size of the terms of (p - onehot) / N. The softmax
     * output and the loss are judged on their own size: p_i is a ratio of positive terms and the loss a mean
     * of -log p_y >= 0, so neither cancels (the logits' own errors move p_i relative to itself by about the
     * logits' absolute error, far below rtol here). Leaves the parameters as they were; overwrites the grads.
     */
    static Magnitudes magnitudes(Network ref, double[] x, int[] y, int n, double[] probabilities, double loss) {
        List<Param> params = new ArrayList<>();
        List<double[]> values = new ArrayList<>();
        for (Network.NamedParam p : ref.params()) {
            params.add(p.param());
            values.add(p.param().value().clone());
            abs(p.param().value());
        }
        try {
            // Activations and max-pools are not run again: their backward, on sizes, uses the real forward's
            // derivative (tanh's 1 - t^2, ReLU's 0 or 1) and the real argmax, so it multiplies by the very
            // coefficients of the real chain. Their forward on sizes: tanh and ReLU as the identity
            // (|f(z)| <= |z|, and an error in z moves f(z) by no more), a max-pool as the window's sum.
            List<Layer> layers = ref.layers();
            List<Architecture.Pool> maxPools = ref.architecture().specs().stream()
                    .filter(s -> s instanceof Architecture.Pool p && p.kind() == Architecture.PoolKind.MAX)
                    .map(s -> (Architecture.Pool) s).toList();
            int pools = 0;
            double[] a = x.clone();
            abs(a);
            for (Layer layer : layers) {
                if (layer instanceof MaxPool2D) {
                    Architecture.Pool p = maxPools.get(pools++);
                    a = new AvgPool2D(layer.inputShape(), p.kh(), p.kw(), p.sh(), p.sw()).forward(a, n);
                    for (int i = 0; i < a.length; i++) {
                        a[i] *= p.kh() * p.kw();
                    }
                } else if (!(layer instanceof ReLU || layer instanceof Tanh)) {
                    a = layer.forward(a, n);
                }
            }
            int classes = ref.classes();
            double[] d = new double[n * classes]; // (p - onehot) / N: its terms' size is (p + onehot) / N
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < classes; j++) {
                    d[i * classes + j] = (probabilities[i * classes + j] + (y[i] == j ? 1 : 0)) / n;
                }
            }
            ref.zeroGrad();
            for (int l = layers.size() - 1; l >= 0; l--) {
                d = layers.get(l).backward(d);
            }
            List<double[]> grads = new ArrayList<>();
            for (Param p : params) {
                grads.add(p.grad().clone());
            }
            // p = exp(z_i - max) / sum_j exp(z_j - max) and the loss -log p_y (a mean of positive terms) do not cancel
            double[] output = new double[probabilities.length];
            for (int i = 0; i < output.length; i++) {
                output[i] = Math.abs(probabilities[i]);
            }
            return new Magnitudes(output, Math.abs(loss), grads);
        } finally {
            for (int i = 0; i < params.size(); i++) {
                System.arraycopy(values.get(i), 0, params.get(i).value(), 0, values.get(i).length);
            }
        }
    }

    private static void abs(double[] v) {
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i]);
        }
    }

    /** Elementwise |b - a| <= rtol scale, scale = max |a| + |a|: for tensors without a magnitude pass. */
    static Tensor judge(String name, double[] ref, double[] other, double rtol) {
        double max = 0;
        for (double v : ref) {
            max = Math.max(max, Math.abs(v));
        }
        double[] scale = new double[ref.length];
        for (int i = 0; i < ref.length; i++) {
            scale[i] = max + Math.abs(ref[i]);
        }
        return judge(name, ref, other, scale, rtol);
    }

    /** Elementwise |b - a| <= rtol scale[i]; relative error |b - a| / scale[i]. */
    static Tensor judge(String name, double[] ref, double[] other, double[] scale, double rtol) {
        if (ref.length != other.length) {
            return new Tensor(name + " (sizes differ: " + ref.length + " vs " + other.length + ")", ref.length,
                    Double.NaN, -1, Double.NaN, -1, Double.NaN, Double.NaN, rtol, false);
        }
        double worstAbs = -1;
        double worstRel = -1;
        int absAt = -1;
        int relAt = -1;
        boolean agrees = true;
        for (int i = 0; i < ref.length; i++) {
            double diff = Math.abs(other[i] - ref[i]);
            if (!(diff <= rtol * scale[i])) { // a NaN on either side disagrees
                agrees = false;
            }
            double rel = diff / Math.max(scale[i], Double.MIN_NORMAL);
            if (diff > worstAbs || Double.isNaN(diff)) {
                worstAbs = diff;
                absAt = i;
            }
            if (rel > worstRel || Double.isNaN(rel)) {
                worstRel = rel;
                relAt = i;
            }
        }
        return new Tensor(name, ref.length, worstAbs, absAt, worstRel, relAt, ref[relAt], other[relAt], rtol, agrees);
    }
}
