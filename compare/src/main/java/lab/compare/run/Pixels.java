package lab.compare.run;

/**
 * A run's pixel order: the images as they are, or scrambled by a permutation ({@link RunSpec#pixels}), written
 * "standard" and "permuted" in every table, label and terminal line. Not a setting of its own, and not in the
 * results file: a spec is permuted when it names a permutation seed or file, and the scramble's rule is
 * {@link RunSpec#scrambleRule}'s.
 */
public enum Pixels {
    STANDARD,
    PERMUTED;

    /** The pixels of a run that is, or is not, permuted: for a loop over both that holds a boolean. */
    public static Pixels of(boolean permuted) {
        return permuted ? PERMUTED : STANDARD;
    }

    /** "standard" or "permuted", as {@link Wire} writes every enum of a run. */
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
