package lab.compare.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import lab.compare.lesson.Lesson;
import lab.compare.run.LocalEngine;
import lab.compare.run.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab lesson}: a page to teach from, measured on this machine. */
@Command(name = "lesson", sortOptions = false, mixinStandardHelpOptions = true,
        header = "A lesson to project: weight sharing seen from both sides, and what a library buys, measured here.",
        description = {
            "Writes a report to teach from (report.md, a self-contained report.html and its pictures), every number",
            "in it measured by this run on this machine, on the hand-written stack and on DL4J:",
            "  1. one kernel weight's gradient drawn position by position: the sum of one term per position (the +=",
            "     in Conv2D.backward), equal to both stacks' dW; the same layer locally connected, where each",
            "     position's term is its own weight's gradient",
            "  2. equivariance: a digit shifted by 1 and 2 pixels, through the conv and through 2x2 max-pooling",
            "  3. what the library buys and costs: images/s of the naive loops, the fast path and DL4J (double, float),",
            "     time to the first step in a fresh JVM, memory, lines to read, dependencies on disk, precision",
            "  4. where the stacks differ on purpose: the loss at extreme logits, max-pool ties, ReLU'(0)",
            "  5. the chapter's two claims trained live on 28x28 digits: the permuted-pixel control over a few seeds,",
            "     and accuracy against parameters (how many weights the mlp needs to match a cnn), weights per layer",
            "  6. the same cnn written both ways (the reference's layers, DL4J's builder), and the two bugs in DL4J's",
            "     LocallyConnected2D that the hand code caught",
            "",
            "  ./lab lesson                     about 1 min 19 s on 2 cores, into results/lesson/",
            "  ./lab lesson --quick             the CI-sized lesson: fewer images, seeds and timing rounds (about 36 s)",
            "  ./lab lesson --stacks reference  the hand code only (no DL4J: faster to start, no native libraries)",
            "Open report.html and project it (scripts/screenshot results/lesson draws it as a reader sees it). Run",
            "nothing else heavy meanwhile: part 3 times code, and a busy machine makes its numbers noisy.",
            ""})
final class LessonCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "The CI-sized lesson: about 36 s on 2 cores.")
    boolean quick;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: results/lesson.")
    Path out;

    @picocli.CommandLine.Mixin
    StacksOption stacksOption;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of every training run, batch and draw. Default: 0 "
            + "(part 5's runs are then lab run's mnist10k cells, seed for seed).")
    long seed;

    @Option(names = "--workers", paramLabel = "N", description = "Training runs at once in part 5, and threads for "
            + "the fast path elsewhere. Default: one per core, at most 2.")
    Integer workers;

    @picocli.CommandLine.Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        List<Stack> stacks = stacksOption.value();
        if (!stacks.contains(Stack.REFERENCE)) {
            throw new IllegalArgumentException("the lesson is about the hand-written stack: --stacks must include "
                    + "reference (give reference, or reference,dl4j)");
        }
        int n = workers != null ? workers : LocalEngine.defaultWorkers();
        Lesson.Settings settings = new Lesson.Settings(quick, stacks.contains(Stack.DL4J), seed, n);
        Path dir = out != null ? out : Path.of("results", "lesson");
        Lab.err().printf("lab lesson%s: %s, seed %d, into %s%n", quick ? " --quick" : "",
                settings.dl4j() ? "the reference and DL4J" : "the reference only", seed, dir);
        String md = Lesson.write(dir, settings, Lab.err()::println);
        Lab.out().print(Console.withoutPictures(md));
        Lab.err().printf("lesson: %s, %s (open report.html to project it)%n", dir.resolve("report.md"),
                dir.resolve("report.html"));
        return 0;
    }
}
