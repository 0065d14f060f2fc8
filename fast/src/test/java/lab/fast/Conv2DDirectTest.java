package lab.fast;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Conv2D;
import lab.reference.Dataset;
import lab.reference.GradCheck;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Shape;
import lab.reference.TestData;
import lab.reference.Trainer;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The reordered direct conv (the fast path's kernel for strides above 1) against the naive spec: forward
 * bit-identical, gradients within 1e-12 relative.
 */
class Conv2DDirectTest {

    @Property(tries = 300)
    void directConvEqualsTheNaiveLoops(
            @ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 1, max = 3) int c,
            @ForAll @IntRange(min = 1, max = 4) int f,
            @ForAll @IntRange(min = 1, max = 5) int kh, @ForAll @IntRange(min = 1, max = 5) int kw,
            @ForAll @IntRange(min = 1, max = 3) int sh, @ForAll @IntRange(min = 1, max = 3) int sw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = 0, max = 9) int extraH, @ForAll @IntRange(min = 0, max = 9) int extraW,
            @ForAll long seed) {
        Shape in = new Shape(c, Math.max(1, kh - 2 * ph) + extraH, Math.max(1, kw - 2 * pw) + extraW);
        Conv2D naive = new Conv2D(in, f, kh, kw, sh, sw, ph, pw);
        Random rng = new Random(seed);
        GradCheck.randomize(List.of(naive), rng, 1.0);
        double[] w = naive.params().get(0).value();
        double[] b = naive.params().get(1).value();
        double[] dw = new double[w.length];
        double[] db = new double[b.length];
        int oh = naive.outputShape().h(), ow = naive.outputShape().w();
        double[] x = GradCheck.gaussian(n * in.size(), rng);
        double[] dout = GradCheck.gaussian(n * naive.outputShape().size(), rng);
        assertClose("out", naive.forward(x, n), Conv2DDirect.forward(x, w, b, n, c, in.h(), in.w(), f, kh, kw, sh, sw,
                ph, pw, oh, ow), 0);
        assertClose("dx", naive.backward(dout), Conv2DDirect.backward(dout, x, w, dw, db, n, c, in.h(), in.w(), f, kh,
                kw, sh, sw, ph, pw, oh, ow), 1e-12);
        assertClose("dW", naive.params().get(0).grad(), dw, 1e-12);
        assertClose("db", naive.params().get(1).grad(), db, 1e-12);
    }

    @Test
    void cnnTrainsToTheSameWeightsOnTheNaiveAndTheFastPath() {
        Dataset data = TestData.templates(40, new Shape(1, 12, 12), 10, 0.3, 1);
        Network naive = Network.create(Architecture.of("cnn"), data.shape(), Init.HE, 2);
        FastNetwork direct = FastNetwork.create(Architecture.of("cnn"), data.shape(), Init.HE, 2, 1);
        Trainer.train(naive, Optimizer.adam(0.01), data, new Trainer.Config(3, 8, 3), new Trainer.Listener() { });
        Trainer.train(direct, Optimizer.adam(0.01), data, new Trainer.Config(3, 8, 3), new Trainer.Listener() { });
        for (Network.NamedParam p : naive.params()) {
            assertClose(p.key(), p.param().value(), direct.spec().param(p.key()).value(), 1e-10);
        }
    }

    /** Max |a - b| <= tol * max|a| (tol 0: bit-identical). */
    static void assertClose(String what, double[] a, double[] b, double tol) {
        double scale = 0;
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            scale = Math.max(scale, Math.abs(a[i]));
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
        }
        assertTrue(a.length == b.length && worst <= tol * scale, what + ": worst difference " + worst + " (scale "
                + scale + ", tolerance " + tol + ")");
    }
}
