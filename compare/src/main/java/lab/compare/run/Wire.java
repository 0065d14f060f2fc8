package lab.compare.run;

import java.util.Locale;

/**
 * How the settings' enums are written: lower-case names, exactly the strings results files have always
 * held ("reference", "double", "adam", "ok"...), so lines written before the enums existed still read.
 * And how they are read: in any case, the one rule every enum's {@code parse} (so every command's flag) follows.
 */
final class Wire {

    private Wire() {
    }

    /** The lower-case name a constant is written as. */
    static String name(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    /**
     * The constant written as {@code text} in any case and with any spaces around it (null stays null), or the
     * one-line error naming the choices. Any case, because {@code --stacks DL4J}, {@code --dtype FLOAT} and
     * {@code --optimizer Adam} can only mean one constant each: no two names differ in case alone. Results
     * files, written lower-case, read as before.
     */
    static <E extends Enum<E>> E parse(E[] values, String text, String unknown) {
        if (text == null) {
            return null;
        }
        for (E e : values) {
            if (name(e).equalsIgnoreCase(text.trim())) {
                return e;
            }
        }
        throw new IllegalArgumentException(unknown);
    }
}
