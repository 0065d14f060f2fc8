package lab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The architecture description: presets, the text form, and errors that say what is wrong. */
class ArchitectureTest {

    private static final Shape DIGITS8 = new Shape(1, 8, 8);
    private static final Shape MNIST = new Shape(1, 28, 28);

    @Test
    void bookPresetsHaveTheChaptersParameterCounts() {
        assertEquals(2_410, Architecture.of("book-mlp").parameterCount(DIGITS8)); // 64*32+32 + 32*10+10
        assertEquals(1_490, Architecture.of("book-cnn").parameterCount(DIGITS8)); // 4*9+4 + 144*10+10
    }

    /** The book's models train from the book's uniform init unless told otherwise; everything else from He. */
    @Test
    void bookPresetsDefaultToUniformInitAndEveryOtherArchitectureToHe() {
        assertEquals(Init.UNIFORM, Architecture.defaultInit("book-mlp"));
        assertEquals(Init.UNIFORM, Architecture.defaultInit(" book-cnn "));
        for (String preset : List.of("mlp", "cnn", "lcn", "cnn-gap")) {
            assertEquals(Init.HE, Architecture.defaultInit(preset), preset);
        }
        assertEquals(Init.HE, Architecture.defaultInit("conv(4,k3)-relu-dense(10)"), "a text form, not a preset");
        assertEquals(Architecture.PRESET_ORDER, Architecture.presets().stream().map(Architecture.Preset::name).toList());
    }

    @Test
    void cnnPresetHasUnderATenthOfTheMlpsParametersOn28x28() {
        long cnn = Architecture.of("cnn").parameterCount(MNIST);
        long mlp = Architecture.of("mlp").parameterCount(MNIST);
        assertEquals(8 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 7 * 7 * 10 + 10, cnn);
        assertEquals(784 * 128 + 128 + 128 * 10 + 10, mlp);
        assertTrue(cnn * 10 < mlp, cnn + " vs " + mlp);
    }

    @Test
    void lcnHasTheCnnsGeometryWithAKernelPerPositionAndCnnGapsCountIsTheSameOnEverySide() {
        // local(F,k3,p1) keeps the side, so each position (OH*OW of them) has its own F x C x 3 x 3 kernel;
        // the bias stays one per filter, as in DL4J's LocallyConnected2D.
        long lcn28 = Architecture.of("lcn").parameterCount(MNIST);
        assertEquals(28 * 28 * 9 * 8 + 8 + 14 * 14 * 8 * 9 * 16 + 16 + 16 * 7 * 7 * 10 + 10, lcn28);
        long lcn8 = Architecture.of("lcn").parameterCount(DIGITS8);
        assertEquals(8 * 8 * 9 * 8 + 8 + 4 * 4 * 8 * 9 * 16 + 16 + 16 * 2 * 2 * 10 + 10, lcn8);
        // Weight sharing saves a factor of the output area in each layer: lcn is ~30x cnn on 28x28.
        long cnn28 = Architecture.of("cnn").parameterCount(MNIST);
        assertTrue(lcn28 > 25 * cnn28, lcn28 + " vs " + cnn28);
        // cnn-gap's head does not depend on the input side: the same count on 8x8 and 28x28.
        long gap = 8 * 9 + 8 + 16 * 8 * 9 + 16 + 64 * 16 * 9 + 64 + 64 * 10 + 10;
        assertEquals(gap, Architecture.of("cnn-gap").parameterCount(MNIST));
        assertEquals(gap, Architecture.of("cnn-gap").parameterCount(DIGITS8));
        System.out.printf("parameters: cnn %,d (28x28) %,d (8x8); lcn %,d (28x28) %,d (8x8); cnn-gap %,d (any)%n",
                cnn28, Architecture.of("cnn").parameterCount(DIGITS8), lcn28, lcn8, gap);
    }

    @Test
    void localParameterCountIsPerPosition() {
        // 2 channels, 5x7 input, k2x3, s2x1, p1x0: OH = (5 + 2 - 2) / 2 + 1 = 3, OW = (7 - 3) / 1 + 1 = 5.
        Architecture a = Architecture.parse("local(4,k2x3,s2x1,p1x0)-dense(3)");
        assertEquals(3L * 5 * (2 * 2 * 3) * 4 + 4 + 4 * 3 * 5 * 3 + 3, a.parameterCount(new Shape(2, 5, 7)));
        assertEquals(List.of(3 * 5, 2 * 2 * 3, 4), java.util.Arrays.stream(
                a.layers(new Shape(2, 5, 7)).get(0).params().get(0).shape()).boxed().toList());
    }

    @Test
    void experimentPresetsTakeEverySquareSideDivisibleBy4AndRefuseOthers() {
        for (int side = 4; side <= 32; side++) {
            Shape in = new Shape(1, side, side);
            if (side % 4 == 0) {
                Architecture.of("cnn").layers(in);
                Architecture.of("mlp").layers(in);
                Architecture.of("lcn").layers(in);
                Architecture.of("cnn-gap").layers(in);
            } else {
                IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                        () -> Architecture.of("cnn").layers(in));
                assertTrue(e.getMessage().contains("maxpool(2)") && e.getMessage().contains("does not tile"),
                        e.getMessage());
            }
        }
    }

    @Test
    void textFormRoundTripsThroughToString() {
        for (String text : List.of("conv(8,k3,p1)-relu-maxpool(2)-conv(16,k3,p1)-relu-maxpool(2)-dense(10)",
                "conv(3,k3x5,s2x1,p0x2)-tanh-avgpool(k3x2,s1x2)-flatten-dense(7)", "dense(10)",
                "local(8,k3,p1)-relu-maxpool(2)-local(16,k3,p1)-relu-maxpool(2)-dense(10)",
                "local(3,k3x5,s2x1,p0x2)-tanh-gap-dense(7)", "conv(4,k3)-relu-gap-dense(10)")) {
            assertEquals(text, Architecture.parse(text).toString());
        }
        for (String preset : Architecture.PRESET_ORDER) {
            Architecture a = Architecture.of(preset);
            assertEquals(a, Architecture.parse(a.toString()));
        }
    }

    @Test
    void parsingFillsDefaultsAndAcceptsSpacesAndCapitals() {
        Architecture a = Architecture.parse(" Conv(4) - ReLU - maxpool(k3,s2) - dense( 10 ) ");
        assertEquals(List.of(new Architecture.Conv(4, 3, 3, 1, 1, 0, 0),
                new Architecture.Activation(Architecture.ActivationKind.RELU),
                new Architecture.Pool(Architecture.PoolKind.MAX, 3, 3, 2, 2), new Architecture.Dense(10)), a.specs());
    }

    @Test
    void malformedTextNamesTheTokenAndWhatIsWrong() {
        assertMessage("conv(4,k3)-relux-dense(10)", "layer 2 'relux'", "unknown layer 'relux'");
        assertMessage("conv(4,k3)--dense(10)", "layer 2 ''", "empty layer");
        assertMessage("conv(4,q3)-dense(10)", "layer 1 'conv(4,q3)'", "unknown conv argument 'q3'");
        assertMessage("local(4,q3)-dense(10)", "layer 1 'local(4,q3)'", "unknown local argument 'q3'");
        assertMessage("local-dense(10)", "layer 1 'local'", "local needs its number of filters");
        assertMessage("local(4,s0)-dense(10)", "layer 1", "stride 's0' must be at least 1");
        assertMessage("conv(4)-gap(2)-dense(10)", "layer 2 'gap(2)'", "gap takes no arguments");
        assertMessage("conv(4)-gap", "must end with dense(K)", "it ends with gap");
        assertMessage("glap-dense(10)", "unknown layer 'glap'", "known: conv, local, dwconv, deconv, maxpool, avgpool, gap, upsample, batchnorm, dense");
        assertMessage("conv(0)-dense(10)", "layer 1", "filters must be a whole number");
        assertMessage("conv(4,k0)-dense(10)", "layer 1", "kernel 'k0' must be at least 1");
        assertMessage("conv(4,kx3)-dense(10)", "layer 1", "kernel 'kx3' should be");
        assertMessage("dense(10,3)", "layer 1", "dense takes one argument");
        assertMessage("relu(1)-dense(10)", "layer 1", "relu takes no arguments");
        assertMessage("maxpool(s2)-dense(10)", "layer 1", "maxpool needs a window");
        assertMessage("conv(4-dense(10)", "layer 1 'conv(4'", "not of the form");
        assertMessage("dense(10)-relu", "must end with dense(K)", "it ends with relu");
        assertMessage("  ", "empty architecture", "book-mlp");
    }

    @Test
    void architectureThatDoesNotFitItsInputNamesTheLayerAndSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("conv(4,k3)-relu-conv(4,k7)-dense(10)").layers(DIGITS8));
        assertTrue(e.getMessage().contains("layer 3 conv(4,k7) gets input 4x6x6")
                && e.getMessage().contains("kernel 7x7 does not fit input 6x6"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("maxpool(3)-dense(10)").layers(DIGITS8));
        assertTrue(e.getMessage().contains("layer 1 maxpool(3) gets input 1x8x8")
                && e.getMessage().contains("does not tile"), e.getMessage());
    }

    @Test
    void localThatDoesNotFitItsInputNamesTheLayerAndSizes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("local(4,k3)-relu-local(4,k7)-dense(10)").layers(DIGITS8));
        assertTrue(e.getMessage().contains("layer 3 local(4,k7) gets input 4x6x6")
                && e.getMessage().contains("kernel 7x7 does not fit input 6x6"), e.getMessage());
    }

    @Test
    void parsingLocalAndGapFillsTheConvDefaults() {
        assertEquals(List.of(new Architecture.Local(4, 3, 3, 1, 1, 0, 0), new Architecture.GlobalPool(),
                new Architecture.Dense(10)), Architecture.parse("Local(4)-GAP-dense(10)").specs());
    }

    @Property(tries = 200)
    void parameterCountIsTheSumOfTheLayersFormulas(
            @ForAll @IntRange(min = 1, max = 8) int f, @ForAll @IntRange(min = 1, max = 5) int k,
            @ForAll @IntRange(min = 0, max = 2) int p, @ForAll @IntRange(min = 1, max = 20) int units,
            @ForAll @IntRange(min = 6, max = 20) int side) {
        Architecture a = Architecture.parse("conv(" + f + ",k" + k + ",p" + p + ")-relu-dense(" + units + ")");
        int out = side + 2 * p - k + 1;
        assertEquals((long) f * k * k + f + (long) f * out * out * units + units,
                a.parameterCount(new Shape(1, side, side)));
    }

    private static void assertMessage(String text, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse(text));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }
}
