package lab.compare.run;

/**
 * A run named in words, made here once for every place that names one: the terminal's "[i/n] label: ..."
 * lines, the report's table of runs that did not finish, Spark's job descriptions ({@link #RUN}), and the
 * summary's cells ({@link #CELL}). Each starts with its study (but the control's), then the data set and the
 * model. Words for a reader, never parsed back: a run's identity is its {@link RunSpec}.
 */
public enum Label {

    /**
     * One run: its stack, pixels and seed ("sharing: digits8 cnn reference permuted seed 2"). A sweep's run
     * also says its scramble and the settings a sweep may vary ("sweep: digits8 mlp reference permuted
     * blocks:4 adam lr 0.005 batch 32 5 ep 400 images seed 0"), since two of its runs may differ in nothing else.
     */
    RUN,

    /**
     * What two stacks' runs share (the summary's cells): no stack and no seed, but the pixels with their
     * scramble, the rate and the training-set size ("digits8 mlp permuted blocks:4 lr 0.005, 1,000 images").
     */
    CELL;

    /**
     * {@code spec} in this label's words; a float run's (or cell's) say float after the model and stack, a
     * double one's say nothing of their precision, as before float ran on both stacks.
     */
    public String of(RunSpec spec) {
        String head = (spec.study() == Study.CONTROL ? "" : spec.study() + ": ") + spec.data() + " " + spec.arch();
        String precision = spec.dtype() == DType.FLOAT ? " float" : "";
        return switch (this) {
            case RUN -> spec.study() == Origin.SWEEP
                    ? String.format("%s %s%s %s %s lr %s batch %d %d ep%s seed %d", head, spec.stack(), precision,
                            scrambled(spec), spec.optimizer(), spec.lr(), spec.batch(), spec.epochs(),
                            spec.trainSize() == null ? "" : " " + spec.trainSize() + " images", spec.seed())
                    : String.format("%s %s%s %s seed %d", head, spec.stack(), precision, spec.pixels(), spec.seed());
            case CELL -> head + precision + " " + scrambled(spec) + " lr " + spec.lr()
                    + (spec.trainSize() == null ? "" : String.format(", %,d images", spec.trainSize()));
        };
    }

    /**
     * The pixels with a scramble other than the full one, as the spec holds it: "standard", "permuted",
     * "permuted blocks:4" (a sweep's pixels column says the same).
     */
    private static String scrambled(RunSpec spec) {
        String scramble = spec.scramble();
        return spec.pixels() + (scramble == null || "full".equals(scramble) ? "" : " " + scramble);
    }
}
