package lab.compare.cli;

import static lab.compare.cli.LabTest.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import lab.compare.exercise.Exercise;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each classic mistake, planted in a copy of an exercise's solution (one edit of its source), graded by
 * {@code lab grade}: it fails (exit 4) and its "likely cause" line names that mistake, and only that one.
 * The hints come from the kit ({@code lab.kit.Diagnosis}), on evidence: the reference's layer with the
 * mistake applied computes what the student's layer did.
 */
class GradeHintsTest {

    @TempDir
    Path dir;

    /** The solution of {@code e} with {@code edit} applied, graded; the "likely cause" line, which must exist. */
    private String hint(Exercise e, java.util.function.UnaryOperator<String> edit) throws IOException {
        String solution = e.javaSource(Exercise.Part.BOTH, true);
        String planted = edit.apply(solution);
        assertTrue(!planted.equals(solution), "the edit changed nothing: the mistake was not planted");
        Files.writeString(dir.resolve(e.className + ".java"), planted);
        LabTest.Outcome o = lab("grade", dir.toString(), "--cases", "8");
        assertEquals(4, o.code(), "a planted mistake fails: " + o.out() + o.err());
        List<String> causes = o.out().lines().filter(l -> l.startsWith("likely cause: ")).toList();
        assertEquals(1, causes.size(), "one likely cause: " + o.out());
        System.out.println(o.out()); // what a student sees
        return causes.get(0);
    }

    /** {@code s} with {@code from} replaced by {@code to} in backward only (forward has the same lines). */
    private static String inBackward(String s, String from, String to) {
        int at = s.indexOf("public double[] backward(");
        return s.substring(0, at) + s.substring(at).replace(from, to);
    }

    @Test
    void aWeightGradientAssignedWithEqualsIsToldItShouldSumWithPlusEquals() throws IOException {
        String cause = hint(Exercise.CONV, s -> s.replace("dw[at(f, c, kh, kw, C, KH, KW)] += g * x",
                "dw[at(f, c, kh, kw, C, KH, KW)] = g * x"));
        assertTrue(cause.contains("each dW element that differs equals ONE of the products it should sum")
                && cause.contains("+=") && cause.contains("weight sharing"), cause);
    }

    @Test
    void aFlippedKernelIsToldItComputesConvolutionNotCrossCorrelation() throws IOException {
        String cause = hint(Exercise.CONV, s -> s.replace("at(f, c, kh, kw, C, KH, KW)",
                "at(f, c, KH - 1 - kh, KW - 1 - kw, C, KH, KW)"));
        assertTrue(cause.contains("kernel flipped") && cause.contains("cross-correlation"), cause);
    }

    @Test
    void paddingIgnoredInBackwardIsToldSo() throws IOException {
        String cause = hint(Exercise.CONV, s -> inBackward(inBackward(s, "int ih = oh * SH - PH + kh;",
                "int ih = oh * SH + kh;"), "int iw = ow * SW - PW + kw;", "int iw = ow * SW + kw;"));
        assertTrue(cause.contains("padding 0 in backward"), cause);
    }

    @Test
    void strideIgnoredInBackwardIsToldSo() throws IOException {
        String cause = hint(Exercise.CONV, s -> inBackward(inBackward(s, "int ih = oh * SH - PH + kh;",
                "int ih = oh - PH + kh;"), "int iw = ow * SW - PW + kw;", "int iw = ow - PW + kw;"));
        assertTrue(cause.contains("stride 1 in backward"), cause);
    }

    @Test
    void aBiasGradientNotSummedOverTheBatchIsToldSo() throws IOException {
        String cause = hint(Exercise.CONV, s -> inBackward(s, "for (int in = 0; in < n; in++) {",
                "for (int in = 0; in < n; in++) {\n            java.util.Arrays.fill(db, 0.0);"));
        assertTrue(cause.contains("db is the bias gradient of ONE example") && cause.contains("sum over the batch"),
                cause);
    }

    @Test
    void maxPoolTiesSplitAreToldTheFirstMaximumTakesAll() throws IOException {
        // forward keeps x too; backward splits each window's gradient equally among its tied maxima
        String cause = hint(Exercise.MAXPOOL, s -> s.replace("this.n = n;\n", "this.n = n;\n        this.xs = x;\n")
                .replace("private int n;", "private int n;\n    private double[] xs;")
                .replace("dx[argmax[o]] += dout[o];", """
                        int in = o / (C * OH * OW), c = o / (OH * OW) % C, oh = o / OW % OH, ow = o % OW;
                                    double max = xs[argmax[o]];
                                    int ties = 0;
                                    for (int kh = 0; kh < KH; kh++) {
                                        for (int kw = 0; kw < KW; kw++) {
                                            ties += xs[at(in, c, oh * SH + kh, ow * SW + kw, C, H, W)] == max ? 1 : 0;
                                        }
                                    }
                                    for (int kh = 0; kh < KH; kh++) {
                                        for (int kw = 0; kw < KW; kw++) {
                                            int i = at(in, c, oh * SH + kh, ow * SW + kw, C, H, W);
                                            dx[i] += xs[i] == max ? dout[o] / ties : 0.0;
                                        }
                                    }"""));
        assertTrue(cause.contains("split among tied maxima") && cause.contains("FIRST maximum"), cause);
    }

    @Test
    void reluWithDerivativeOneAtZeroIsToldDl4jsIsZero() throws IOException {
        String cause = hint(Exercise.RELU, s -> inBackward(s, "x[i] > 0 ? dout[i]", "x[i] >= 0 ? dout[i]"));
        assertTrue(cause.contains("ReLU'(0) = 1") && cause.contains("x > 0"), cause);
    }

    @Test
    void softmaxWithoutTheMaxSubtractedIsToldItOverflows() throws IOException {
        String cause = hint(Exercise.SOFTMAX_CE, s -> s.replace("max = Math.max(max, logits[at(i, j, k)]);",
                "max = 0; // no max subtracted"));
        assertTrue(cause.contains("overflows") && cause.contains("subtract each row's max"), cause);
    }

    @Test
    void aLossGradientNotDividedByTheBatchIsToldSo() throws IOException {
        String cause = hint(Exercise.SOFTMAX_CE, s -> s.replace("(p[at(i, j, k)] - onehot) / n;",
                "(p[at(i, j, k)] - onehot);"));
        assertTrue(cause.contains("N times DL4J's") && cause.contains("divide by N"), cause);
    }
}
