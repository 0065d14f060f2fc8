package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.report.Tables;
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
    private final String title;
    private final String text;

    /** {@code title} and {@code text} open the section: what the study measures and how to read it. */
    ScaledStudy(Study study, String title, String text) {
        this.study = study;
        this.title = title;
        this.text = text;
    }

    @Override
    public final Study study() {
        return study;
    }

    @Override
    public final String section(Path dir, List<RunResult> all, List<RunSpec> planned) {
        List<RunResult> mine = all.stream().filter(r -> r.spec().study() == study && r.completed()).toList();
        if (mine.isEmpty()) {
            return "";
        }
        // The seeds a cell should have: the plan's, or (a folder reported without its plan) every seed this
        // study has a run of, finished or not.
        List<Long> seeds = (planned.isEmpty() ? all.stream().map(RunResult::spec) : planned.stream())
                .filter(s -> s.study() == study).map(RunSpec::seed).distinct().toList();
        StringBuilder md = new StringBuilder(Tables.header(title, text, mine, seeds.size()));
        for (String data : Tables.distinct(mine, r -> r.spec().data())) {
            md.append(dataSection(dir, data, mine.stream().filter(r -> r.spec().data().equals(data)).toList(),
                    seeds.size()));
        }
        return md.toString();
    }

    /**
     * The part of one data set, from its finished runs of this study (at least one); may be empty. A cell
     * over fewer than {@code seeds} seeds says so ({@link Tables#withCi(java.util.Collection, int)}).
     */
    abstract String dataSection(Path dir, String data, List<RunResult> mine, int seeds);

    /** One job of this study, with the studies' usual settings. */
    RunSpec job(Stack stack, Kernels kernels, String data, String model, int epochs, long seed, Long permuteSeed,
                String scramble, Integer trainSize, int maxShift) {
        return Experiment.Plan.job(study, stack, kernels, Experiment.Block.adam(data, List.of(model), epochs), model,
                seed, permuteSeed, scramble, trainSize, maxShift);
    }
}
