package lab.reference;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * Whole networks against central differences of the mean cross-entropy: every named parameter gradient,
 * for the four presets and for generated architectures (conv with any kernel, stride and padding, both
 * poolings, both activations, one or two conv blocks, then dense).
 */
class NetworkGradientTest {

    static final int TRIES_PRESET = 12;

    @Property(tries = TRIES_PRESET)
    void presetGradientsMatchCentralDifferences(
            @ForAll("presets") String preset, @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_PRESET, GradCheck.MIN_CHECKED_SHARE);
        check(Architecture.of(preset), new Shape(1, 8, 8), n, seed);
    }

    static final int TRIES_LCN_AND_CNN_GAP_PRESET = 4;

    /** The two presets on 4x4 and 8x8 (both divide by 4, as they need); 28x28 is the same code, only slower. */
    @Property(tries = TRIES_LCN_AND_CNN_GAP_PRESET)
    void lcnAndCnnGapPresetGradientsMatchCentralDifferences(
            @ForAll("localPresets") String preset, @ForAll @IntRange(min = 1, max = 2) int n,
            @ForAll @IntRange(min = 1, max = 2) int quarterSide, @ForAll long seed) {
        GradCheck.requireChecked(TRIES_LCN_AND_CNN_GAP_PRESET, GradCheck.MIN_CHECKED_SHARE);
        check(Architecture.of(preset), new Shape(1, 4 * quarterSide, 4 * quarterSide), n, seed);
    }

    @Provide
    Arbitrary<String> localPresets() {
        return Arbitraries.of("lcn", "cnn-gap");
    }

    static final int TRIES_GENERATED_LOCAL_AND_GAP_ARCHITECTURE = 30;

    /**
     * Locally connected blocks (any kernel, stride and padding per axis), then a conv, a local, a pooling
     * or nothing, and a head with or without gap. Every generated case fits its input, so every try is
     * checked: at least {@link GradCheck#MIN_CHECKED_SHARE} of them must get through the gradient check (the rest
     * may be discarded only for sitting on kinks, see {@link GradCheck#assertPasses}).
     */
    @Property(tries = TRIES_GENERATED_LOCAL_AND_GAP_ARCHITECTURE)
    void generatedLocalAndGapArchitectureGradientsMatchCentralDifferences(@ForAll("localArchitectures") Case c,
                                                                         @ForAll long seed) {
        GradCheck.requireChecked(TRIES_GENERATED_LOCAL_AND_GAP_ARCHITECTURE, GradCheck.MIN_CHECKED_SHARE);
        check(Architecture.parse(c.arch()), c.in(), c.n(), seed);
        reachesTheWholeSpace(c, false);
    }

    @Provide
    Arbitrary<Case> localArchitectures() {
        return inputs(5, 9, 8).flatMap(start -> block(start, "local")
                .flatMap(first -> Arbitraries.oneOf(Arbitraries.just(first), block(first, "conv"),
                        block(first, "local"), pool(first)))
                .flatMap(body -> Arbitraries.of("", "-gap", "-gap-dense(5)-tanh", "-avgpool(k2,s1)-gap")
                        .filter(head -> !head.startsWith("-avgpool") || body.out().h() >= 2 && body.out().w() >= 2)
                        .map(body::then))
                .flatMap(body -> classes().map(k -> body.then("-dense(" + k + ")").done())));
    }

    static final int TRIES_GENERATED_ARCHITECTURE = 60;

    /**
     * One or two conv blocks (kernels 1-4 per axis, strides 1-3 and padding 0-2 per axis, 1-3 filters, each
     * followed by ReLU or tanh and optionally a max or average pooling that tiles what it gets), then
     * dense, on 1-3 channel inputs of independent sides and batches of 1-16. Built layer by layer on its
     * input, so no case is refused; the share of checked cases is asserted.
     */
    @Property(tries = TRIES_GENERATED_ARCHITECTURE)
    void generatedArchitectureGradientsMatchCentralDifferences(@ForAll("architectures") Case c,
                                                               @ForAll long seed) {
        GradCheck.requireChecked(TRIES_GENERATED_ARCHITECTURE, GradCheck.MIN_CHECKED_SHARE);
        check(Architecture.parse(c.arch()), c.in(), c.n(), seed);
        reachesTheWholeSpace(c, true);
        reaches("batch of 9-16", c.n() >= 9);
    }

    /**
     * The generated case that failed CI on the 4-point stencil (its seed found again by replaying draws): a
     * correct d5_W off by 1.9e-7 from truncation alone, 16 times less at half the step. It passes on the
     * 6-point stencil with room to spare (see {@link CentralDifference}).
     */
    @Example
    void aDenseWeightBeforeTanhOnLargeActivationsIsJudgedWithoutTruncationError() {
        check(Architecture.parse("conv(1,k4x1,s2)-relu-maxpool(k1x2,s1)-conv(2,k3x4,s2x3,p0x2)-relu-dense(6)-tanh"
                + "-dense(3)"), new Shape(3, 13, 13), 11, 106);
    }

    /**
     * Fails the property unless its checked cases include every corner docs/testing.md claims for them. Each
     * corner must be common enough that missing it by chance is negligible: 3-channel inputs came out in
     * 17-30% of the checked cases, so 30 tries miss them about once in a thousand runs (0.8^30) and the
     * 30-try local property does not require them; 60 tries miss them about once in 70,000 (0.83^60).
     * Every other corner came out in at least 40% of the local property's checked cases (0.6^30 = 2e-7)
     * and 28% of the conv property's (0.72^60 = 3e-9).
     */
    private static void reachesTheWholeSpace(Case c, boolean threeChannels) {
        if (threeChannels) {
            reaches("3 channels", c.in().c() == 3);
        }
        reaches("non-square input", c.in().h() != c.in().w());
        reaches("non-square kernel", Pattern.compile(",k(\\d)x(?!\\1)\\d").matcher(c.arch()).find());
        reaches("stride 3 on some axis", Pattern.compile(",s(3|3x\\d|\\dx3)[,)]").matcher(c.arch()).find());
        reaches("strides differing per axis", Pattern.compile(",s(\\d)x(?!\\1)\\d").matcher(c.arch()).find());
        reaches("padding 2 on some axis", Pattern.compile(",p(2|2x\\d|\\dx2)\\)").matcher(c.arch()).find());
        reaches("3 filters", c.arch().contains("(3,"));
    }

    /** Counts {@code seen} among the checked cases (call after the check) and fails the property if never. */
    private static void reaches(String what, boolean seen) {
        Statistics.label(what).collect(seen);
        Statistics.label(what).coverage(cov -> cov.check(true).count((Predicate<Integer>) k -> k >= 1));
    }

    /** A generated case: an architecture, an input shape it fits, and a batch size. */
    record Case(String arch, Shape in, int n) {
    }

    /** A prefix of an architecture being generated, and the shape its last layer puts out. */
    record Partial(String text, Shape in, Shape out, int n) {
        Partial then(String more) {
            return new Partial(text + more, in, out, n);
        }

        Partial then(Layer layer, String activation) {
            return new Partial(text + (text.isEmpty() ? "" : "-") + layer.describe() + activation, in,
                    layer.outputShape(), n);
        }

        Case done() {
            return new Case(text, in, n);
        }
    }

    /** Inputs of 1-3 channels, sides in [minSide, maxSide] independently, batches of 1 to maxBatch. */
    private static Arbitrary<Partial> inputs(int minSide, int maxSide, int maxBatch) {
        return Combinators.combine(Arbitraries.integers().between(1, 3), Arbitraries.integers().between(minSide, maxSide),
                Arbitraries.integers().between(minSide, maxSide), Arbitraries.integers().between(1, maxBatch))
                .as((c, h, w, n) -> new Partial("", new Shape(c, h, w), new Shape(c, h, w), n));
    }

    /** A conv or local layer that fits {@code p}'s output (kernel, stride, padding per axis), then relu or tanh. */
    private static Arbitrary<Partial> block(Partial p, String kind) {
        Shape s = p.out();
        return Combinators.combine(Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 4), Arbitraries.integers().between(1, 4),
                Arbitraries.integers().between(1, 3), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.of("-relu", "-tanh"))
                .as((f, kh, kw, sh, sw, ph, pw, act) -> s.h() + 2 * ph < kh || s.w() + 2 * pw < kw ? null
                        : p.then(kind.equals("conv") ? new Conv2D(s, f, kh, kw, sh, sw, ph, pw)
                                : new LocallyConnected2D(s, f, kh, kw, sh, sw, ph, pw), act))
                .filter(java.util.Objects::nonNull);
    }

    /** A max or average pooling whose windows (1-3 per axis, strides 1-3 per axis) tile {@code p}'s output. */
    private static Arbitrary<Partial> pool(Partial p) {
        Shape s = p.out();
        List<Partial> fits = new ArrayList<>();
        for (int kh = 1; kh <= 3; kh++) {
            for (int kw = 1; kw <= 3; kw++) {
                for (int sh = 1; sh <= 3; sh++) {
                    for (int sw = 1; sw <= 3; sw++) {
                        if (kh * kw > 1 && s.h() >= kh && s.w() >= kw && (s.h() - kh) % sh == 0
                                && (s.w() - kw) % sw == 0) {
                            fits.add(p.then(new MaxPool2D(s, kh, kw, sh, sw), ""));
                            fits.add(p.then(new AvgPool2D(s, kh, kw, sh, sw), ""));
                        }
                    }
                }
            }
        }
        return fits.isEmpty() ? Arbitraries.just(p) : Arbitraries.of(fits);
    }

    private static Arbitrary<Integer> classes() {
        return Arbitraries.integers().between(2, 5);
    }

    @Provide
    Arbitrary<Case> architectures() {
        Arbitrary<Partial> oneBlock = inputs(6, 13, 16).flatMap(start -> block(start, "conv"))
                .flatMap(b -> Arbitraries.oneOf(Arbitraries.just(b), pool(b)));
        Arbitrary<Partial> body = oneBlock.flatMap(b -> Arbitraries.oneOf(Arbitraries.just(b),
                block(b, "conv").flatMap(b2 -> Arbitraries.oneOf(Arbitraries.just(b2), pool(b2)))));
        return body.flatMap(b -> Combinators.combine(Arbitraries.of("", "-dense(6)-tanh"), classes())
                .as((hidden, k) -> b.then(hidden + "-dense(" + k + ")").done()));
    }

    @Provide
    Arbitrary<String> presets() {
        return Arbitraries.of(Architecture.PRESET_ORDER);
    }

    /**
     * How many inputs one try may draw from its seed before it is discarded as sitting on kinks. A 28x28
     * cnn has thousands of ReLU and max-pool units that a first-layer weight moves, so now and then one sits
     * within a stencil's reach of its kink for more than 1% of the coordinates (1 try in 24, measured): such
     * a draw is still judged on every coordinate it could check, then the try draws again from the same
     * generator, so a try stays a function of its seed and a discard needs every draw to sit on kinks.
     */
    static final int DRAWS_PER_TRY = 3;

    static void check(Architecture arch, Shape in, int n, long seed) {
        Random rng = new Random(seed);
        for (int draw = 1; draw < DRAWS_PER_TRY; draw++) {
            if (checkOnce(arch, in, n, rng, false)) {
                return;
            }
        }
        checkOnce(arch, in, n, rng, true);
    }

    /** One draw of weights, biases, input and labels, judged; the last draw discards the try if on kinks. */
    private static boolean checkOnce(Architecture arch, Shape in, int n, Random rng, boolean last) {
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
        String what = arch + " on " + n + " x " + in;
        List<CentralDifference.Worst> results = GradCheck.network(net, x, y, n, rng);
        if (!last && !GradCheck.judgedAwayFromKinks(what, results)) {
            return false; // judged on what it could check; on kinks, so the try draws again
        }
        GradCheck.assertPasses(what, results);
        return true;
    }

    @AfterContainer
    static void printWorstErrors() {
        System.out.println(GradCheck.summary());
    }
}
