package lab.compare.study;

import java.nio.file.Path;
import java.util.List;

import lab.compare.run.Engine;
import lab.compare.run.Experiment;
import lab.compare.run.LocalEngine;
import lab.compare.run.Loops;
import lab.compare.run.Said;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.run.Workflow;

/**
 * A study's {@code --quick} plan (digits8, 1 seed, 3 epochs, both stacks, the fast loops: what
 * {@code lab <study> --quick} plans) taken to its results and report by the {@link Workflow} itself, with no
 * command line: what the study tests need. The listener is quiet: it keeps what the plan says, for a test to
 * read, and prints nothing.
 */
final class QuickStudy {

    private final Said quiet = new Said();

    /** What the plan said (resuming, timing, the estimate), in order. */
    final List<String> said = quiet.lines;


    /** Runs {@code study}'s quick plan into {@code dir} (resuming what is there) and writes its folder's report. */
    Workflow.Done run(Study study, Path dir) {
        Scale quick = Scale.of(List.of(Stack.REFERENCE, Stack.DL4J), Loops.FAST, null, true, false);
        Experiment.Plan plan = new Experiment.Plan(study.toString(), Studies.of(study).plan(quick));
        try (Workflow flow = Workflow.take(dir, "QuickStudy " + study);
                Engine engine = new LocalEngine(LocalEngine.defaultWorkers())) {
            return flow.run(plan, engine, quiet, results -> FolderReport.write(dir, results, plan.jobs(),
                    "lab " + study + " --quick"));
        }
    }
}
