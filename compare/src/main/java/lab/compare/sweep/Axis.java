package lab.compare.sweep;

import java.math.BigDecimal;
import java.util.List;
import java.util.function.Function;

import lab.compare.run.RunSpec;

/**
 * A setting a sweep can vary, read off a run's spec: its name in the report and how its values read. The
 * order here is the grid's: the report's columns, and which numeric axis the plot runs along (the first
 * that varies).
 */
public enum Axis {
    DATA("data", false, RunSpec::data),
    ARCH("arch", false, RunSpec::arch),
    STACK("stack", false, s -> s.stack().toString()),
    PIXELS("pixels", false, s -> pixels(s.permuted() ? s.scrambleRule().toString() : "standard")),
    OPTIMIZER("optimizer", false, s -> s.optimizer().toString()),
    LR("lr", true, s -> decimal(s.lr())),
    BATCH("batch", true, s -> Integer.toString(s.batch())),
    EPOCHS("epochs", true, s -> Integer.toString(s.epochs())),
    TRAIN_SIZE("train size", true, s -> s.trainSize() == null ? "all" : Integer.toString(s.trainSize()));

    private final String title;
    private final boolean numeric;
    private final Function<RunSpec, String> value;

    Axis(String title, boolean numeric, Function<RunSpec, String> value) {
        this.title = title;
        this.numeric = numeric;
        this.value = value;
    }

    /** The column's heading. */
    public String title() {
        return title;
    }

    /**
     * Pixels as the report writes them: "standard", "permuted" (every pixel scrambled, what --pixels permuted
     * means), or "permuted blocks:4" (another --scramble rule), from "standard" or a scramble rule.
     */
    static String pixels(String standardOrRule) {
        return standardOrRule.equals("standard") ? "standard"
                : standardOrRule.equals("full") ? "permuted" : "permuted " + standardOrRule;
    }

    /** A number as written, without trailing zeros or an exponent: 0.005, 0.1, 2. */
    static String decimal(double x) {
        return BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    /** Whether its values are numbers a plot can run along. */
    public boolean numeric() {
        return numeric;
    }

    /** The value a run has, as the report writes it. */
    public String value(RunSpec spec) {
        return value.apply(spec);
    }

    /**
     * Whether a plot can run along this axis over {@code planned}: a numeric axis every value of which there is
     * a number (sweeps joined by lab report may hold a train size of "all" beside sizes; such an axis is a
     * column, not an x).
     */
    public boolean numericOver(List<RunSpec> planned) {
        return numeric && planned.stream().map(this::value).allMatch(v -> v.matches("-?[0-9.]+(E-?[0-9]+)?"));
    }

    /** A value of an axis {@link #numericOver} the plan, as a number. */
    static double number(String value) {
        return Double.parseDouble(value);
    }

    /** Whether a plot along it reads better on a log scale: rates and set sizes spread over decades. */
    public boolean logScale() {
        return this == LR || this == TRAIN_SIZE;
    }
}
