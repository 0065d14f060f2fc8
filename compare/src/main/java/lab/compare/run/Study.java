package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The studies: the control (the permuted-pixel experiment itself) and the five beyond it, each a question of
 * its own with a report section ({@code lab.compare.study.Studies} maps each to its design). A run carries the
 * one that planned it as its {@link Origin}.
 */
public enum Study implements Origin {
    CONTROL,
    LOCALITY,
    SHARING,
    TRANSLATION,
    SAMPLES,
    PARAMS;

    /** Parses a study's name; an unknown one is an error, never a fallback. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Study parse(String text) {
        return Wire.parse(values(), text, "unknown study '" + text
                + "'; known: control, locality, sharing, translation, samples, params");
    }

    @Override
    public int rank() {
        return ordinal();
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
