package lab.compare.agree;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jTrainer;
import lab.fast.FloatNetwork;
import lab.kit.Judge;
import lab.kit.TermSizes;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Model;
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
 * mean. Each element is judged by the kit's one rule ({@link Judge}): |dl4j - ref| <= rtol S, where S is the
 * size of the terms that make it up ({@link TermSizes}): rounding is relative to the terms of a sum, not to
 * what is left after they cancel. The "relative error" reported is |dl4j - ref| / S. DL4J's score (LossMCXENT)
 * clips every probability to [1e-10, 1 - 1e-10] before the log and its gradient does not: where a
 * true-class probability falls outside that range the reference keeps its exact loss, and the loss row
 * compares DL4J's score with the reference's probabilities clipped the same way, saying so.
 */
public final class Agreement {

    /** rtol per precision of DL4J's side: {@link Judge#rtol}. */
    public static double rtol(DataType dtype) {
        return Judge.rtol(dtype);
    }

    /** DL4J's MCXENT clip: probabilities are held inside [CLIP, 1 - CLIP] in its score. */
    public static final double CLIP = 1e-10;

    /**
     * Every tensor of one case.
     *
     * @param lossNote null, or for a batch where DL4J's clip changes the loss: one line saying what its
     *                 score does there and both losses
     */
    public record Report(String architecture, String input, int batch, String dtype,
                         List<Judge.TensorVerdict> tensors, String lossNote) {
        public boolean agrees() {
            return tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        }

        /** The per-tensor table ({@link Judge#table}), one line each, the element as a flat index. */
        public String table() {
            return String.format("%s on %d x %s, %s%n", architecture, batch, input, dtype)
                    + Judge.table(tensors, "reference", t -> "[" + t.worstRelIndex() + "]");
        }
    }

    /**
     * Tests only: applied to the reference network after its weights went to DL4J, so a test can make the
     * stacks disagree and see {@code lab agree} say so through its real path. Null (nothing) otherwise.
     */
    public static volatile java.util.function.Consumer<Network> faultAfterTransfer;

    private Agreement() {
    }

    /**
     * Compares both stacks on one batch in {@code dtype}, from the reference network's weights: DL4J's network
     * in that precision against the reference's spec in double, or in float its float path on the same
     * weights ({@link FloatNetwork}), so that each side computes in the precision it is judged at.
     */
    public static Report compare(Network ref, double[] x, int[] y, int n, DataType dtype) {
        Architecture arch = ref.architecture();
        Shape in = ref.inputShape();
        Dl4jSide dl4j = dl4j(ref, x, y, n, dtype, faultAfterTransfer);

        Model side = dtype == DataType.FLOAT ? new FloatNetwork(ref, 1) : ref;
        side.zeroGrad();
        double refLoss = side.lossAndGradient(x, y, n); // gradients land in ref's parameters either way
        double[] refOut = side.lastProbabilities().clone();
        double[] dl4jOut = dl4j.output();
        double dl4jLoss = dl4j.loss();

        // Before the magnitude pass, which runs the reference's layers again and overwrites their gradients.
        List<double[]> refGrads = new ArrayList<>();
        for (Network.NamedParam p : ref.params()) {
            refGrads.add(p.param().grad().clone());
        }
        TermSizes size = magnitudes(ref, x, y, n, refOut);

        double rtol = rtol(dtype);
        List<Judge.TensorVerdict> tensors = new ArrayList<>();
        // p = exp(z_i - max) / sum_j exp(z_j - max) and the loss -log p_y (a mean of positive terms) do not cancel
        tensors.add(Judge.judge("output", dl4jOut, refOut, TermSizes.abs(refOut.clone()), rtol, 0));
        int clipped = clippedExamples(refOut, y, ref.classes());
        String lossNote = null;
        if (clipped == 0) {
            tensors.add(Judge.judge("loss", new double[] {dl4jLoss}, new double[] {refLoss},
                    new double[] {Math.abs(refLoss)}, rtol, 0));
        } else {
            double refClipped = clippedLoss(refOut, y, ref.classes());
            // A mean of -log p >= 0 terms does not cancel: judged on its own size, as the exact loss is.
            tensors.add(Judge.judge("loss(clipped)", new double[] {dl4jLoss}, new double[] {refClipped},
                    new double[] {Math.abs(refClipped)}, rtol, 0));
            lossNote = String.format("loss: DL4J's score clips each probability to [1e-10, 1 - 1e-10] (MCXENT; here %d of %d "
                    + "true-class probabilities lie outside it), so it reads %.4g where the exact loss, which the reference keeps, "
                    + "is %.4g; the loss row compares it with the reference's clipped the same way (%.4g). Gradients are "
                    + "not clipped.", clipped, n, dl4jLoss, refLoss, refClipped);
        }
        int k = 0;
        for (Network.NamedParam p : ref.params()) {
            tensors.add(Judge.judge("d" + p.key(), dl4j.grads().get(p.key()), refGrads.get(k), size.grads().get(k), rtol,
                    0));
            k++;
        }
        return new Report(arch.toString(), in.toString(), n, dtype == DataType.DOUBLE ? "double" : "float", tensors,
                lossNote);
    }

    /**
     * DL4J's gradients of the mean loss on one batch from {@code ref}'s weights, by the reference's keys
     * ({@code 0_W}, ...) in its layouts: DL4J's batch sums divided by N, the reference's own quantity.
     */
    public static Map<String, double[]> dl4jGradients(Network ref, double[] x, int[] y, int n, DataType dtype) {
        return dl4j(ref, x, y, n, dtype, null).grads();
    }

    /** DL4J's side of one batch: probabilities, mean loss (its score) and mean gradients by reference key. */
    private record Dl4jSide(double[] output, double loss, Map<String, double[]> grads) {
    }

    /** Builds the network on DL4J from {@code ref}'s weights (then applies {@code fault} to ref, if any) and runs one batch. */
    private static Dl4jSide dl4j(Network ref, double[] x, int[] y, int n, DataType dtype,
                                 java.util.function.Consumer<Network> fault) {
        Shape in = ref.inputShape();
        Dl4jNetworks.Built built = Dl4jNetworks.build(ref.architecture(), in, dtype,
                Dl4jNetworks.updater(lab.reference.Optimizer.sgd(1.0)), Init.XAVIER, 0);
        Dl4jParams.toDl4j(ref, built);
        if (fault != null) {
            fault.accept(ref);
        }
        MultiLayerNetwork net = built.net();
        DataSet ds = Dl4jTrainer.dataSet(new Dataset.Batch(x, y, n), in.size(), ref.classes(), dtype);
        double[] output = Dl4jParams.values(net.output(ds.getFeatures(), false));
        net.setInput(ds.getFeatures());
        net.setLabels(ds.getLabels());
        net.computeGradientAndScore();
        Map<String, INDArray> sums = net.gradient().gradientForVariable();
        Map<String, double[]> grads = new java.util.LinkedHashMap<>();
        for (Network.NamedParam p : ref.params()) {
            double[] g = Dl4jParams.gradient(built, sums, p.key());
            for (int i = 0; i < g.length; i++) {
                g[i] /= n; // DL4J's gradient is the batch sum
            }
            grads.put(p.key(), g);
        }
        return new Dl4jSide(output, net.score(), grads);
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

    /**
     * The size of the terms behind every parameter gradient ({@link TermSizes}): the reference's layers run
     * again on |x|, |W| and |b|, backward from (p + onehot) / N, the size of the terms of (p - onehot) / N.
     * Leaves the parameters as they were; overwrites the grads.
     */
    public static TermSizes magnitudes(Network ref, double[] x, int[] y, int n, double[] probabilities) {
        int classes = ref.classes();
        double[] d = new double[n * classes];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < classes; j++) {
                d[i * classes + j] = (probabilities[i * classes + j] + (y[i] == j ? 1 : 0)) / n;
            }
        }
        return TermSizes.of(ref.layers(), x, n, d);
    }
}
