package lab.compare.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import lab.compare.exercise.Exercise;
import lab.compare.exercise.Grader;
import lab.compare.exercise.Handout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab grade DIR}: compiles a student's layer, checks it against DL4J, and says what is likely wrong. */
@Command(name = "grade", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Compile the layer (or loss) in DIR and grade it against DL4J, with a hint for a classic mistake.",
        description = {
            "Compiles the .java files in DIR in this JVM (against the project's classes), finds the one class that",
            "implements lab.reference.Layer or lab.reference.Loss, and runs the kit's check for its exercise:",
            "generated cases with the exercise's settings varying, each tensor (output, dx, dW, db; the loss and",
            "dlogits) judged against DL4J's, your gradients against central differences of your own forward, the",
            "first failure shrunk to the smallest case. A disagreement that a classic mistake reproduces gets a",
            "'likely cause' line (= where += belongs, a flipped kernel, padding or stride lost in backward, a bias",
            "gradient not summed over the batch, ties split in max-pool, ReLU'(0) = 1, softmax without the max",
            "subtracted, a loss gradient not divided by the batch). The last line is the score, for a course's",
            "script: 'score: 3/4 tensors agree, 0/30 cases passed'.",
            "Exits 0 when it agrees, 4 when it does not, 2 when DIR does not compile (javac's messages) or holds",
            "no candidate class or two.",
            "",
            "Examples:",
            "  ./lab exercise conv --out /tmp/ex && ./lab grade /tmp/ex",
            "  ./lab grade /tmp/ex --cases 100 --seed 7",
            "  ./lab grade ~/mylayer --exercise conv                (a class not named MyConv)",
            ""})
final class GradeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The folder with the .java file(s) to grade.")
    Path dir;

    @Option(names = "--exercise", paramLabel = "NAME", description = "Which exercise the class is. Default: known "
            + "by its name (MyConv is conv's, ...).")
    String exercise;

    @Option(names = "--cases", paramLabel = "N", description = "Generated cases, every one run. Default: 30.")
    int cases = 30;

    @Option(names = "--seed", paramLabel = "S", description = "The seed the cases are drawn from. Default: 0.")
    long seed;

    @Override
    public Integer call() {
        if (cases < 1) {
            throw new IllegalArgumentException("--cases must be at least 1, got " + cases);
        }
        Grader.Graded g = Grader.grade(dir, exercise == null ? null : Exercise.named(exercise), cases, seed);
        Exercise e = g.exercise();
        Lab.out().printf("grading %s (exercise %s) against DL4J's %s%s: %d cases, seed %d%n", g.className(), e.id,
                e.layer == null ? "softmax + cross-entropy" : e.layer,
                e.varying.isEmpty() ? "" : ", " + Handout.settings(e) + " varying", cases, seed);
        Lab.out().println(g.verdict().message().stripTrailing());
        Lab.out().println("score: " + g.verdict().score());
        return g.verdict().agrees() ? 0 : 4;
    }
}
