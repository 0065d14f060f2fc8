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
     * This study's words in a report, both Markdown, both empty if it has no results: its {@code section},
     * and the {@code headline} the summary gives it (the claim under test in a sentence, the headline figure,
     * the reading in words).
     */
    record Written(String section, String headline) {
    }

    /**
     * This study's section and headline, in one pass over its results (its pictures are written into
     * {@code dir}, each once), from all the folder's results, of which it reads its own. {@code planned} are
     * the jobs the plan asked for (may be empty).
     */
    Written write(Path dir, List<RunResult> all, List<RunSpec> planned);
}
