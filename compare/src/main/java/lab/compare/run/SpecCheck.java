package lab.compare.run;

import java.util.List;
import java.util.function.Function;

import lab.data.Split;
import lab.reference.Architecture;
import lab.reference.Shape;

/**
 * Every spec of a plan checked against its data before anything runs: the data set loads, the architecture
 * fits its images, the scramble fits their side, and the training-set size and the shift test fit the split.
 * A bad plan is refused in one line naming its first bad spec, before its header, its calibration or its
 * folder; without this, a misfit surfaced as every job failing (or, for a training size above the images
 * there are, as a silent run on all of them). Not a second rulebook: each rule is the code the run itself
 * uses ({@link Splits} and {@link Runner#load}, {@link Architecture#layers}, {@link Runner#permutation},
 * {@link Runner#checkShift}), so the check and the run cannot disagree. What a spec says about itself alone
 * (a positive rate, a batch of at least 1) is {@link RunSpec}'s own check, when it is built.
 */
public final class SpecCheck {

    private SpecCheck() {
    }

    /**
     * Checks {@code specs} in order, each data set loaded once; throws an {@link IllegalArgumentException}
     * whose message names the first bad spec ({@code label} says it in the command line's words: "run 3 of
     * 16 (LABEL): what is wrong").
     */
    public static void plan(List<RunSpec> specs, Function<RunSpec, String> label) {
        Splits data = new Splits();
        for (int i = 0; i < specs.size(); i++) {
            RunSpec spec = specs.get(i);
            try {
                check(spec, data.of(spec));
            } catch (RuntimeException e) { // a data set that will not load, or a rule broken: the spec's fault
                throw new IllegalArgumentException(String.format("run %d of %d (%s): %s", i + 1, specs.size(),
                        label.apply(spec), e.getMessage()), e);
            }
        }
    }

    /** Checks one spec against its loaded split; throws with what is wrong (not naming the spec). */
    public static void check(RunSpec spec, Split split) {
        Shape shape = split.train().shape();
        if (split.train().size() < 1 || split.test().size() < 1) {
            throw new IllegalArgumentException(spec.data() + " splits into " + split.train().size() + " training and "
                    + split.test().size() + " test images; a run needs at least 1 of each");
        }
        if (spec.trainSize() != null && spec.trainSize() > split.train().size()) {
            throw new IllegalArgumentException("a training-set size of " + spec.trainSize() + ", but " + spec.data()
                    + " has " + split.train().size() + " training images");
        }
        spec.architecture().layers(shape);
        Runner.permutation(spec, shape.h(), shape.w());
        Runner.checkShift(spec, shape);
    }
}
