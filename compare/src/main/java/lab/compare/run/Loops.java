package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Which loops the reference network runs on: the spec's own naive loops (the textbook code), or the fast
 * path beside them (im2col + GEMM, tested equal to the naive loops within 1e-12; it may split each batch
 * over threads). Results written before this setting existed ran on the fast path.
 */
public enum Loops {
    NAIVE,
    FAST;

    /** Parses naive or fast, in any case (results files hold the lower-case name). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Loops parse(String text) {
        return Wire.parse(values(), text, "unknown kernels '" + text + "'; choose naive or fast");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
