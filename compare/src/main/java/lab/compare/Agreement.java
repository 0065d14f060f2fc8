package lab.compare;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jTrainer;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/**
 * Runs one batch through both stacks from the same weights and says where they part: the forward output
 * (softmax probabilities), the mean loss, and every named parameter gradient. DL4J returns the batch SUM
 * of gradients and the MEAN loss; its gradients are divided by N here to compare with the reference's
 * mean. Each tensor is judged elementwise by |dl4j - ref| <= atol + rtol |ref|, where atol = rtol times
 * the tensor's largest |ref| (so elements that cancel to near zero are judged on the tensor's scale);
 * the "relative error" reported is the same measure, |dl4j - ref| / (max|ref| + |ref|). DL4J's score
 * (LossMCXENT) clips every probability to [1e-10, 1 - 1e-10] before the log and its gradient does not:
 * where a true-class probability falls outside that range the reference keeps its exact loss, and the loss
 * row compares DL4J's score with the reference's probabilities clipped the same way, saying so.
 */
public final class Agreement {

    /**
     * rtol per precision. Double: 1e-10 (seen: 5e-15). Float: 1e-4. A bias gradient here is a float sum of
     * up to K = 16 x 28 x 28 = 12,544 terms, whose rounding grows like eps_f sqrt(K) = 6e-8 x 112 = 7e-6
     * (seen: up to 6e-6) and at worst like eps_f K = 7.5e-4; 1e-4 lies between.
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

    private Agreement() {
    }

    /** Compares both stacks on one batch, DL4J in {@code dtype}, from the reference network's weights. */
    public static Report compare(Network ref, double[] x, int[] y, int n, DataType dtype) {
        Architecture arch = ref.architecture();
        Shape in = ref.inputShape();
        Dl4jNetworks.Built built = Dl4jNetworks.build(arch, in, dtype, Dl4jNetworks.updater("sgd", 1.0, 0),
                Init.XAVIER, 0);
        Dl4jParams.toDl4j(ref, built);

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

        double rtol = rtol(dtype);
        List<Tensor> tensors = new ArrayList<>();
        tensors.add(judge("output", refOut, dl4jOut, rtol));
        int clipped = clippedExamples(refOut, y, ref.classes());
        String lossNote = null;
        if (clipped == 0) {
            tensors.add(judge("loss", new double[] {refLoss}, new double[] {dl4jLoss}, rtol));
        } else {
            double refClipped = clippedLoss(refOut, y, ref.classes());
            tensors.add(judge("loss(clipped)", new double[] {refClipped}, new double[] {dl4jLoss}, rtol));
            lossNote = String.format("loss: DL4J's score clips each probability to [1e-10, 1 - 1e-10] (MCXENT; here %d of %d "
                    + "true-class probabilities lie outside it), so it reads %.4g where the exact loss, which the reference keeps, "
                    + "is %.4g; the loss row compares it with the reference's clipped the same way (%.4g). Gradients are "
                    + "not clipped.", clipped, n, dl4jLoss, refLoss, refClipped);
        }
        for (Network.NamedParam p : ref.params()) {
            double[] sum = Dl4jParams.gradient(built, grads, p.key());
            double[] mean = new double[sum.length];
            for (int i = 0; i < sum.length; i++) {
                mean[i] = sum[i] / n; // DL4J's gradient is the batch sum
            }
            tensors.add(judge("d" + p.key(), p.param().grad(), mean, rtol));
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

    /** Elementwise |b - a| <= atol + rtol |a|, atol = rtol * max |a|; relative error |b - a| / (max|a| + |a|). */
    static Tensor judge(String name, double[] ref, double[] other, double rtol) {
        if (ref.length != other.length) {
            return new Tensor(name + " (sizes differ: " + ref.length + " vs " + other.length + ")", ref.length,
                    Double.NaN, -1, Double.NaN, -1, Double.NaN, Double.NaN, rtol, false);
        }
        double scale = 0;
        for (double v : ref) {
            scale = Math.max(scale, Math.abs(v));
        }
        double atol = rtol * scale;
        double worstAbs = -1;
        double worstRel = -1;
        int absAt = -1;
        int relAt = -1;
        boolean agrees = true;
        for (int i = 0; i < ref.length; i++) {
            double diff = Math.abs(other[i] - ref[i]);
            if (!(diff <= atol + rtol * Math.abs(ref[i]))) { // a NaN on either side disagrees
                agrees = false;
            }
            // The verdict's own measure: diff <= rtol (scale + |ref|) exactly when rel <= rtol.
            double rel = diff / Math.max(scale + Math.abs(ref[i]), Double.MIN_NORMAL);
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
