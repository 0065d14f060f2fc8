package lab.compare.study;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Function;

import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * Which of the control's cells hold fewer seeds than they should: fewer than the plan (or the results)
 * name for the data set, or other seeds than the same cell of another stack. The control flags them.
 */
final class Completeness {

    private Completeness() {
    }

    /**
     * The seeds every cell of {@code data} should hold: those the plan names for it, and those any of its
     * results (finished or not) names, in increasing order.
     */
    static List<Long> expectedSeeds(List<RunResult> results, List<RunSpec> planned, String data) {
        TreeSet<Long> seeds = new TreeSet<>();
        planned.stream().filter(s -> s.study() == Study.CONTROL && s.data().equals(data)).forEach(s -> seeds.add(s.seed()));
        results.stream().filter(r -> r.spec().data().equals(data)).forEach(r -> seeds.add(r.spec().seed()));
        return new ArrayList<>(seeds);
    }

    /**
     * A row of the incomplete-cells table for one cell of one data set's {@code results}, or null if the
     * cell holds every expected seed and the same seeds as the matching cell of every other stack.
     */
    static String incompleteRow(List<RunResult> results, List<Stack> stacks, Stack stack, String model,
                                boolean permuted, List<Long> expected) {
        Function<Stack, List<RunResult>> runs = st -> results.stream().filter(r ->
                r.spec().stack() == st && r.spec().arch().equals(model) && r.spec().permuted() == permuted).toList();
        List<Long> done = runs.apply(stack).stream().filter(RunResult::completed).map(r -> r.spec().seed()).sorted().toList();
        List<String> unfinished = runs.apply(stack).stream().filter(r -> !r.completed())
                .map(r -> "seed " + r.spec().seed() + ": " + r.status()).toList();
        List<Long> missing = expected.stream().filter(seed -> runs.apply(stack).stream()
                .noneMatch(r -> r.spec().seed() == seed)).toList();
        List<String> others = new ArrayList<>();
        boolean differsFromOther = false;
        for (Stack other : stacks) {
            if (other != stack) {
                List<Long> theirs = runs.apply(other).stream().filter(RunResult::completed).map(r -> r.spec().seed())
                        .sorted().toList();
                differsFromOther |= !theirs.equals(done);
                others.add(other + ": " + theirs.size());
            }
        }
        if (done.equals(expected) && !differsFromOther) {
            return null;
        }
        return String.format("| %s | %s | %s | %d (%s) | %s | %s | %s |%n", stack, model,
                lab.compare.run.Pixels.of(permuted), done.size(), done.isEmpty() ? "none" : Tables.seedList(done),
                unfinished.isEmpty() ? "0" : unfinished.size() + " (" + String.join("; ", unfinished) + ")",
                missing.isEmpty() ? "0" : missing.size() + " (" + Tables.seedList(missing) + ")",
                others.isEmpty() ? "-" : String.join(", ", others));
    }
}
