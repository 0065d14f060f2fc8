package lab.compare.exercise;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

import lab.kit.Verdict;
import lab.reference.Layer;
import lab.reference.Loss;

/**
 * {@code lab grade DIR}: compiles the Java files in DIR in this JVM ({@code javax.tools}, against the class
 * path the JVM runs on, so {@code lab.reference} is there), finds the one class that implements {@link Layer}
 * or {@link Loss}, and runs the kit's check of its exercise on it. Compiled classes go to a temporary folder,
 * deleted after: DIR is left as it was. Errors the student can fix (no folder, no Java file, javac's errors,
 * no class or two) are IllegalArgumentExceptions. Not the check itself: the kit's, through {@link Exercise#check}.
 */
public final class Grader {

    /** What was graded and the kit's verdict. */
    public record Graded(Exercise exercise, String className, int cases, Verdict verdict) {
    }

    private Grader() {
    }

    /**
     * Grades DIR's layer or loss on {@code cases} cases from {@code seed}.
     *
     * @param exercise the exercise, or null to know it by the class's name ({@code MyConv} is conv's)
     */
    public static Graded grade(Path dir, Exercise exercise, int cases, long seed) {
        List<Path> sources = sources(dir);
        Path classes;
        try {
            classes = Files.createTempDirectory("lab-grade");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            compile(dir, sources, classes);
            try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                    Grader.class.getClassLoader())) {
                Class<?> yours = candidate(dir, classes, loader);
                Exercise e = exercise != null ? exercise : byClassName(yours);
                return new Graded(e, yours.getName(), cases, e.check(yours, cases, seed));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            delete(classes);
        }
    }

    private static List<Path> sources(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + ": no such folder (make one with ./lab exercise NAME --out "
                    + dir + ")");
        }
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> java = files.filter(p -> p.getFileName().toString().endsWith(".java")).sorted().toList();
            if (java.isEmpty()) {
                throw new IllegalArgumentException(dir + " has no .java file to grade (./lab exercise NAME --out "
                        + dir + " writes one)");
            }
            return java;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** javac on the sources, against this JVM's class path; its own messages if it fails. */
    private static void compile(Path dir, List<Path> sources, Path classes) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalArgumentException("this Java runtime has no compiler: lab grade needs a JDK");
        }
        StringWriter messages = new StringWriter();
        try (StandardJavaFileManager files = javac.getStandardFileManager(null, null, null)) {
            List<String> options = List.of("-d", classes.toString(), "-classpath",
                    System.getProperty("java.class.path"), "-proc:none", "-Xlint:none", "-encoding", "UTF-8");
            boolean ok = javac.getTask(messages, files, null, options, null,
                    files.getJavaFileObjectsFromPaths(sources)).call();
            if (!ok) {
                throw new IllegalArgumentException(dir + " does not compile; javac says:\n"
                        + messages.toString().stripTrailing());
            }
        }
    }

    /** The one concrete class that implements Layer or Loss. */
    private static Class<?> candidate(Path dir, Path classes, ClassLoader loader) throws IOException {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().toList()) {
                String name = classes.relativize(f).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.contains("$")) {
                    continue; // nested and anonymous classes: the student's helpers
                }
                Class<?> c;
                try {
                    c = Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    throw new IllegalArgumentException("cannot load " + name + " from " + dir + ": " + e);
                }
                boolean concrete = !c.isInterface() && !Modifier.isAbstract(c.getModifiers());
                if (concrete && (Layer.class.isAssignableFrom(c) || Loss.class.isAssignableFrom(c))) {
                    found.add(c);
                }
            }
        }
        if (found.isEmpty()) {
            throw new IllegalArgumentException(dir + " has no class that implements lab.reference.Layer or "
                    + "lab.reference.Loss: nothing to grade");
        }
        if (found.size() > 1) {
            throw new IllegalArgumentException(dir + " has " + found.size() + " candidate classes, "
                    + String.join(" and ", found.stream().map(Class::getName).toList())
                    + ": keep one layer (or loss) per folder");
        }
        return found.get(0);
    }

    private static Exercise byClassName(Class<?> c) {
        for (Exercise e : Exercise.values()) {
            if (e.className.equals(c.getSimpleName())) {
                return e;
            }
        }
        throw new IllegalArgumentException(c.getName() + " is not an exercise's class (" + String.join(", ",
                java.util.Arrays.stream(Exercise.values()).map(e -> e.className).toList())
                + "): say which exercise it is with --exercise NAME");
    }

    private static void delete(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }
}
