package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which study planned a run: a label for the report that changes nothing computed. Sweep marks the runs of
 * a user's own grid ({@code lab sweep}), which other folders' reports never read. Calibration marks the
 * short timing runs a plan's driver makes before its jobs (to price the time left), which are never stored.
 */
public enum Study {
    CONTROL,
    LOCALITY,
    SHARING,
    TRANSLATION,
    SAMPLES,
    PARAMS,
    SWEEP,
    CALIBRATION;

    /** Parses a study's name; an unknown one is an error, never a fallback. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Study parse(String text) {
        return Wire.parse(values(), text, "unknown study '" + text
                + "'; known: control, locality, sharing, translation, samples, params, sweep");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
