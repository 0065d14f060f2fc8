package lab.compare.lesson;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jPiece;
import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Shape;
import lab.reference.SoftmaxCrossEntropy;
import org.nd4j.linalg.activations.impl.ActivationSoftmax;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Part 4 of the lesson: where the two stacks differ on purpose, or agree on a choice a textbook leaves
 * open, each shown on an input of a few numbers with both stacks' results: DL4J's cross-entropy clips the
 * probabilities in its score (the loss at extreme logits) but not in its gradient; a max-pool tie sends the
 * whole gradient to the first maximum in raster order; ReLU's derivative at exactly 0 is 0.
 */
final class OnPurpose {

    /** The loss at one example's logits: the reference's exact value and DL4J's score, and both gradients. */
    record Loss(double[] logits, int label, double reference, double dl4j, double[] referenceGrad, double[] dl4jGrad) {
    }

    /** One layer on a tiny input: dx from an upstream gradient of ones, on both stacks. */
    record Piece(String layer, Shape shape, double[] x, double[] reference, double[] dl4j) {
    }

    record Numbers(List<Loss> losses, Piece pool, Piece relu) {
    }

    private OnPurpose() {
    }

    static Numbers measure(boolean dl4j) {
        List<Loss> losses = List.of(loss(new double[] {0, 3, 0}, 0, dl4j), loss(new double[] {0, 30, 0}, 0, dl4j));
        // two 2x2 windows, each with a tie: the first maximum in raster order is (0, 0), then (0, 3)
        Piece pool = piece("maxpool(2)", new Shape(1, 2, 4), new double[] {1, 1, 0, 2, 0.5, 0, 2, 2}, dl4j);
        Piece relu = piece("relu", new Shape(3, 1, 1), new double[] {-1, 0, 0.5}, dl4j);
        return new Numbers(losses, pool, relu);
    }

    private static Loss loss(double[] logits, int label, boolean dl4j) {
        int k = logits.length;
        SoftmaxCrossEntropy ref = new SoftmaxCrossEntropy();
        double value = ref.forward(logits, new int[] {label}, 1, k);
        double[] grad = ref.backward();
        double score = Double.NaN;
        double[] theirs = null;
        if (dl4j) {
            INDArray z = Nd4j.create(logits, new long[] {1, k}, 'c').castTo(DataType.DOUBLE);
            double[] onehot = new double[k];
            onehot[label] = 1;
            INDArray y = Nd4j.create(onehot, new long[] {1, k}, 'c').castTo(DataType.DOUBLE);
            LossMCXENT mcxent = new LossMCXENT(); // what Dl4jNetworks' output layer computes
            score = mcxent.computeScore(y, z.dup(), new ActivationSoftmax(), null, true);
            theirs = mcxent.computeGradient(y, z.dup(), new ActivationSoftmax(), null).data().asDouble();
        }
        return new Loss(logits, label, value, score, grad, theirs);
    }

    private static Piece piece(String text, Shape shape, double[] x, boolean dl4j) {
        List<Architecture.Spec> specs = Architecture.parseLayers(text);
        Layer layer = Architecture.layers(specs, shape).get(0);
        layer.forward(x, 1);
        double[] dout = new double[layer.outputShape().size()];
        Arrays.fill(dout, 1);
        double[] dx = layer.backward(dout);
        double[] theirs = dl4j ? Dl4jNetworks.piece(specs, shape).run(x, 1, dout).dx() : null;
        return new Piece(text, shape, x, dx, theirs);
    }

    static Lesson.Part write(Numbers m, boolean dl4j) {
        StringBuilder md = new StringBuilder("## 4. Where they differ on purpose\n\n");
        md.append("Three choices a textbook leaves open, each on an input of a few numbers, with both stacks' numbers"
                + (dl4j ? "" : " (here the reference's only: DL4J was not run)") + ".\n\n");
        md.append("**The loss at extreme logits.** The reference computes the cross-entropy as log-sum-exp, exact for "
                + "any logits; DL4J's `LossMCXENT` clips every probability to [1e-10, 1 - 1e-10] before the log in its "
                + "score, and not in its gradient. One example of three classes:\n\n");
        md.append("| logits | label | loss, reference | loss, DL4J | gradient, reference |"
                + (dl4j ? " gradient, DL4J |" : "") + "\n|---|---:|---:|---:|---|" + (dl4j ? "---|" : "") + "\n");
        for (Loss l : m.losses()) {
            md.append(String.format("| %s | %d | %.15g | %s | %s |%s%n", vector(l.logits()), l.label(), l.reference(),
                    dl4j ? String.format("%.15g", l.dl4j()) : "not run", vector(l.referenceGrad()),
                    dl4j ? " " + vector(l.dl4jGrad()) + " |" : ""));
        }
        Loss extreme = m.losses().get(1);
        md.append(String.format("%nAt logits %s the true class has probability %.2g, below the clip: the reference's "
                + "loss is the exact %.4f%s; the gradients stay the same (softmax minus one-hot). So a report that "
                + "compares the stacks' losses must clip the reference's too (`lab agree` does, and says so).%n%n",
                vector(extreme.logits()), Math.exp(-extreme.reference()), extreme.reference(),
                dl4j ? String.format(", DL4J's score reads %.4f = -ln(1e-10)", extreme.dl4j()) : ""));
        md.append("**A tie in a max-pool window.** Forward keeps the first maximum in raster order (row by row, left to "
                + "right), and backward sends the window's whole gradient there. `maxpool(2)` on one 2 x 4 image, two "
                + "windows, each with a tie, dout all ones:\n\n");
        md.append(piece(m.pool(), dl4j));
        md.append("**ReLU at exactly 0.** Its derivative there is 0 (the test is `x > 0`); blank pixels make exact zeros "
                + "common, so the choice matters. `relu` on three values, dout all ones:\n\n");
        md.append(piece(m.relu(), dl4j));
        String summary = String.format("at logits %s the loss is %.4f exact on the reference%s; both stacks send a "
                + "max-pool tie's gradient to the first maximum and give ReLU'(0) = 0", vector(extreme.logits()),
                extreme.reference(), dl4j ? String.format(", %.4f on DL4J (its clip), with the same gradients",
                        extreme.dl4j()) : "");
        return new Lesson.Part(md.toString(), summary);
    }

    private static String piece(Piece p, boolean dl4j) {
        return "| | values |\n|---|---|\n| x | " + vector(p.x()) + " |\n| dx, reference | " + vector(p.reference())
                + " |\n" + (dl4j ? "| dx, DL4J | " + vector(p.dl4j()) + " |\n" : "") + "\n"
                + (dl4j ? (Arrays.equals(p.reference(), p.dl4j()) ? "The same on both stacks.\n\n"
                        : "**The stacks differ here.**\n\n") : "\n");
    }

    /** A short vector in brackets: [0, 30, 0], [-1, 9.4e-14, 1]. */
    static String vector(double[] v) {
        return Arrays.stream(v).mapToObj(OnPurpose::number).collect(Collectors.joining(", ", "[", "]"));
    }

    /** A number in few characters: 30, 0.5, 9.4e-14. */
    static String number(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e6) {
            return Long.toString((long) v);
        }
        return Math.abs(v) >= 1e-3 ? String.format("%.6g", v).replaceAll("0+$", "").replaceAll("\\.$", "")
                : String.format("%.2g", v);
    }
}
