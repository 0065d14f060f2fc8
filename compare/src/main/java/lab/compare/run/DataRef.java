package lab.compare.run;

import java.util.List;

/**
 * A data set as a plan names it, before anything is loaded: the name {@link lab.data.DataSource} loads
 * (digits8, mnist10k, fashion, optdigits:DIR, idx:DIR), the side of its square, grey-scale images, and how many
 * epochs each kind of plan trains it for unless told ({@link Mode}). The one place that says any of these;
 * not a loader, and not a check: a name DataSource does not know still plans (as an MNIST-style set), and is
 * refused, named, when {@link SpecCheck} loads it before the first run.
 *
 * <p>Named {@code DataRef}, not DataSet: {@code lab.reference.Dataset} is the loaded images and ND4J has a
 * {@code DataSet} of its own; this is only a reference to one.
 *
 * @param name the set as given, the string a spec records and {@link lab.data.DataSource#load} takes
 */
public record DataRef(String name) {

    public DataRef {
        if (name == null) {
            throw new IllegalArgumentException("a data set needs a name");
        }
    }

    /** The set {@code name} names. */
    public static DataRef of(String name) {
        return new DataRef(name);
    }

    /**
     * Which plan trains a set, each with its own epochs per set and its own sets when none are given. A
     * sweep's "usual" epochs are a study's.
     */
    public enum Mode {
        /** {@code lab run --quick}. */
        RUN_QUICK("digits8"),
        /** {@code lab run}, and {@code lab train}, whose defaults reproduce its cells. */
        RUN("digits8", "mnist10k"),
        /** {@code lab run --full}. */
        RUN_FULL("digits8", "mnist10k"),
        /** A study with --quick. */
        STUDY_QUICK("digits8"),
        /** A study (also those {@code lab run --full} adds), and a sweep's epochs unless told. */
        STUDY("mnist10k", "digits8");

        private final List<String> sets;

        Mode(String... sets) {
            this.sets = List.of(sets);
        }

        /** The sets this plan trains when no --data is given, in the order it trains them. */
        public List<DataRef> sets() {
            return sets.stream().map(DataRef::of).toList();
        }
    }

    /**
     * What a name says about its images and its epochs. The columns are {@link Mode}'s, in its order. A set
     * lab run's modes do not name gets 5 epochs there whatever its side; the studies go by the side: an
     * 8x8 set trains as long as digits8, a 28x28 one as mnist10k.
     */
    private enum Kind {
        //         side  RUN_QUICK  RUN  RUN_FULL  STUDY_QUICK  STUDY
        DIGITS8(8,       5,         10,  20,       3,           10),
        MNIST10K(28,     5,         1,   3,        1,           1),
        OPTDIGITS(8,     5,         5,   5,        3,           10),
        MNIST_STYLE(28,  5,         5,   5,        1,           1);

        private final int side;
        private final int[] epochs;

        Kind(int side, int... epochs) {
            this.side = side;
            this.epochs = epochs;
        }

        /**
         * By the name exactly as written, as DataSource reads the prefixes. Fashion and idx:DIR are taken as
         * MNIST's 28x28 (an IDX folder may hold another side: the run itself goes by the loaded images, and
         * SpecCheck checks the architecture against them); so is a name DataSource will refuse.
         */
        static Kind of(String name) {
            if (name.equals("digits8")) {
                return DIGITS8;
            }
            if (name.equals("mnist10k")) {
                return MNIST10K;
            }
            return name.startsWith("optdigits") ? OPTDIGITS : MNIST_STYLE;
        }
    }

    /** The side of its square images, for planning (a scramble's block size, a shift test's reach). */
    public int side() {
        return Kind.of(name).side;
    }

    /** The epochs {@code mode} trains this set for when no --epochs is given. */
    public int epochs(Mode mode) {
        return Kind.of(name).epochs[mode.ordinal()];
    }

    /** Its name, as the command line and the results write it. */
    @Override
    public String toString() {
        return name;
    }
}
