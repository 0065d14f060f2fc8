package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import lab.reference.Architecture;
import lab.reference.Init;

/** The weight initialiser a run asks for: one of the reference's, or auto (decided by the architecture). */
public enum InitChoice {
    AUTO,
    UNIFORM,
    XAVIER,
    HE;

    /** The initialiser, with auto resolved for {@code arch}. */
    public Init resolve(String arch) {
        return switch (this) {
            case AUTO -> Architecture.defaultInit(arch); // the preset knows: uniform for the book's
            case UNIFORM -> Init.UNIFORM;
            case XAVIER -> Init.XAVIER;
            case HE -> Init.HE;
        };
    }

    /** Parses auto, uniform, xavier or he (or relu, DL4J's name for He), in any case. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static InitChoice parse(String text) {
        if (text != null && text.trim().equalsIgnoreCase("relu")) {
            return HE;
        }
        return Wire.parse(values(), text, "unknown init '" + text + "'; choose auto, uniform, xavier or he");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
