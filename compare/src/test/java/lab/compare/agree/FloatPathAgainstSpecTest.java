package lab.compare.agree;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import lab.fast.FloatNetwork;
import lab.kit.Judge;
import lab.kit.TermSizes;
import lab.kit.Values;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The float32 fast path ({@link FloatNetwork}) against the double spec, judged by the rule every check in
 * the project uses ({@link Judge}): each output probability, the loss and every gradient element within
 * float's rtol of the size of the terms that make it up ({@link TermSizes}), on every preset at its own
 * input and on odd architectures (padding, stride 2, pools that do not tile, locally connected layers,
 * which the float path runs on the spec's loops). And the two ways the check could pass for a wrong
 * reason, ruled out: the float path really rounds to float (it is not the double path), and a float path
 * off by a little more than float rounding is refused.
 */
class FloatPathAgainstSpecTest {

    private static final double RTOL = Judge.rtol(DataType.FLOAT);

    @Test
    void theFloatPathIsTheSpecWithinFloatRoundingOfTheTerms() {
        List<Object[]> cases = new ArrayList<>();
        for (Architecture.Preset p : Architecture.presets()) {
            cases.add(new Object[] {p.name(), p.side(), 32});
        }
        cases.add(new Object[] {"conv(6,k5x3,p2x1)-relu-maxpool(k3,s1)-conv(5,k2,s2,p1)-tanh-dense(7)-relu-dense(10)", 14, 9});
        cases.add(new Object[] {"conv(12,k3)-relu-maxpool(2)-local(5,k2)-relu-dense(10)", 12, 5});
        Random rng = new Random(26);
        for (Object[] c : cases) {
            Shape in = new Shape(1, (Integer) c[1], (Integer) c[1]);
            Network spec = Network.create(Architecture.of((String) c[0]), in, Init.HE, rng.nextLong());
            int n = (Integer) c[2];
            double[] x = Values.withZerosAndTies(n, in, rng);
            int[] y = rng.ints(n, 0, spec.classes()).toArray();
            List<Judge.TensorVerdict> verdicts = judge(spec, x, y, n, 0);
            double worst = 0;
            for (Judge.TensorVerdict v : verdicts) {
                assertTrue(v.agrees(), c[0] + ": " + v.name() + " worst relative error " + v.worstRel()
                        + " at [" + v.worstRelIndex() + "], over float's rtol " + RTOL);
                worst = Math.max(worst, v.worstRel());
            }
            assertTrue(worst > 1e-9, c[0] + ": the float path must round to float, but its worst relative "
                    + "difference from the double spec is " + worst);
        }
    }

    /**
     * The same comparison with the float side's first-layer weights all moved by 1e-3 of their size, ten
     * times float's rtol: some tensor must be refused.
     */
    @Test
    void aFloatPathOffByMoreThanRoundingIsRefused() {
        Shape in = new Shape(1, 28, 28);
        Network spec = Network.create(Architecture.of("cnn"), in, Init.HE, 3);
        Random rng = new Random(4);
        double[] x = Values.withZerosAndTies(16, in, rng);
        int[] y = rng.ints(16, 0, 10).toArray();
        List<Judge.TensorVerdict> verdicts = judge(spec, x, y, 16, 1e-3);
        assertFalse(verdicts.stream().allMatch(Judge.TensorVerdict::agrees),
                "weights off by 1e-3 must show in some tensor: " + verdicts);
    }

    /**
     * The verdict of every tensor: the float path's probabilities, loss and gradients against the spec's,
     * with the float side's first-layer weights scaled by (1 + nudge) while it runs (0: the same weights).
     */
    private static List<Judge.TensorVerdict> judge(Network spec, double[] x, int[] y, int n, double nudge) {
        spec.zeroGrad();
        double loss = spec.lossAndGradient(x, y, n);
        double[] p = spec.lastProbabilities().clone();
        List<double[]> grads = new ArrayList<>();
        for (Network.NamedParam q : spec.params()) {
            grads.add(q.param().grad().clone());
        }
        TermSizes size = Agreement.magnitudes(spec, x, y, n, p);

        FloatNetwork fast = new FloatNetwork(spec, 2);
        double[] w = spec.params().get(0).param().value();
        double[] kept = w.clone();
        for (int i = 0; i < w.length; i++) {
            w[i] *= 1 + nudge;
        }
        fast.zeroGrad();
        double floatLoss = fast.lossAndGradient(x, y, n);
        System.arraycopy(kept, 0, w, 0, w.length);

        List<Judge.TensorVerdict> out = new ArrayList<>();
        out.add(Judge.judge("output", p, fast.lastProbabilities(), TermSizes.abs(p.clone()), RTOL, 0));
        out.add(Judge.judge("loss", new double[] {loss}, new double[] {floatLoss}, new double[] {Math.abs(loss)}, RTOL,
                0));
        int k = 0;
        for (Network.NamedParam q : spec.params()) {
            out.add(Judge.judge("d" + q.key(), grads.get(k), q.param().grad(), size.grads().get(k), RTOL, 0));
            k++;
        }
        return out;
    }
}
