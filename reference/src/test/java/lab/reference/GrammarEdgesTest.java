package lab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The edges of the architecture grammar and of Shape: empty parentheses, empty arguments, a pool
 * window without a stride, the ends of the number range, and the sizes a shape refuses.
 */
class GrammarEdgesTest {

    private static String parseError(String text) {
        return assertThrows(IllegalArgumentException.class, () -> Architecture.parse(text)).getMessage();
    }

    @Test
    void anArchitectureWithoutLayersIsRefusedByName() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Architecture(List.of()));
        assertEquals("an architecture needs at least one layer", e.getMessage());
    }

    @Test
    void classesAreTheUnitsOfTheLastDense() {
        assertEquals(7, Architecture.parse("dense(7)").classes());
        assertEquals(5, Architecture.parse("dense(3)-relu-dense(5)").classes());
        assertEquals(10, Architecture.of("cnn").classes());
    }

    @Test
    void emptyParenthesesMeanNoArguments() {
        assertEquals(Architecture.parse("relu-gap-tanh-flatten-dense(2)"),
                Architecture.parse("relu()-gap( )-tanh()-flatten()-dense(2)"));
        String dense = parseError("dense( )");
        assertTrue(dense.contains("dense takes one argument, its number of units"), dense);
        String conv = parseError("conv()-dense(2)");
        assertTrue(conv.contains("conv needs its number of filters"), conv);
    }

    @Test
    void anEmptyArgumentIsNamedAsUnknownNotAnIndexError() {
        String conv = parseError("conv(4,)-dense(2)");
        assertTrue(conv.contains("unknown conv argument ''"), conv);
        String local = parseError("local(4,k3, )-dense(2)");
        assertTrue(local.contains("unknown local argument ''"), local);
        String pool = parseError("maxpool(k2,)-dense(2)");
        assertTrue(pool.contains("unknown maxpool argument ''"), pool);
    }

    @Test
    void aPoolWindowWithoutAStrideStridesByItsOwnSize() {
        List<Architecture.Spec> specs = Architecture.parse("maxpool(k2)-avgpool(k3x2)-dense(2)").specs();
        // the long form: its windows need not tile the input (the short form maxpool(2) must)
        assertEquals(new Architecture.Pool(Architecture.PoolKind.MAX, 2, 2, 2, 2, 0, 0, false, false), specs.get(0));
        assertEquals(new Architecture.Pool(Architecture.PoolKind.AVG, 3, 2, 3, 2), specs.get(1));
    }

    @Test
    void wholeNumbersRunFromOneTo999999() {
        assertEquals(new Architecture.Dense(1), Architecture.parse("dense(1)").specs().get(0));
        assertEquals(new Architecture.Dense(999_999), Architecture.parse("dense(999999)").specs().get(0));
        assertEquals(new Architecture.Dense(100_000), Architecture.parse("dense(100000)").specs().get(0));
        assertTrue(parseError("dense(0)").contains("units must be a whole number from 1 to 999999, got '0'"));
        assertTrue(parseError("dense(1000000)").contains("got '1000000'"));
    }

    @Test
    void aShapeRefusesEveryNonPositiveSize() {
        for (int[] s : new int[][] {{0, 1, 1}, {1, 0, 1}, {1, 1, 0}, {-1, 2, 2}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new Shape(s[0], s[1], s[2]));
            assertEquals("shape sizes must be positive, got " + s[0] + "x" + s[1] + "x" + s[2], e.getMessage());
        }
        assertEquals(1, new Shape(1, 1, 1).size());
    }

    /**
     * A kernel, stride or padding is one or two numbers of up to six digits, like every whole number of the
     * grammar: a longer one is refused by name, not by Java's number parser (which once answered 'For input
     * string' for k9999999999, whose 11 characters passed the old length limit).
     */
    @Test
    void aPairOfNumbersHasUpToSixDigitsEachAndALongerOneIsRefusedByName() {
        assertEquals(new Architecture.Pool(Architecture.PoolKind.MAX, 999_999, 999_999, 1, 1),
                Architecture.parseLayers("maxpool(k999999x999999,s1)").get(0));
        for (String arg : new String[] {"k9999999999", "k1234567", "k3x1234567", "k99999999999999999999"}) {
            String error = parseError("conv(4," + arg + ")-dense(10)");
            assertTrue(error.contains("kernel '" + arg + "' should be kN or kHxW with whole numbers of up to six "
                    + "digits"), error);
        }
    }

    @Test
    void noTextIsNoLayers() {
        for (String text : new String[] {null, "", "   "}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Architecture.parseLayers(text));
            assertEquals("no layers given; write them in the text form, e.g. conv(4,k3,s2,p1)", e.getMessage());
        }
    }
}
