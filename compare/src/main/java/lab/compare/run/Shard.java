package lab.compare.run;

import java.util.List;

/**
 * The I-th of N slices of a plan ({@code --shard I/N}): N terminals or N machines without Spark each run
 * their own slice into their own folder, and {@code lab report A B ...} joins the folders into the report of
 * the whole plan. A slice is contiguous in {@link #ORDER}, seed by seed and then by settings, not in the
 * order the command lists its jobs: two shards of one grid typed with its values in another order
 * ({@code --lr 0.02,0.005}) still split the same runs. Seed-major, a shard holds whole seeds where it can
 * and its own report reads like a smaller run; the slices of a plan are disjoint, cover it, and differ in
 * size by at most one job.
 *
 * @param index 1 to count
 * @param count how many slices, at least 1
 */
public record Shard(int index, int count) {

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new IllegalArgumentException("--shard I/N needs 1 <= I <= N, got " + index + "/" + count);
        }
    }

    /** "2/3", as --shard takes it; a one-line error for anything else. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("--shard takes I/N (the I-th of N slices, e.g. 1/2), got '" + text + "'");
        }
        try {
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard takes I/N with whole numbers (e.g. 1/2), got '" + text + "'");
        }
    }

    /** The order slices are cut in: the seed, then {@link ResultStore#ORDER}, whatever order a plan lists. */
    public static final java.util.Comparator<RunSpec> ORDER = java.util.Comparator.comparingLong(RunSpec::seed)
            .thenComparing(ResultStore.ORDER);

    /** This shard's jobs of a plan: its slice of the plan in {@link #ORDER}, listed in the plan's own order. */
    public List<RunSpec> jobs(List<RunSpec> plan) {
        java.util.Set<RunSpec> mine = new java.util.HashSet<>(of(plan.stream().sorted(ORDER).toList()));
        return plan.stream().filter(mine::contains).toList();
    }

    /** This shard's items: items [floor((I-1)n/N), floor(In/N)) of the n given. */
    public <T> List<T> of(List<T> jobs) {
        int n = jobs.size();
        return jobs.subList((int) ((long) (index - 1) * n / count), (int) ((long) index * n / count));
    }

    /** "shard 2 of 3", as reports and folder names say it. */
    public String words() {
        return "shard " + index + " of " + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
