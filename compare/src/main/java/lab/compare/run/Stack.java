package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Which implementation trains: the hand-written reference stack, or Deeplearning4j. */
public enum Stack {
    REFERENCE,
    DL4J;

    /** Parses reference or dl4j, in any case (results files hold the lower-case name). */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static Stack parse(String text) {
        return Wire.parse(values(), text, "unknown stack '" + text + "'; choose reference or dl4j");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
