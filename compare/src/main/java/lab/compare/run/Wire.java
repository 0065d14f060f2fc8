package lab.compare.run;

import java.util.Locale;

/**
 * How the settings' enums are written: lower-case names, exactly the strings results files have always
 * held ("reference", "double", "adam", "ok"...), so lines written before the enums existed still read.
 */
final class Wire {

    private Wire() {
    }

    /** The lower-case name a constant is written as. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /** The constant written as {@code text} (null stays null), or the one-line error naming the choices. */
    static <E extends Enum<E>> E parse(E[] values, String text, boolean ignoreCase, String unknown) {
        if (text == null) {
            return null;
        }
        for (E e : values) {
            if (ignoreCase ? name(e).equalsIgnoreCase(text) : name(e).equals(text)) {
                return e;
            }
        }
        throw new IllegalArgumentException(unknown);
    }
}
