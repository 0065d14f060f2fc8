package lab.compare;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Both stacks on generated cases: kernels 1..5 (non-square too), stride 1..3, padding 0..2, channels 1..8,
 * max and average pooling, dense widths, tanh and ReLU, input sides 4..28, batches 1..16, inputs with exact
 * zeros (ReLU's kink, and conv outputs that tie exactly inside pooling windows) and quantised values (ties
 * in pooling windows on the input itself). A failure shrinks, and its message is the architecture string
 * with the per-tensor table.
 */
class AgreementTest {

    static final Map<String, Double> WORST = new ConcurrentSkipListMap<>();

    @Property(tries = 60)
    void stacksAgreeOnGeneratedCasesInDouble(
            @ForAll @IntRange(min = 1, max = 8) int filters, @ForAll @IntRange(min = 1, max = 5) int kh,
            @ForAll @IntRange(min = 1, max = 5) int kw, @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @IntRange(min = 0, max = 4) int pool,
            @ForAll @IntRange(min = 0, max = 2) int tail, @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 4, max = 28) int side,
            @ForAll @IntRange(min = 1, max = 16) int batch, @ForAll long seed) {
        check(DataType.DOUBLE, filters, kh, kw, stride, pad, pool, tail, relu, channels, side, batch, seed);
    }

    @Property(tries = 30)
    void stacksAgreeOnGeneratedCasesInFloatWithinTheMeasuredBound(
            @ForAll @IntRange(min = 1, max = 8) int filters, @ForAll @IntRange(min = 1, max = 5) int kh,
            @ForAll @IntRange(min = 1, max = 5) int kw, @ForAll @IntRange(min = 1, max = 3) int stride,
            @ForAll @IntRange(min = 0, max = 2) int pad, @ForAll @IntRange(min = 0, max = 4) int pool,
            @ForAll @IntRange(min = 0, max = 2) int tail, @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 4, max = 28) int side,
            @ForAll @IntRange(min = 1, max = 16) int batch, @ForAll long seed) {
        check(DataType.FLOAT, filters, kh, kw, stride, pad, pool, tail, relu, channels, side, batch, seed);
    }

    static String architecture(int filters, int kh, int kw, int stride, int pad, int pool, int tail, boolean relu) {
        String act = relu ? "relu" : "tanh";
        String poolText = switch (pool) {
            case 1 -> "-maxpool(k2,s1)";
            case 2 -> "-avgpool(k2,s1)";
            case 3 -> "-maxpool(k2x1,s1)";
            case 4 -> "-avgpool(k1x2,s1x2)";
            default -> "";
        };
        String tailText = switch (tail) {
            case 1 -> "-dense(7)-" + act;
            case 2 -> "-conv(3,k2,p1)-" + act;
            default -> "";
        };
        return "conv(" + filters + ",k" + kh + "x" + kw + ",s" + stride + ",p" + pad + ")-" + act + poolText + tailText
                + "-dense(10)";
    }

    private static void check(DataType dtype, int filters, int kh, int kw, int stride, int pad, int pool, int tail,
                              boolean relu, int channels, int side, int batch, long seed) {
        Architecture arch = Architecture.parse(architecture(filters, kh, kw, stride, pad, pool, tail, relu));
        Shape in = new Shape(channels, side, side);
        try {
            arch.layers(in);
        } catch (IllegalArgumentException doesNotFit) {
            Assume.that(false); // refused by both stacks alike; not a case for agreement
        }
        Random rng = new Random(seed);
        Network ref = Network.create(arch, in, Init.XAVIER, rng.nextLong());
        double[] x = inputWithZerosAndTies(batch, in, rng);
        int[] y = rng.ints(batch, 0, 10).toArray();
        Agreement.Report report = Agreement.compare(ref, x, y, batch, dtype);
        for (Agreement.Tensor t : report.tensors()) {
            String kind = report.dtype() + " " + t.name().replaceAll("^d\\d+_", "d");
            WORST.merge(kind, t.worstRel(), Math::max);
        }
        assertTrue(report.agrees(), report.table());
    }

    /** Values on a grid of quarters (ties), with a zero block in each image (exact zeros, exact conv ties). */
    static double[] inputWithZerosAndTies(int n, Shape in, Random rng) {
        double[] x = new double[n * in.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextInt(5) / 4.0;
        }
        for (int i = 0; i < n; i++) {
            int h0 = rng.nextInt(in.h());
            int w0 = rng.nextInt(in.w());
            for (int c = 0; c < in.c(); c++) {
                for (int h = h0; h < Math.min(in.h(), h0 + in.h() / 2 + 1); h++) {
                    for (int w = w0; w < Math.min(in.w(), w0 + in.w() / 2 + 1); w++) {
                        x[((i * in.c() + c) * in.h() + h) * in.w() + w] = 0;
                    }
                }
            }
        }
        return x;
    }

    @AfterContainer
    static void printWorst() {
        System.out.println("worst relative error seen per tensor kind: " + WORST);
    }
}
