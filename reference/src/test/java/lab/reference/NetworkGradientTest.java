package lab.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Whole networks against central differences of the mean cross-entropy: every named parameter gradient,
 * for the four presets and for generated architectures (conv with any kernel, stride and padding, both
 * poolings, both activations, one or two conv blocks, then dense).
 */
class NetworkGradientTest {

    @Property(tries = 12)
    void presetGradientsMatchCentralDifferences(
            @ForAll("presets") String preset, @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        check(Architecture.of(preset), new Shape(1, 8, 8), n, seed);
    }

    @Property(tries = 3)
    void cnnPresetGradientsMatchCentralDifferencesOn28x28(@ForAll @IntRange(min = 1, max = 2) int n,
                                                          @ForAll long seed) {
        check(Architecture.of("cnn"), new Shape(1, 28, 28), n, seed);
    }

    /** The two presets on 4x4 and 8x8 (both divide by 4, as they need); 28x28 is the same code, only slower. */
    @Property(tries = 4)
    void lcnAndCnnGapPresetGradientsMatchCentralDifferences(
            @ForAll("localPresets") String preset, @ForAll @IntRange(min = 1, max = 2) int n,
            @ForAll @IntRange(min = 1, max = 2) int quarterSide, @ForAll long seed) {
        check(Architecture.of(preset), new Shape(1, 4 * quarterSide, 4 * quarterSide), n, seed);
    }

    @Provide
    Arbitrary<String> localPresets() {
        return Arbitraries.of("lcn", "cnn-gap");
    }

    /** Locally connected blocks (any kernel, stride, padding), mixed with conv, and heads with or without gap. */
    @Property(tries = 30)
    void generatedLocalAndGapArchitectureGradientsMatchCentralDifferences(
            @ForAll("localArchitectures") String text, @ForAll @IntRange(min = 1, max = 3) int n,
            @ForAll @IntRange(min = 1, max = 2) int channels, @ForAll @IntRange(min = 5, max = 9) int h,
            @ForAll @IntRange(min = 5, max = 9) int w, @ForAll long seed) {
        Architecture arch = Architecture.parse(text);
        Shape in = new Shape(channels, h, w);
        try {
            arch.layers(in);
        } catch (IllegalArgumentException doesNotFit) {
            return; // as above: a pooling that does not tile this input is refused, not checked
        }
        check(arch, in, n, seed);
    }

    @Provide
    Arbitrary<String> localArchitectures() {
        Arbitrary<String> local = Combinators.combine(
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 1), Arbitraries.of("relu", "tanh"))
                .as((f, kh, kw, s, p, act) -> "local(" + f + ",k" + kh + "x" + kw + ",s" + s + ",p" + p + ")-" + act);
        Arbitrary<String> second = Arbitraries.of("", "-maxpool(k2,s1)", "-conv(2,k2,p1)-tanh", "-local(2,k2)-relu");
        Arbitrary<String> head = Arbitraries.of("", "-gap", "-gap-dense(5)-tanh", "-avgpool(k2,s1)-gap");
        return Combinators.combine(local, second, head, Arbitraries.integers().between(2, 5))
                .as((l, s, h, k) -> l + s + h + "-dense(" + k + ")");
    }

    @Property(tries = 60)
    void generatedArchitectureGradientsMatchCentralDifferences(
            @ForAll("architectures") String text, @ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 2) int channels, @ForAll @IntRange(min = 9, max = 12) int h,
            @ForAll @IntRange(min = 9, max = 12) int w, @ForAll long seed) {
        Architecture arch = Architecture.parse(text);
        Shape in = new Shape(channels, h, w);
        try {
            arch.layers(in);
        } catch (IllegalArgumentException doesNotFit) {
            // A pooling window that does not tile this input: the architecture is rightly refused
            // (tested elsewhere); not a case for the gradient check.
            return;
        }
        check(arch, in, n, seed);
    }

    @Provide
    Arbitrary<String> presets() {
        return Arbitraries.of(Architecture.PRESET_ORDER);
    }

    @Provide
    Arbitrary<String> architectures() {
        Arbitrary<String> conv = Combinators.combine(
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 2),
                Arbitraries.integers().between(0, 1), Arbitraries.of("relu", "tanh"))
                .as((f, kh, kw, s, p, act) -> "conv(" + f + ",k" + kh + "x" + kw + ",s" + s + ",p" + p + ")-" + act);
        Arbitrary<String> pool = Arbitraries.of("", "-maxpool(2)", "-avgpool(2)", "-maxpool(k2,s1)");
        Arbitrary<String> block = Combinators.combine(conv, pool).as(String::concat);
        return Combinators.combine(block.list().ofMinSize(1).ofMaxSize(2), Arbitraries.of("", "dense(6)-tanh-"),
                Arbitraries.integers().between(2, 5))
                .as((blocks, hidden, k) -> {
                    List<String> parts = new ArrayList<>(blocks);
                    parts.add(hidden + "dense(" + k + ")");
                    return String.join("-", parts);
                });
    }

    private static void check(Architecture arch, Shape in, int n, long seed) {
        Random rng = new Random(seed);
        Network net = Network.create(arch, in, Init.XAVIER, rng.nextLong());
        // Non-zero biases, so that no unit sits exactly on ReLU's kink.
        for (Network.NamedParam p : net.params()) {
            if (p.param().name().equals("b")) {
                for (int i = 0; i < p.param().size(); i++) {
                    p.param().value()[i] = 0.1 * rng.nextGaussian();
                }
            }
        }
        double[] x = GradCheck.gaussian(n * in.size(), rng);
        int[] y = rng.ints(n, 0, net.classes()).toArray();
        GradCheck.assertPasses(arch + " on " + n + " x " + in, GradCheck.network(net, x, y, n, rng));
    }

    @AfterContainer
    static void printWorstErrors() {
        System.out.println(GradCheck.summary());
    }
}
