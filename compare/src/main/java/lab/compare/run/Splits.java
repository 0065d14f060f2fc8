package lab.compare.run;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import lab.data.Split;

/**
 * The data sets of one plan, each loaded once, when a job first asks for it, and then shared by every job
 * of the plan, on any thread: a {@link Split} and its datasets are never written to (a job that subsets or
 * scrambles them makes its own copy). Not a cache across plans: a plan's driver makes one and drops it.
 */
public final class Splits {

    /** What a loaded split depends on: the set, and for sets without their own split, how it was drawn. */
    private record Key(String data, double testFraction, long splitSeed) {
    }

    private final Map<Key, Split> loaded = new ConcurrentHashMap<>();

    /** The split {@code spec} trains and tests on; loads it the first time (others asking meanwhile wait). */
    public Split of(RunSpec spec) {
        return loaded.computeIfAbsent(new Key(spec.data(), spec.testFraction(), spec.splitSeed()),
                k -> Runner.load(spec));
    }

    /** The training images {@code spec} trains on: its size if it asks for fewer than the split has. */
    public int trainImages(RunSpec spec) {
        return trainImages(spec, of(spec));
    }

    /** The training images {@code spec} trains on from {@code split}, as {@link Split#withTrainSize} draws them. */
    public static int trainImages(RunSpec spec, Split split) {
        int all = split.train().size();
        return spec.trainSize() == null ? all : Math.min(spec.trainSize(), all);
    }
}
