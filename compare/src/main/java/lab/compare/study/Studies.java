package lab.compare.study;

import java.util.List;

import lab.compare.run.Study;

/**
 * Which type designs each {@link Study}: the control ({@link Control}), and the studies beyond it that plan
 * from a {@link Scale}: {@link Locality}, {@link Sharing}, {@link Translation}, {@link Samples}, {@link Params}. The
 * switch is exhaustive: a new study does not compile until it is mapped here.
 */
public final class Studies {

    /** The control's design. */
    public static final Control CONTROL = new Control();

    /** The studies beyond the control, in the order they run and report. */
    public static final List<Study> NAMES = List.of(Study.LOCALITY, Study.SHARING, Study.TRANSLATION, Study.SAMPLES,
            Study.PARAMS);

    private static final Locality LOCALITY = new Locality();
    private static final Sharing SHARING = new Sharing();
    private static final Translation TRANSLATION = new Translation();
    private static final Samples SAMPLES = new Samples();
    private static final Params PARAMS = new Params();

    private Studies() {
    }

    /** The design of a study beyond the control. */
    public static StudyDesign<Scale> of(Study study) {
        return switch (study) {
            case LOCALITY -> LOCALITY;
            case SHARING -> SHARING;
            case TRANSLATION -> TRANSLATION;
            case SAMPLES -> SAMPLES;
            case PARAMS -> PARAMS;
            case CONTROL -> throw new IllegalArgumentException("the control plans from its blocks, not a scale: "
                    + "use Studies.CONTROL");
        };
    }

    /** Every design, in the order the report gives their sections: the control first. */
    static List<StudyDesign<?>> inReportOrder() {
        return List.of(CONTROL, of(Study.LOCALITY), of(Study.SHARING), of(Study.TRANSLATION), of(Study.SAMPLES),
                of(Study.PARAMS));
    }
}
