package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;

/**
 * What planned a run, carried in {@link RunSpec#study}: one of the {@link Study studies}, or {@link #SWEEP},
 * a user's own grid ({@code lab sweep}), which has no question of its own and whose runs other folders'
 * reports never read. A label for the reports that changes nothing computed; written as the study's name or
 * "sweep", the strings results files have always held.
 */
public sealed interface Origin permits Study, Origin.Sweep {

    /** The runs of {@code lab sweep}. */
    Origin SWEEP = Sweep.SWEEP;

    /** Where a run's origin sorts: the studies in their order, then the sweep. */
    int rank();

    /** Parses a study's name or "sweep", in any case; an unknown one is an error, never a fallback. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    static Origin parse(String text) {
        if (text != null && Wire.name(Sweep.SWEEP).equalsIgnoreCase(text.trim())) {
            return SWEEP;
        }
        try {
            return Study.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or sweep");
        }
    }

    /** The one origin that is not a study (an enum, so that it is one object however it is read). */
    enum Sweep implements Origin {
        SWEEP;

        @Override
        public int rank() {
            return Study.values().length;
        }

        @com.fasterxml.jackson.annotation.JsonValue
        @Override
        public String toString() {
            return Wire.name(this);
        }
    }
}
