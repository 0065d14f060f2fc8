package lab.compare.exercise;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code lab exercise NAME --out DIR} writes: the student's file (Java, or NumPy with {@code --lang
 * python}), as a skeleton or, only when asked, the solution, and a short README.md that says what to write,
 * the shapes, and how to grade it. Never overwrites a file: a folder that already holds one is refused, so a
 * student's work is not lost to a second run. Not the grading: {@link Grader} is.
 */
public final class Handout {

    /** The language of the student's file. */
    public enum Lang {
        JAVA,
        PYTHON
    }

    private Handout() {
    }

    /** Writes the exercise's files into {@code dir} (made if missing); returns them, the student's file first. */
    public static List<Path> write(Exercise e, Path dir, Lang lang, Exercise.Part part, boolean solution) {
        Path out = dir.toAbsolutePath().normalize();
        Map<String, String> files = new LinkedHashMap<>();
        if (lang == Lang.PYTHON) {
            String agree = e.agreeCommand(out.resolve("out").toString());
            files.put(e.pythonFile(), e.pythonSource(part, solution, agree));
            files.put("README.md", readme(e, out, lang, part, solution, agree));
        } else {
            files.put(e.className + ".java", e.javaSource(part, solution));
            files.put("README.md", readme(e, out, lang, part, solution, null));
        }
        for (String name : files.keySet()) {
            if (Files.exists(out.resolve(name))) {
                throw new IllegalArgumentException(out.resolve(name) + " exists already: choose another --out, or "
                        + "move it away first (nothing was written)");
            }
        }
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(out);
            for (Map.Entry<String, String> f : files.entrySet()) {
                written.add(Files.writeString(out.resolve(f.getKey()), f.getValue()));
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(out + ": " + ex.getMessage(), ex);
        }
        return written;
    }

    private static String readme(Exercise e, Path out, Lang lang, Exercise.Part part, boolean solution, String agree) {
        String file = lang == Lang.PYTHON ? e.pythonFile() : e.className + ".java";
        String methods = e == Exercise.SOFTMAX_CE ? "forward (the mean loss) and backward (its gradient)"
                : "forward and backward";
        String task = solution ? "This is the teacher's key: " + file + " is complete and passes."
                : part == Exercise.Part.BACKWARD ? "Write the body of backward in " + file + ", marked TODO: forward is "
                + "written, and keeps what backward needs."
                : "Write the bodies of " + methods + " in " + file + ", marked TODO.";
        StringBuilder sb = new StringBuilder();
        sb.append("# Exercise ").append(e.id).append(": ").append(e.what).append("\n\n");
        sb.append(task).append(lang == Lang.PYTHON ? " The docstring of each function" : " The comment above each method")
                .append(" gives its contract and the conventions of DL4J that the grader holds you to.\n\n");
        sb.append("Shapes: ").append(e.shapes).append(lang == Lang.PYTHON ? " (NumPy arrays, float64"
                + (e == Exercise.SOFTMAX_CE ? "; the labels int64 class indices, not one-hot" : "")
                + "; the file's docstring has them as NumPy shapes).\n\n"
                : ". Every array is flat and row-major (NCHW).\n\n");
        if (lang == Lang.PYTHON) {
            sb.append("Run it, then check its results against DL4J (from the project's folder):\n\n");
            sb.append("    python3 ").append(out.resolve(file)).append("\n");
            sb.append("    ").append(agree).append("\n\n");
            sb.append("DL4J runs its ").append(e.layer == null ? "softmax + cross-entropy (LossMCXENT) on the same "
                    + "logits and labels (one row of them near 1000, where exp overflows unless the row max is "
                    + "subtracted)" : e.layer + " on the same tensors").append(" and judges each of yours: ")
                    .append("exit 0 when all agree, 4 (with the failing element and, for a classic mistake, its ")
                    .append("likely cause) when not.\n");
        } else {
            sb.append("Grade it (from the project's folder):\n\n");
            sb.append("    ./lab grade ").append(out).append("\n\n");
            sb.append("The grader compiles ").append(file).append(", runs it beside DL4J's ")
                    .append(e.layer == null ? "softmax + cross-entropy (LossMCXENT)" : e.layer)
                    .append(" on generated cases")
                    .append(e.varying.isEmpty() ? "" : " (" + settings(e) + " varying)")
                    .append(e == Exercise.SOFTMAX_CE ? ", some with logits near 1000," : "")
                    .append(" and prints, tensor by tensor, whether yours agrees, the smallest failing case, the ")
                    .append("likely cause of a classic mistake, and a score line. Exit 0: it agrees.\n");
        }
        return sb.toString();
    }

    /** E.g. {@code filters, kernel, stride and padding}. */
    public static String settings(Exercise e) {
        List<String> names = e.varying.stream().map(s -> s.name().toLowerCase()).toList();
        return names.size() == 1 ? names.get(0)
                : String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }
}
