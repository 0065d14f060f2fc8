package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Study;

/**
 * One study, the way a layer keeps forward beside backward: the jobs it plans, and the report section it
 * writes from their results. {@code S} is what it plans from (the control from its data-set blocks, the
 * other studies from a {@link Scale}). {@link Studies} maps each {@link Study} to its design.
 */
public interface StudyDesign<S> {

    /** The label every job of this study carries in {@link RunSpec#study}. */
    Study study();

    /** The jobs, independent and in the order they run. */
    List<RunSpec> plan(S settings);

    /**
     * This study's part of the report (Markdown; its pictures are written into {@code dir}), from all the
     * folder's results, of which it reads its own; empty if there are none. {@code planned} are the jobs
     * the plan asked for (may be empty).
     */
    String section(Path dir, List<RunResult> all, List<RunSpec> planned);

    /**
     * What the report's summary says of this study, from the same results, after {@link #section} has drawn
     * its pictures: the claim under test in a sentence, the headline figure, and its reading in words
     * (Markdown); empty if this study has no results.
     */
    String headline(Path dir, List<RunResult> all);
}
