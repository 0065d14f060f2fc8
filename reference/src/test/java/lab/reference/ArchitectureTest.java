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

    @Test
    void cnnPresetHasUnderATenthOfTheMlpsParametersOn28x28() {
        long cnn = Architecture.of("cnn").parameterCount(MNIST);
        long mlp = Architecture.of("mlp").parameterCount(MNIST);
        assertEquals(8 * 9 + 8 + 16 * 8 * 9 + 16 + 16 * 7 * 7 * 10 + 10, cnn);
        assertEquals(784 * 128 + 128 + 128 * 10 + 10, mlp);
        assertTrue(cnn * 10 < mlp, cnn + " vs " + mlp);
    }

    @Test
    void experimentPresetsTakeEverySquareSideDivisibleBy4AndRefuseOthers() {
        for (int side = 4; side <= 32; side++) {
            Shape in = new Shape(1, side, side);
            if (side % 4 == 0) {
                Architecture.of("cnn").layers(in);
                Architecture.of("mlp").layers(in);
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
                "conv(3,k3x5,s2x1,p0x2)-tanh-avgpool(k3x2,s1x2)-flatten-dense(7)", "dense(10)")) {
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
