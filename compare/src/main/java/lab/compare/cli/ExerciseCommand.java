package lab.compare.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import lab.compare.exercise.Exercise;
import lab.compare.exercise.Handout;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code lab exercise NAME --out DIR}: a skeleton of a layer to write, and how to grade it against DL4J. */
@Command(name = "exercise", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Write a skeleton of a layer (or the loss) to implement, graded against DL4J by lab grade.",
        description = {
            "Writes DIR/ with a Java class implementing the project's Layer contract (lab.reference.Layer; the loss:",
            "lab.reference.Loss): the class, its fields and shapes given, the method bodies to write marked TODO, and",
            "above each one the contract and DL4J's conventions the grader holds you to (cross-correlation, zero",
            "padding, ReLU'(0) = 0, ties to the first maximum, gradients that only add); and a short README.md:",
            "what to write, the shapes, how to grade it. --lang python writes the same as a NumPy file that saves",
            "its results as .npy, and the lab agree --layer command line that checks them (every exercise; the",
            "loss's is lab agree --layer softmax-ce, on logits with a row near 1000).",
            "",
            "Exercises: conv, dense, maxpool, relu, softmax-ce (the loss: forward and gradient), local (locally",
            "connected); ./lab exercise list says what each is.",
            "",
            "Examples:",
            "  ./lab exercise list",
            "  ./lab exercise conv --out /tmp/ex                   (write forward and backward; then ./lab grade /tmp/ex)",
            "  ./lab exercise conv --part backward --out /tmp/ex   (forward given: the classic first exercise)",
            "  ./lab exercise maxpool --lang python --out /tmp/mp  (NumPy; /tmp/mp/README.md has the lab agree line)",
            "  ./lab exercise softmax-ce --lang python --out /tmp/ce  (the loss in NumPy, checked the same way)",
            "  ./lab exercise conv --solution --out /tmp/key       (the teacher's key: complete, passing)",
            ""})
final class ExerciseCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "NAME", description = "The exercise: conv, dense, maxpool, relu, "
            + "softmax-ce, local; or list.")
    String name;

    @Option(names = "--out", paramLabel = "DIR", description = "The folder to write (made if missing; a file "
            + "already there is never overwritten).")
    Path out;

    @Option(names = "--lang", paramLabel = "LANG", description = "java or python (NumPy). Default: java.")
    String lang = "java";

    @Option(names = "--part", paramLabel = "PART", description = "both (forward and backward to write) or "
            + "backward (forward given). Default: both.")
    String part = "both";

    @Option(names = "--solution", description = "Write the complete solution (the teacher's key) instead of the "
            + "skeleton.")
    boolean solution;

    @Override
    public Integer call() {
        if (name.trim().equalsIgnoreCase("list")) {
            for (Exercise e : Exercise.values()) {
                Lab.out().printf("  %-11s %-24s %s%n", e.id, e.layer == null ? "(LossMCXENT + softmax)" : e.layer,
                        e.what);
            }
            Lab.out().println("then: ./lab exercise NAME --out DIR");
            return 0;
        }
        Exercise e = Exercise.named(name);
        if (out == null) {
            throw new IllegalArgumentException("say where to write the exercise: --out DIR");
        }
        Handout.Lang language = switch (lang.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "java" -> Handout.Lang.JAVA;
            case "python" -> Handout.Lang.PYTHON;
            default -> throw new IllegalArgumentException("unknown --lang '" + lang + "'; choose java or python");
        };
        Exercise.Part which = switch (part.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "both" -> Exercise.Part.BOTH;
            case "backward" -> Exercise.Part.BACKWARD;
            default -> throw new IllegalArgumentException("unknown --part '" + part + "'; choose both or backward");
        };
        List<Path> written = Handout.write(e, out, language, which, solution);
        for (Path p : written) {
            Lab.out().println("wrote " + p);
        }
        Lab.out().println(solution ? "the solution: complete, and it passes"
                : "next: write the bodies marked TODO in " + written.get(0).getFileName() + ", then follow "
                + written.get(written.size() - 1) + " to grade it");
        return 0;
    }
}
