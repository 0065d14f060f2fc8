package lab.compare.lesson;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The project's own source text, as the lesson quotes and counts it: read from the class path, where the
 * reference's and the fast path's jars carry their {@code .java} files beside their classes (and the dl4j
 * module its hand-written network), so a count is of the code that ran, never typed in. Also the links a
 * report makes to those files, relative to the checkout ({@code -Dlab.home}, which {@code ./lab} sets).
 */
final class Sources {

    /** The system property naming the checkout's root; {@code ./lab} passes it. */
    static final String HOME_PROPERTY = "lab.home";

    static final String CONV = "lab/reference/Conv2D.java";

    /** Conv2D.java in the checkout, for links. */
    static final String REPO_CONV = "reference/src/main/java/" + CONV;

    private Sources() {
    }

    /** A source file's text from the class path, e.g. {@code lab/reference/Conv2D.java}. */
    static String text(String resource) {
        try (InputStream in = Sources.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path (the module's jar should carry "
                        + "its sources; rebuild it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource + ": " + e.getMessage(), e);
        }
    }

    static List<String> lines(String resource) {
        return text(resource).lines().toList();
    }

    /** The line of Conv2D's backward that accumulates a weight's gradient: the {@code +=} of weight sharing. */
    static String plusEqualsLine() {
        return lines(CONV).get(plusEqualsLineNumber() - 1);
    }

    /** Its line number, from 1. */
    static int plusEqualsLineNumber() {
        List<String> lines = lines(CONV);
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).contains("dw[") && lines.get(k).contains("+=")) {
                return k + 1;
            }
        }
        throw new IllegalStateException(CONV + " has no line that adds into dw[...] with +=");
    }

    /**
     * The lines of the method whose declaration line contains {@code declaration}: from that line to the
     * brace that closes its body, blank lines and comments included (what a reader reads).
     */
    static int methodLines(List<String> lines, String declaration) {
        for (int k = 0; k < lines.size(); k++) {
            if (lines.get(k).contains(declaration)) {
                int depth = 0;
                boolean opened = false;
                for (int e = k; e < lines.size(); e++) {
                    for (char ch : lines.get(e).toCharArray()) {
                        if (ch == '{') {
                            depth++;
                            opened = true;
                        } else if (ch == '}') {
                            depth--;
                        }
                    }
                    if (opened && depth == 0) {
                        return e - k + 1;
                    }
                }
                throw new IllegalStateException("the method '" + declaration + "' never closes");
            }
        }
        throw new IllegalStateException("no method declared with '" + declaration + "'");
    }

    /**
     * Non-blank lines of every {@code .java} file under {@code folder} (e.g. {@code lab/fast/}) beside class
     * {@code of} whose name does not start with {@code skip} (e.g. {@code Float}: the float32 path, which
     * a double run does not execute).
     */
    static long codeLines(Class<?> of, String folder, String skip) {
        try {
            Path where = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(where)) {
                return count(where.resolve(folder), skip);
            }
            try (FileSystem jar = FileSystems.newFileSystem(where, Map.of())) {
                return count(jar.getPath(folder), skip);
            }
        } catch (IOException | URISyntaxException e) {
            throw new IllegalStateException("cannot read the sources beside " + of.getName() + ": " + e.getMessage(), e);
        }
    }

    private static long count(Path folder, String skip) throws IOException {
        long lines = 0;
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && !p.getFileName().toString().startsWith(skip))
                    .toList()) {
                lines += Files.readAllLines(f, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).count();
            }
        }
        if (lines == 0) {
            throw new IllegalStateException("no .java files in " + folder + " (the module's jar should carry them)");
        }
        return lines;
    }

    /**
     * A Markdown link target from the report folder {@code from} to a file of the checkout, e.g.
     * {@code reference/src/main/java/lab/reference/Conv2D.java}: relative when the checkout is known, else
     * the path from the checkout's root as it is.
     */
    static String link(Path from, String file) {
        String home = System.getProperty(HOME_PROPERTY);
        if (home == null || home.isBlank()) {
            return file;
        }
        return from.toAbsolutePath().normalize().relativize(Path.of(home).toAbsolutePath().normalize().resolve(file))
                .toString().replace('\\', '/');
    }
}
