package lab.compare.agree;


import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

import lab.kit.Values;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Both stacks on generated cases ({@link AgreementCases}): kernels 1..5, strides 1..3 and padding 0..2,
 * each chosen per axis (so a mapping that swaps H and W shows), channels 1..8, max and average pooling,
 * dense widths, tanh and ReLU, input heights and widths 4..28 chosen apart, batches 1..16, inputs with
 * exact zeros and ties. Every element is judged on the size of its own terms ({@link Agreement#magnitudes}).
 * A failure shrinks, and its message is the architecture string with the per-tensor table.
 */
class AgreementTest {

    static final Map<String, Double> WORST = new ConcurrentSkipListMap<>();

    /** Generated tries, and how many of them fit and were judged (the rest do not fit their input). */
    static final int TRIES = 90;
    static final int AT_LEAST_JUDGED = 60; // about 1 in 6 does not fit (seen: 74 of 90)
    static final AtomicInteger TRIED = new AtomicInteger();
    static final AtomicInteger JUDGED = new AtomicInteger();
    /** Judged cases where the two axes differ: in stride, in padding, in the input's sides. */
    static final AtomicInteger STRIDES_DIFFER = new AtomicInteger();
    static final AtomicInteger PADDINGS_DIFFER = new AtomicInteger();
    static final AtomicInteger SIDES_DIFFER = new AtomicInteger();

    /**
     * Double cases twice as often as float ones: double is where the bound is tight. A fresh generation
     * seed every run: the bound is relative to each element's own terms, so a sum that cancels (as the
     * float d0_b of {@link #floatCaseWhoseBiasGradientCancelsAgrees}) is judged on what was summed.
     */
    @Property(tries = TRIES)
    void stacksAgreeOnGeneratedCases(
            @ForAll @IntRange(min = 1, max = 8) int filters, @ForAll @IntRange(min = 1, max = 5) int kh,
            @ForAll @IntRange(min = 1, max = 5) int kw, @ForAll @IntRange(min = 1, max = 3) int sh,
            @ForAll @IntRange(min = 1, max = 3) int sw, @ForAll @IntRange(min = 0, max = 2) int ph,
            @ForAll @IntRange(min = 0, max = 2) int pw, @ForAll @IntRange(min = 0, max = 4) int pool,
            @ForAll @IntRange(min = 0, max = 2) int tail, @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 8) int channels, @ForAll @IntRange(min = 4, max = 28) int h,
            @ForAll @IntRange(min = 4, max = 28) int w, @ForAll @IntRange(min = 1, max = 16) int batch,
            @ForAll @IntRange(min = 0, max = 2) int precision, @ForAll long seed) {
        TRIED.incrementAndGet();
        Architecture arch = Architecture.parse(AgreementCases.architecture(filters, kh, kw, sh, sw, ph, pw, pool, tail,
                relu));
        Shape in = new Shape(channels, h, w);
        try {
            arch.layers(in);
        } catch (IllegalArgumentException doesNotFit) {
            Assume.that(false); // refused by both stacks alike; not a case for agreement
        }
        agree(arch, in, batch, precision < 2 ? DataType.DOUBLE : DataType.FLOAT, seed, WORST);
        JUDGED.incrementAndGet();
        count(sh != sw, STRIDES_DIFFER);
        count(ph != pw, PADDINGS_DIFFER);
        count(h != w, SIDES_DIFFER);
    }

    private static void count(boolean when, AtomicInteger counter) {
        if (when) {
            counter.incrementAndGet();
        }
    }

    /**
     * The float case that a bound scaled by the tensor's largest value failed (drawn by generation seed
     * 8531332236559798262 of the earlier square-only property, its case seed 96): the single bias gradient
     * d0_b sums to 1.1e-4, far below its terms, and DL4J's float sum is 3.9e-8 off, 1.8e-4 of itself (the
     * old rule's rel = |diff| / (2 |ref|) for a tensor of one element) but a small part of the terms summed.
     */
    @Example
    void floatCaseWhoseBiasGradientCancelsIsJudgedOnItsTerms() {
        Architecture arch = Architecture.parse("conv(1,k1x5,s3)-tanh-avgpool(k2,s1)-conv(3,k2,p1)-tanh-dense(10)");
        Agreement.Report report = agree(arch, new Shape(2, 25, 25), 15, DataType.FLOAT, 96, WORST);
        lab.kit.Judge.TensorVerdict bias = report.tensors().stream().filter(t -> t.name().equals("d0_b")).findFirst()
                .orElseThrow();
        double oldRel = Math.abs(bias.dl4j() - bias.yours()) / (2 * Math.abs(bias.yours()));
        assertTrue(oldRel > Agreement.rtol(DataType.FLOAT), "the case still cancels: old rule's rel " + oldRel);
        System.out.printf("d0_b: %.17g vs %.17g, old rule's rel %.2e, new %.2e%n", bias.yours(), bias.dl4j(),
                oldRel, bias.worstRel());
    }

    /**
     * One case: weights and a batch (with exact zeros and ties) drawn from {@code seed}, both stacks run,
     * every tensor within its bound; the worst relative error per tensor kind is kept in {@code worst}.
     */
    static Agreement.Report agree(Architecture arch, Shape in, int batch, DataType dtype, long seed,
                                  Map<String, Double> worst) {
        Random rng = new Random(seed);
        Network ref = Network.create(arch, in, Init.XAVIER, rng.nextLong());
        double[] x = Values.withZerosAndTies(batch, in, rng);
        int[] y = rng.ints(batch, 0, 10).toArray();
        Agreement.Report report = Agreement.compare(ref, x, y, batch, dtype);
        for (lab.kit.Judge.TensorVerdict t : report.tensors()) {
            String kind = report.dtype() + " " + t.name().replaceAll("^d\\d+_", "d");
            worst.merge(kind, t.worstRel(), Math::max);
        }
        assertTrue(report.agrees(), report.table());
        return report;
    }

    @AfterContainer
    static void printWorstAndCheckTheCasesJudged() {
        System.out.printf("judged %d of %d generated cases (strides differ in %d, paddings in %d, sides in %d); "
                + "worst relative error seen per tensor kind: %s%n", JUDGED.get(), TRIES, STRIDES_DIFFER.get(),
                PADDINGS_DIFFER.get(), SIDES_DIFFER.get(), WORST);
        if (TRIED.get() == 0) {
            return; // the property was not selected (one example run alone)
        }
        assertTrue(JUDGED.get() >= AT_LEAST_JUDGED, "only " + JUDGED + " of " + TRIES + " cases fitted their input");
        // With each axis drawn alone, about 2/3 of the cases differ in stride, 2/3 in padding, 24/25 in side.
        assertTrue(STRIDES_DIFFER.get() >= JUDGED.get() / 3 && PADDINGS_DIFFER.get() >= JUDGED.get() / 3
                && SIDES_DIFFER.get() >= JUDGED.get() / 2, "too few cases with the axes apart");
    }
}
