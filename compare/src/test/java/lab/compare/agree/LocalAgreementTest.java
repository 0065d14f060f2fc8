package lab.compare.agree;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListMap;

import lab.reference.Architecture;
import lab.reference.Shape;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Both stacks agree on locally connected layers and global average pooling as they do on the conv: forward
 * output, loss and every named gradient, within {@link Agreement#rtol} (1e-10 in double). The presets lcn
 * and cnn-gap on 8x8 and 28x28, and generated cases ({@link AgreementCases#localArchitecture}): kernels
 * 1..5, stride 1..3 and padding 0..2 each chosen per axis, on non-square inputs, local after local, conv after local, gap alone or after pooling, inputs
 * with exact zeros and ties. DL4J's side is its LocallyConnected2D with the output order corrected.
 */
class LocalAgreementTest {

    static final Map<String, Double> WORST = new ConcurrentSkipListMap<>();

    @Test
    void cnnGapPresetAgreesInDoubleAndFloatOn8x8And28x28() {
        Random rng = new Random(8);
        for (Shape in : List.of(new Shape(1, 8, 8), new Shape(1, 28, 28))) {
            for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
                check(Architecture.of("cnn-gap"), in, in.h() == 8 ? 6 : 3, dtype, rng.nextLong());
            }
        }
    }

    @Test
    void lcnPresetAgreesInDoubleAndFloatOn8x8And28x28() {
        Random rng = new Random(9);
        for (Shape in : List.of(new Shape(1, 8, 8), new Shape(1, 28, 28))) {
            for (DataType dtype : List.of(DataType.DOUBLE, DataType.FLOAT)) {
                check(Architecture.of("lcn"), in, in.h() == 8 ? 6 : 3, dtype, rng.nextLong());
            }
        }
    }

    /** Two double cases for each float one, as in {@link AgreementTest}. */
    @Property(tries = 30)
    void localAndGapStacksAgreeOnGeneratedCases(
            @ForAll @IntRange(min = 1, max = 6) int filters, @ForAll @IntRange(min = 1, max = 5) int kh,
            @ForAll @IntRange(min = 1, max = 5) int kw, @ForAll @IntRange(min = 1, max = 3) int sh,
            @ForAll @IntRange(min = 1, max = 3) int sw, @ForAll @IntRange(min = 0, max = 2) int ph,
            @ForAll @IntRange(min = 0, max = 2) int pw, @ForAll @IntRange(min = 0, max = 3) int second,
            @ForAll @IntRange(min = 0, max = 4) int head, @ForAll boolean relu,
            @ForAll @IntRange(min = 1, max = 3) int channels, @ForAll @IntRange(min = 4, max = 12) int h,
            @ForAll @IntRange(min = 4, max = 12) int w, @ForAll @IntRange(min = 1, max = 8) int batch,
            @ForAll @IntRange(min = 0, max = 2) int precision, @ForAll long seed) {
        Architecture arch = Architecture.parse(AgreementCases.localArchitecture(filters, kh, kw, sh, sw, ph, pw,
                second, head, relu));
        Shape in = new Shape(channels, h, w); // not square: DL4J's stock layer would scramble these outputs
        try {
            arch.layers(in);
        } catch (IllegalArgumentException doesNotFit) {
            Assume.that(false); // refused by both stacks alike; not a case for agreement
        }
        check(arch, in, batch, precision < 2 ? DataType.DOUBLE : DataType.FLOAT, seed);
    }

    private static void check(Architecture arch, Shape in, int batch, DataType dtype, long seed) {
        AgreementTest.agree(arch, in, batch, dtype, seed, WORST);
    }

    @AfterContainer
    static void printWorst() {
        System.out.println("local/gap: worst relative error seen per tensor kind: " + WORST);
    }
}
