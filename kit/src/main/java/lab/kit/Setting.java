package lab.kit;

/**
 * A setting of the layer under check that {@link LayerCheck#varying} may let the generated cases vary
 * (each on both axes, separately), within the ranges below. Batch, channels and the input's sides always
 * vary. A setting not named stays as written in the text form.
 */
public enum Setting {
    /** conv, local and deconv: filters 1..4; dwconv: its depth multiplier 1..4. */
    FILTERS(1, 4),
    /** dense: units 1..6. */
    UNITS(1, 6),
    /** conv, local, dwconv and deconv kernel, pooling window: 1..4 along each axis. */
    KERNEL(1, 4),
    /** conv, local, dwconv, deconv and pooling stride: 1..3 along each axis. */
    STRIDE(1, 3),
    /**
     * conv, local, dwconv, deconv and pooling zero padding: 0..2 along each axis; not where the layer computes its
     * own (same) or has none (the short form maxpool(K)).
     */
    PADDING(0, 2);

    /** Smallest and largest value generated; shrinking goes toward {@code min}. */
    final int min;
    final int max;

    Setting(int min, int max) {
        this.min = min;
        this.max = max;
    }
}
