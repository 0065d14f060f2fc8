package lab.compare.cli;

import java.nio.file.Path;
import java.util.List;

import lab.compare.run.Experiment;
import lab.compare.run.PlanFile;
import lab.compare.run.Shard;
import picocli.CommandLine.Option;

/**
 * --shard I/N, for the commands that run a plan (lab run, the studies, lab sweep): this process runs only
 * the I-th of N slices of the plan, into a folder of its own, and {@code lab report} joins the folders.
 */
final class ShardOption {

    @Option(names = "--shard", paramLabel = "I/N", description = "Run only the I-th of N slices of the plan (a "
            + "contiguous, seed-major share, the same whatever order the lists are given in), so that N terminals "
            + "or N machines without Spark share it: each into its own folder (default: the usual one with "
            + "-shardIofN), then lab report DIR1 DIR2 ... joins them into the whole plan's report. Every run's "
            + "numbers are the same in any shard. With a cluster at hand, --engine spark is simpler: one command, "
            + "one folder.")
    String text;

    /** The shard asked for, or null: the whole plan. */
    Shard value() {
        return text == null ? null : Shard.parse(text);
    }

    /** What this process runs: the shard's slice of {@code whole}, or all of it; an empty slice is an error. */
    Experiment.Plan slice(Experiment.Plan whole) {
        Shard s = value();
        if (s != null && s.count() > whole.jobs().size()) {
            throw new IllegalArgumentException(String.format("--shard %s: the plan has %d run(s), so some of %d "
                    + "shards would be empty; use at most %d", s, whole.jobs().size(), s.count(), whole.jobs().size()));
        }
        return s == null ? whole : new Experiment.Plan(whole.name(), s.jobs(whole.jobs()));
    }

    /** A default folder's name, with "-shard2of3" for a shard. */
    String folder(String name) {
        Shard s = value();
        return s == null ? name : name + "-shard" + s.index() + "of" + s.count();
    }

    /** A report's title, with " (shard 2 of 3)" for a shard. */
    String title(String title) {
        Shard s = value();
        return s == null ? title : title + " (" + s.words() + ")";
    }

    /** Records {@code whole}, the plan of which this folder runs a shard (or all), in {@code dir}'s plan.json. */
    void record(Path dir, String kind, String title, List<String> axes, Experiment.Plan whole) {
        Shard s = value();
        new PlanFile(kind, title, axes, s == null ? null : s.toString(), whole.jobs()).write(dir);
    }
}
