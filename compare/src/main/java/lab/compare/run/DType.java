package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The precision a run computes in, on either stack: double (the default, and the only precision of the
 * reference's naive loops) or float (DL4J's float network, or the reference's fast path in float lanes).
 */
public enum DType {
    DOUBLE,
    FLOAT;

    /** Parses the name in any case (results files write it lower-case). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static DType parse(String text) {
        return Wire.parse(values(), text, "unknown dtype '" + text + "'; choose double or float");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
