package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import lab.compare.exercise.Exercise;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab exercise} and {@code lab grade} as a student and a teacher meet them: every exercise's solution
 * passes its grade, every untouched skeleton fails with the kit's message (not a stack trace), the skeleton
 * never holds the solution, and every mistake in using them is one line with exit 2.
 */
class ExerciseCommandTest {

    /** Cases per grade here: enough to pass or fail for the reason tested, few enough to keep the suite quick. */
    static final String CASES = "6";

    @TempDir
    Path dir;

    static LabTest.Outcome grade(Path folder, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "grade";
        args[1] = folder.toString();
        args[2] = "--cases=" + CASES;
        System.arraycopy(more, 0, args, 3, more.length);
        return lab(args);
    }

    @Test
    void everySolutionPassesItsGradeWithAFullScore() {
        for (Exercise e : Exercise.values()) {
            Path out = dir.resolve(e.id);
            assertEquals(0, lab("exercise", e.id, "--solution", "--out", out.toString()).code());
            LabTest.Outcome o = grade(out);
            assertEquals(0, o.code(), o.out() + o.err());
            assertTrue(o.out().startsWith("grading " + e.className + " (exercise " + e.id + ") against DL4J's "), o.out());
            assertTrue(o.out().contains("agrees with DL4J's"), o.out());
            assertTrue(o.out().matches("(?s).*\nscore: (\\d)/\\1 tensors agree, " + CASES + "/" + CASES
                    + " cases passed\n"), o.out());
            assertFalse(o.out().contains("likely cause"), "no hint for a passing layer: " + o.out());
        }
    }

    @Test
    void everyUntouchedSkeletonFailsWithTheKitsMessageNotAStackTrace() {
        for (Exercise e : Exercise.values()) {
            Path out = dir.resolve(e.id);
            assertEquals(0, lab("exercise", e.id, "--out", out.toString()).code());
            LabTest.Outcome o = grade(out);
            assertEquals(4, o.code(), o.out() + o.err());
            String what = e == Exercise.SOFTMAX_CE ? "loss" : "layer";
            assertTrue(o.out().contains("your " + what + " threw on DL4J's"), o.out());
            assertTrue(o.out().contains("UnsupportedOperationException: TODO: " + e.className
                    + ".forward is not written yet"), o.out());
            assertTrue(o.out().contains("at " + e.className + ".forward(" + e.className + ".java:"), o.out());
            assertTrue(o.out().matches("(?s).*\nscore: 0/\\d tensors agree, 0/" + CASES + " cases passed\n"), o.out());
            assertEquals("", o.err().replaceAll("WARNING[^\n]*\n", ""), "nothing on stderr: " + o.err());
        }
    }

    @Test
    void theBackwardOnlySkeletonHasItsForwardJudgedAndAgreeing() {
        Path out = dir.resolve("bw");
        assertEquals(0, lab("exercise", "conv", "--part", "backward", "--out", out.toString()).code());
        LabTest.Outcome o = grade(out);
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("TODO: MyConv.backward is not written yet"), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.trim().startsWith("output") && l.contains(" ok ")), o.out());
        assertTrue(o.out().endsWith("score: 1/4 tensors agree, 0/" + CASES + " cases passed\n"), o.out());
    }

    @Test
    void theSkeletonHoldsTheContractButNotTheSolution() throws IOException {
        for (Exercise e : Exercise.values()) {
            for (String part : new String[] {"both", "backward"}) {
                Path out = dir.resolve(e.id + "-" + part);
                LabTest.Outcome o = lab("exercise", e.id, "--part", part, "--out", out.toString());
                assertEquals(0, o.code(), o.err());
                String skeleton = Files.readString(out.resolve(e.className + ".java"));
                String solution = e.javaSource(Exercise.Part.BOTH, true);
                assertFalse(skeleton.contains("//>>") || skeleton.contains("//<<"), skeleton);
                assertTrue(skeleton.contains("TODO: write backward"), skeleton);
                assertEquals(part.equals("both"), skeleton.contains("TODO: write forward"), skeleton);
                assertFalse(skeleton.contains("(p[at(i, j, k)] - onehot) / n") || skeleton.contains("+= dout[o]")
                        || skeleton.contains("dw[at(") || skeleton.contains("dw[wi]") || skeleton.contains("dx[i] +="),
                        "a skeleton without the backward's solution: " + skeleton);
                assertTrue(solution.contains("implements"), solution);
                assertTrue(Files.readString(out.resolve("README.md")).contains("./lab grade " + out), out.toString());
            }
        }
    }

    @Test
    void listNamesEveryExercise() {
        LabTest.Outcome o = lab("exercise", "list");
        assertEquals(0, o.code(), o.err());
        for (Exercise e : Exercise.values()) {
            assertTrue(o.out().contains("  " + e.id + " "), o.out());
        }
    }

    @Test
    void mistakesInUsingThemAreOneLineWithExitTwo() throws IOException {
        assertOneLineError(lab("exercise", "convv", "--out", dir.resolve("x").toString()),
                "unknown exercise 'convv'; choose one of conv, dense, maxpool, relu, softmax-ce, local");
        assertOneLineError(lab("exercise", "conv"), "--out DIR");
        Path taken = dir.resolve("taken");
        assertEquals(0, lab("exercise", "relu", "--out", taken.toString()).code());
        assertOneLineError(lab("exercise", "relu", "--solution", "--out", taken.toString()), "exists already");

        assertOneLineError(lab("grade", dir.resolve("missing").toString()), "missing: no such folder");
        Path empty = Files.createDirectories(dir.resolve("empty"));
        assertOneLineError(lab("grade", empty.toString()), "has no .java file to grade");
        assertOneLineError(lab("grade", taken.toString(), "--exercise", "pool"), "unknown exercise 'pool'");

        Path two = Files.createDirectories(dir.resolve("two"));
        Files.writeString(two.resolve("MyReLU.java"), Exercise.RELU.javaSource(Exercise.Part.BOTH, true));
        Files.writeString(two.resolve("MyDense.java"), Exercise.DENSE.javaSource(Exercise.Part.BOTH, true));
        assertOneLineError(lab("grade", two.toString()), "has 2 candidate classes, MyDense and MyReLU");

        Path none = Files.createDirectories(dir.resolve("none"));
        Files.writeString(none.resolve("Helper.java"), "class Helper { }\n");
        assertOneLineError(lab("grade", none.toString()), "has no class that implements lab.reference.Layer");

        Path renamed = Files.createDirectories(dir.resolve("renamed"));
        Files.writeString(renamed.resolve("Mine.java"), Exercise.RELU.javaSource(Exercise.Part.BOTH, true)
                .replace("MyReLU", "Mine"));
        assertOneLineError(lab("grade", renamed.toString()), "Mine is not an exercise's class");
        LabTest.Outcome named = lab("grade", renamed.toString(), "--exercise", "relu", "--cases", "2");
        assertEquals(0, named.code(), named.out() + named.err());
    }

    @Test
    void aCompileErrorShowsJavacsMessagesAndExitsTwo() throws IOException {
        Path broken = dir.resolve("broken");
        assertEquals(0, lab("exercise", "dense", "--solution", "--out", broken.toString()).code());
        Path file = broken.resolve("MyDense.java");
        Files.writeString(file, Files.readString(file).replace("db[u] += g;", "db[u] += g"));
        LabTest.Outcome o = lab("grade", broken.toString());
        assertEquals(2, o.code(), o.out() + o.err());
        assertTrue(o.err().contains("does not compile; javac says:"), o.err());
        assertTrue(o.err().contains("MyDense.java:") && o.err().contains("error: ';' expected"), o.err());
        assertFalse(o.err().contains("\tat "), "javac's messages, not a stack trace: " + o.err());
    }

    @Test
    void aLayerThatThrowsIsReportedWithTheExceptionAndTheStudentsLine() throws IOException {
        Path out = dir.resolve("throws");
        assertEquals(0, lab("exercise", "relu", "--solution", "--out", out.toString()).code());
        Path file = out.resolve("MyReLU.java");
        Files.writeString(file, Files.readString(file).replace("for (int i = 0; i < dout.length; i++) {",
                "for (int i = 0; i <= dout.length; i++) {"));
        LabTest.Outcome o = grade(out);
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("your layer threw java.lang.ArrayIndexOutOfBoundsException"), o.out());
        assertTrue(o.out().contains("at MyReLU.backward(MyReLU.java:"), o.out());
    }

    /** python3 on the path, and NumPy importable by it: what the Python route needs. */
    static boolean pythonWithNumpy() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Runs python3 on {@code file}; its exit code and output. */
    static LabTest.Outcome python(Path file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", file.toString()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "python3 finished");
        return new LabTest.Outcome(p.exitValue(), out, "");
    }

    /** The README's {@code ./lab agree --layer ...} line, as arguments to {@code lab}. */
    static String[] agreeLine(Path readme) throws IOException {
        String line = Files.readAllLines(readme).stream().map(String::trim).filter(l -> l.startsWith("./lab agree "))
                .findFirst().orElseThrow(() -> new AssertionError("no lab agree line in " + readme));
        List<String> args = new ArrayList<>(List.of(line.substring("./lab ".length()).split(" ")));
        args.replaceAll(a -> a.replace("'", ""));
        return args.toArray(String[]::new);
    }

    @Test
    void thePythonRouteAgreesThroughLabAgreeForEverySolutionAndItsSkeletonStopsAtTheTodo() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "skipped: python3 with NumPy is not installed here (apt-get "
                + "install python3-numpy); the .npy route itself is tested without Python by NpyCheckTest and "
                + "AgreeLayerCommandTest");
        for (Exercise e : Exercise.values()) {
            Path out = dir.resolve("py-" + e.id);
            LabTest.Outcome written = lab("exercise", e.id, "--lang", "python", "--solution", "--out", out.toString());
            assertEquals(0, written.code(), e.id + ": " + written.out() + written.err());
            LabTest.Outcome ran = python(out.resolve(e.pythonFile()));
            assertEquals(0, ran.code(), ran.out());
            LabTest.Outcome agree = lab(agreeLine(out.resolve("README.md")));
            assertEquals(0, agree.code(), e.id + ": " + agree.out() + agree.err());
            assertTrue(agree.out().contains("verdict: agree"), agree.out());

            Path skeleton = dir.resolve("py-skeleton-" + e.id);
            assertEquals(0, lab("exercise", e.id, "--lang", "python", "--out", skeleton.toString()).code());
            LabTest.Outcome todo = python(skeleton.resolve(e.pythonFile()));
            assertTrue(todo.code() != 0 && todo.out().contains("NotImplementedError: TODO: forward is not written yet"),
                    todo.out());
        }
    }

    @Test
    void theNumpyLossWithoutTheRowMaxGetsItsLikelyCauseFromLabAgreeOnItsRowNearAThousand() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "skipped: python3 with NumPy is not installed here");
        Path out = dir.resolve("py-loss-planted");
        assertEquals(0, lab("exercise", "softmax-ce", "--lang", "python", "--solution", "--out", out.toString())
                .code());
        Path file = out.resolve("softmax_ce.py");
        String solution = Files.readString(file);
        String planted = solution.replace("z = logits - logits.max(axis=1, keepdims=True)", "z = logits");
        assertTrue(!planted.equals(solution), "the mistake was planted");
        Files.writeString(file, planted);
        assertEquals(0, python(file).code());
        LabTest.Outcome o = lab(agreeLine(out.resolve("README.md")));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("  likely cause: your loss or dlogits is not finite"), o.out());
        assertTrue(o.out().contains("subtract each row's max before exp"), o.out());
    }

    @Test
    void aMistakePlantedInTheNumpyConvGetsItsLikelyCauseFromLabAgree() throws Exception {
        Assumptions.assumeTrue(pythonWithNumpy(), "skipped: python3 with NumPy is not installed here");
        Path out = dir.resolve("py-planted");
        assertEquals(0, lab("exercise", "conv", "--lang", "python", "--solution", "--out", out.toString()).code());
        Path file = out.resolve("conv.py");
        String solution = Files.readString(file);
        String planted = solution.replace("dw += np.tensordot(g, patch", "dw = np.tensordot(g, patch");
        assertTrue(!planted.equals(solution), "the mistake was planted");
        Files.writeString(file, planted);
        assertEquals(0, python(file).code());
        LabTest.Outcome o = lab(agreeLine(out.resolve("README.md")));
        assertEquals(4, o.code(), o.out() + o.err());
        assertTrue(o.out().contains("  likely cause: each dW element that differs equals ONE of the products it should "
                + "sum"), o.out());
    }
}
