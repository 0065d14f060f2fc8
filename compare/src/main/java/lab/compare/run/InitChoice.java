package lab.compare.run;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
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
            case AUTO -> defaultInit(arch);
            case UNIFORM -> Init.UNIFORM;
            case XAVIER -> Init.XAVIER;
            case HE -> Init.HE;
        };
    }

    /** The book's uniform for the book's presets, He otherwise: the one place the name decides it. */
    private static Init defaultInit(String arch) {
        // TODO(merge): Architecture.defaultInit
        return arch.trim().startsWith("book-") ? Init.UNIFORM : Init.HE;
    }

    /** Parses auto, uniform, xavier or he (or relu, DL4J's name for He), in any case. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static InitChoice parse(String text) {
        if (text != null && text.toLowerCase(Locale.ROOT).equals("relu")) {
            return HE;
        }
        return Wire.parse(values(), text, true, "unknown init '" + text + "'; choose auto, uniform, xavier or he");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
