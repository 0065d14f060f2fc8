package lab.compare.lesson;

import static lab.reference.Index.at;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lab.compare.agree.Agreement;
import lab.compare.report.Panels;
import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dataset;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Network;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.SoftmaxCrossEntropy;
import lab.reference.Window;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Part 1 of the lesson, weight sharing seen from both sides: one weight of the trained {@code cnn}'s first
 * conv, W[f, 0, i, j], was used at every output position of every image, so its gradient is a sum of one
 * term per position and image, the {@code +=} of {@link Conv2D#backward}. This draws that sum as a map over
 * positions, checks that the map adds up to the reference's dW and DL4J's, and then puts the same layer in
 * a locally connected network, where each position's map entry is that position's own gradient and
 * nothing is summed.
 */
final class OneKernel {

    /**
     * What part 1 measured on one batch.
     *
     * @param f, i, j         the weight W[f, 0, i, j] drawn: the one with the largest gradient
     * @param map             each output position's term of its gradient, summed over the batch, (OH, OW)
     * @param example         the same for the batch's first example alone, (OH, OW)
     * @param dout            the loss gradient at the conv's output for the first example and filter f, (OH, OW)
     * @param mapSum          the map's entries added up
     * @param reference       the reference's dW[f, 0, i, j] (Conv2D.backward)
     * @param dl4j            DL4J's (its batch sum / N), NaN when DL4J was not run
     * @param local           the locally connected layer's own gradients at (0, i, j), filter f, per position, (OH, OW)
     * @param localWorst      max |local - map| over the positions
     * @param localSum        the local gradients added up over the positions
     * @param dl4jLocalWorst  DL4J's locally connected layer's gradients against the reference's, worst |diff|
     *                        over max |value| of the whole W gradient; NaN when DL4J was not run
     */
    record Numbers(int f, int i, int j, int oh, int ow, double[] map, double[] example, double[] dout, double mapSum,
                   double reference, double dl4j, double[] local, double localWorst, double localSum,
                   double dl4jLocalWorst) {
    }

    private OneKernel() {
    }

    /** Measures part 1 on {@code net} (the trained cnn) and {@code batch}; DL4J's numbers too if {@code dl4j}. */
    static Numbers measure(Network net, Dataset batch, boolean dl4j) {
        int n = batch.size();
        double[] x = batch.x();
        double[] dout0 = backprop(net, x, batch.y(), n);
        Conv2D conv = (Conv2D) net.layers().get(0);
        Param w = net.param("0_W"); // (F, C, KH, KW)
        Shape in = conv.inputShape();
        Shape out = conv.outputShape();
        Window win = conv.window();
        int F = out.c(), OH = out.h(), OW = out.w(), C = in.c(), H = in.h(), W = in.w();
        int KH = win.kh(), KW = win.kw();

        int best = 0; // the weight whose gradient is largest: its map is the clearest
        for (int k = 0; k < F * C * KH * KW; k++) {
            if (k / (KH * KW) % C == 0 && Math.abs(w.grad()[k]) > Math.abs(w.grad()[best])) {
                best = k;
            }
        }
        int f = best / (C * KH * KW);
        int i = best / KW % KH;
        int j = best % KW;

        double[] map = new double[OH * OW];
        double[] example = new double[OH * OW];
        double[] dout = new double[OH * OW];
        for (int in0 = 0; in0 < n; in0++) {
            for (int oh = 0; oh < OH; oh++) {
                for (int ow = 0; ow < OW; ow++) {
                    int ih = oh * win.sh() - win.ph() + i;
                    int iw = ow * win.sw() - win.pw() + j;
                    double g = dout0[at(in0, f, oh, ow, F, OH, OW)];
                    // the term Conv2D.backward adds into dW[f,0,i,j] at this (n, oh, ow); zero padding adds nothing
                    double term = ih < 0 || ih >= H || iw < 0 || iw >= W ? 0 : g * x[at(in0, 0, ih, iw, C, H, W)];
                    map[at(oh, ow, OW)] += term;
                    if (in0 == 0) {
                        example[at(oh, ow, OW)] = term;
                        dout[at(oh, ow, OW)] = g;
                    }
                }
            }
        }
        double mapSum = 0;
        for (double v : map) {
            mapSum += v;
        }
        double dl4jValue = dl4j ? Agreement.dl4jGradients(net, x, batch.y(), n, DataType.DOUBLE).get("0_W")[best]
                : Double.NaN;

        // The same network with a locally connected first layer whose every position holds the conv's kernel:
        // the same forward, bit for bit, so the same dout; its W is (OH*OW, C*KH*KW, F).
        Network local = localTwin(net);
        backprop(local, x, batch.y(), n);
        double[] wl = local.param("0_W").grad();
        int taps = C * KH * KW;
        int tap = at(0, 0, i, j, C, KH, KW);
        double[] localMap = new double[OH * OW];
        double worst = 0;
        double localSum = 0;
        for (int p = 0; p < OH * OW; p++) {
            localMap[p] = wl[at(0, p, tap, f, OH * OW, taps, F)];
            worst = Math.max(worst, Math.abs(localMap[p] - map[p]));
            localSum += localMap[p];
        }
        double dl4jLocalWorst = Double.NaN;
        if (dl4j) {
            double[] theirs = Agreement.dl4jGradients(local, x, batch.y(), n, DataType.DOUBLE).get("0_W");
            dl4jLocalWorst = worstRelative(theirs, wl);
        }
        return new Numbers(f, i, j, OH, OW, map, example, dout, mapSum, w.grad()[best], dl4jValue, localMap, worst,
                localSum, dl4jLocalWorst);
    }

    /**
     * Forward, loss and backward through {@code net}'s own layers, exactly as {@link Network#lossAndGradient}
     * runs them (its gradients end up the same), keeping what the network does not show: the loss gradient
     * at the first layer's output, (N, F, OH, OW).
     */
    static double[] backprop(Network net, double[] x, int[] y, int n) {
        List<Layer> layers = net.layers();
        double[] a = x;
        for (Layer layer : layers) {
            a = layer.forward(a, n);
        }
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(a, y, n, net.classes());
        net.zeroGrad();
        double[] d = loss.backward();
        for (int l = layers.size() - 1; l >= 1; l--) {
            d = layers.get(l).backward(d);
        }
        layers.get(0).backward(d);
        return d;
    }

    /** {@code net} with its first conv replaced by a locally connected layer holding the conv's kernel at every position. */
    static Network localTwin(Network net) {
        String text = net.architecture().toString().replaceFirst("^conv\\(", "local(");
        Network local = Network.create(Architecture.parse(text), net.inputShape(), Init.HE, 0);
        Conv2D conv = (Conv2D) net.layers().get(0);
        int F = conv.outputShape().c();
        int positions = conv.outputShape().h() * conv.outputShape().w();
        int taps = conv.inputShape().c() * conv.window().kh() * conv.window().kw();
        double[] kernel = net.param("0_W").value(); // (F, C*KH*KW)
        double[] wl = local.param("0_W").value();  // (OH*OW, C*KH*KW, F)
        for (int p = 0; p < positions; p++) {
            for (int t = 0; t < taps; t++) {
                for (int f = 0; f < F; f++) {
                    wl[at(0, p, t, f, positions, taps, F)] = kernel[at(f, t, taps)];
                }
            }
        }
        for (Network.NamedParam p : local.params()) {
            if (!p.key().equals("0_W")) {
                Param from = net.param(p.key());
                System.arraycopy(from.value(), 0, p.param().value(), 0, from.size());
            }
        }
        return local;
    }

    /** The first layer's kernels, channel 0 of each, their weights written in their cells; the drawn one named. */
    private static void kernels(Path file, Network net, Numbers m) {
        Conv2D conv = (Conv2D) net.layers().get(0);
        int F = conv.outputShape().c();
        int C = conv.inputShape().c();
        int KH = conv.window().kh();
        int KW = conv.window().kw();
        double[] w = net.param("0_W").value(); // (F, C, KH, KW)
        List<Panels.Panel> panels = new ArrayList<>();
        for (int f = 0; f < F; f++) {
            int from = at(f, 0, 0, 0, C, KH, KW);
            double[] kernel = java.util.Arrays.copyOfRange(w, from, from + KH * KW);
            panels.add(new Panels.Panel("kernel " + f + (f == m.f() ? "\n(its weight (" + m.i() + ", " + m.j()
                    + ") is drawn below)" : ""), kernel, KH, KW, Panels.Scale.SIGNED, "kw", "kh", true));
        }
        Panels.draw(file, "The trained first layer: " + F + " kernels of " + KH + "x" + KW + ", each used at every "
                + "position", panels, 4);
    }

    /** A difference in words: "exactly", or "1.9e-16 off". */
    static String off(double difference) {
        return difference == 0 ? "exactly" : String.format("%.1e off", Math.abs(difference));
    }

    /** Worst |a - b| over the largest |b|: how far two tensors are, on the tensor's own scale. */
    static double worstRelative(double[] a, double[] b) {
        double worst = 0;
        double scale = 0;
        for (int k = 0; k < a.length; k++) {
            worst = Math.max(worst, Math.abs(a[k] - b[k]));
            scale = Math.max(scale, Math.abs(b[k]));
        }
        return scale == 0 ? worst : worst / scale;
    }

    /** Part 1's section: the figures and the numbers in words. */
    static Lesson.Part write(Path dir, Trained cnn, Numbers m, boolean dl4j) {
        Dataset batch = cnn.batch();
        Shape in = batch.shape();
        double[] digit = java.util.Arrays.copyOf(batch.x(), in.size());
        String weight = String.format("W[%d, 0, %d, %d]", m.f(), m.i(), m.j());
        List<Panels.Panel> panels = new ArrayList<>();
        panels.add(new Panels.Panel("input: example 0\n(a " + batch.y()[0] + ")", digit, in.h(), in.w(),
                Panels.Scale.GREY, "column", "row"));
        panels.add(new Panels.Panel("dout at filter " + m.f() + "\n(example 0)", m.dout(), m.oh(), m.ow(),
                Panels.Scale.SIGNED, "ow (output column)", "oh (output row)"));
        panels.add(new Panels.Panel("example 0's term of dW\nat each position", m.example(), m.oh(), m.ow(),
                Panels.Scale.SIGNED, "ow (output column)", "oh (output row)"));
        panels.add(new Panels.Panel("the terms summed over\nthe batch of " + batch.size(), m.map(), m.oh(), m.ow(),
                Panels.Scale.SIGNED, "ow (output column)", "oh (output row)"));
        Panels.draw(dir.resolve("kernel-positions.png"), "One weight, " + weight + ", used at every position: "
                + "its gradient is the sum of these " + m.oh() * m.ow() + " terms", panels, 2);
        Panels.draw(dir.resolve("kernel-local.png"), "The same terms in two layers: the conv sums them, the local "
                + "layer keeps each",
                List.of(
                new Panels.Panel("conv: the map whose sum\nis dW" + weight.substring(1), m.map(), m.oh(), m.ow(),
                        Panels.Scale.SIGNED, "ow (output column)", "oh (output row)"),
                new Panels.Panel("local: each position's own\ndW for tap (0," + m.i() + "," + m.j() + "), filter "
                        + m.f(), m.local(), m.oh(), m.ow(), Panels.Scale.SIGNED, "ow (output column)",
                        "oh (output row)")), 2);
        kernels(dir.resolve("kernels.png"), cnn.net(), m);

        String line = Sources.plusEqualsLine();
        StringBuilder md = new StringBuilder();
        md.append("## 1. One kernel, reused everywhere: the `+=` made visible\n\n");
        md.append(String.format("The preset `cnn` starts with `conv(8,k3,p1)`: 8 kernels of 3x3 weights, each applied at "
                + "every one of the %d x %d output positions of every image. Trained here for one epoch on %,d "
                + "digits (%.1f s on the fast path; test accuracy %.2f%%), it is given a batch of %d test digits and "
                + "the loss is backpropagated.%n%n", m.oh(), m.ow(), cnn.images(), cnn.seconds(), 100 * cnn.accuracy(),
                batch.size()));
        md.append("![Part 1: the trained first layer's 8 kernels, each 3x3 weights slid over every position of the "
                + "input; the weight drawn below is marked in its kernel's title](kernels.png)\n\n");
        md.append(String.format("The weight drawn is %s, the one with the largest gradient on this batch. In forward it "
                + "multiplied the pixel under tap (%d, %d) at every position (oh, ow) of every image; so in backward "
                + "its gradient is one term per position and image, added up:%n%n", weight, m.i(), m.j()));
        md.append("    dW[f,0,i,j] = sum over n, oh, ow of  dout[n,f,oh,ow] * xpad[n,0,oh+i,ow+j]\n\n");
        md.append("which is this line of `Conv2D.backward` ([Conv2D.java](" + Sources.link(dir, Sources.REPO_CONV)
                + "), line " + Sources.plusEqualsLineNumber() + "):\n\n    " + line.strip() + "\n\n");
        md.append("![Part 1: the input digit, dout at the chosen filter, one example's terms and the terms summed over "
                + "the batch: red adds to the gradient, blue takes away; the numbers below add up the last map]"
                + "(kernel-positions.png)\n\n");
        md.append("| the same weight's gradient | value | minus the reference's |\n|---|---:|---:|\n");
        md.append(String.format("| the last map's %d entries added up | %.17g | %.1e |%n", m.map().length, m.mapSum(),
                m.mapSum() - m.reference()));
        md.append(String.format("| the reference's dW%s (`Conv2D.backward`) | %.17g | 0 |%n", weight.substring(1),
                m.reference()));
        if (dl4j) {
            md.append(String.format("| DL4J's (`computeGradientAndScore`, its batch sum / %d) | %.17g | %.1e |%n",
                    batch.size(), m.dl4j(), m.dl4j() - m.reference()));
        }
        md.append(String.format("%nThe map adds up to the reference's gradient%s to the last digits a double holds "
                + "(what is left, %.1e, is the order of the additions: the reference adds example by example, the map "
                + "position by position).%n%n", dl4j ? " and to DL4J's" : "", Math.abs(m.mapSum() - m.reference())));
        md.append(String.format("Now the same layer as `local(8,k3,p1)` (locally connected: every position its own kernel), "
                + "with each of its %d positions holding the conv's kernel, and the rest of the network unchanged. "
                + "Its forward gives the same numbers, bit for bit, and so does everything after it. Its weight for "
                + "position (oh, ow), tap (0, %d, %d), filter %d was used at that one position only, so its gradient "
                + "is that position's term, summed over the batch and nothing else: the map above, entry for entry. "
                + "Largest difference over the %d positions: **%s**. Added up over the positions, the local layer's "
                + "gradients give the conv's dW%s again (difference %.1e)%s.%n%n",
                m.oh() * m.ow(), m.i(), m.j(), m.f(), m.oh() * m.ow(),
                m.localWorst() == 0 ? "exactly 0" : String.format("%.1e", m.localWorst()), weight.substring(1),
                m.localSum() - m.reference(), dl4j ? String.format("; DL4J's locally connected layer gives the same "
                        + "gradients to %.1e of their size", m.dl4jLocalWorst()) : ""));
        md.append("![Part 1, the same terms in two layers: the conv adds them into one weight, the locally connected "
                + "layer keeps each as its own weight's gradient](kernel-local.png)\n\n");
        md.append("Weight sharing in the forward direction and gradient accumulation in the backward direction are the "
                + "same fact seen from two sides: tie the local layer's kernels together and its gradients must add "
                + "up, which is the conv's `+=`.\n\n");
        String summary = String.format("one conv weight's gradient is a sum of %d position terms: drawn as a map, "
                + "they add up to the reference's dW (%s)%s, and a locally connected layer's own gradients are "
                + "those terms (%s)", m.oh() * m.ow(), off(m.mapSum() - m.reference()),
                dl4j ? " and to DL4J's (" + off(m.mapSum() - m.dl4j()) + ")" : "", off(m.localWorst()));
        return new Lesson.Part(md.toString(), summary);
    }
}
