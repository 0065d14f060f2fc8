package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.run.Experiment;
import lab.compare.run.Kernels;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * What the four studies beyond the control share: they plan from a {@link Scale}, train with Adam (lr 0.005,
 * batch 32, He init) in double, each seed its own weights, batch order, scramble and subset (shared by the
 * stacks), and write their section from their own finished runs.
 */
abstract class ScaledStudy implements StudyDesign<Scale> {

    private final Study study;

    ScaledStudy(Study study) {
        this.study = study;
    }

    @Override
    public final Study study() {
        return study;
    }

    @Override
    public final String section(Path dir, List<RunResult> all, List<RunSpec> planned) {
        List<RunResult> mine = all.stream().filter(r -> r.spec().study() == study && r.completed()).toList();
        return mine.isEmpty() ? "" : section(dir, mine);
    }

    /** The section from this study's finished runs (at least one). */
    abstract String section(Path dir, List<RunResult> mine);

    /** One job of this study, with the studies' usual settings. */
    RunSpec job(Stack stack, Kernels kernels, String data, String model, int epochs, long seed, Long permuteSeed,
                String scramble, Integer trainSize, int maxShift) {
        return Experiment.Plan.job(study, stack, kernels, Experiment.Block.adam(data, List.of(model), epochs), model,
                seed, permuteSeed, scramble, trainSize, maxShift);
    }
}
