package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line as a user meets it: results, JSON lines, and one-line errors for bad input. */
public class LabTest {

    @TempDir
    Path dir;

    public record Outcome(int code, String out, String err) {
    }

    /**
     * A report without its summary's "**Time.**" line: how long the runs took and the commit, the one part
     * that differs between runs of the same results (another worker count, a resume). Fails if it has none.
     */
    public static String withoutTime(String md) {
        String out = md.replaceFirst("\\*\\*Time\\.\\*\\* [^\n]*\n\n", "");
        assertFalse(out.equals(md), "the report has no **Time.** line:\n" + md);
        return out;
    }

    /** A report without its summary: what a report written before the summary existed had. */
    public static String withoutSummary(String md) {
        String out = md.replaceFirst("(?s)## Summary\n\n.*?\\*\\*Time\\.\\*\\* [^\n]*\n\n", "");
        assertFalse(out.equals(md), "the report has no summary:\n" + md);
        return out;
    }

    public static Outcome lab(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Lab.execute(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void trainPrintsTestAccuracyAndAppendsOneJsonLineWithEverySetting() throws IOException {
        Path json = dir.resolve("runs/result.jsonl");
        Outcome o = lab("train", "--arch", "book-cnn", "--epochs", "3", "--permute", "7", "--json", json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().matches("(?s)book-cnn permuted: test accuracy \\d+\\.\\d\\d% \\(\\d+/451\\), 1,490 parameters.*"),
                o.out());
        assertTrue(o.err().contains("epoch   3/3"), o.err());
        List<String> lines = Files.readAllLines(json);
        assertEquals(1, lines.size());
        JsonNode r = new ObjectMapper().readTree(lines.get(0));
        assertEquals("ok", r.get("status").asText());
        assertEquals(7, r.get("spec").get("permuteSeed").asLong());
        assertEquals("digits8", r.get("spec").get("data").asText());
        assertEquals("uniform", r.get("init").asText());
        assertEquals(1490, r.get("parameters").asLong());
        assertEquals(3, r.get("history").size());
        assertTrue(r.get("testAccuracy").asDouble() > 0.8, "3 epochs of book-cnn on digits8 learn something");
        assertTrue(r.get("split").asText().contains("split seed 0"));

        lab("train", "--arch", "book-mlp", "--epochs", "1", "--json", json.toString());
        assertEquals(2, Files.readAllLines(json).size(), "results are appended, never overwritten");
    }

    @Test
    void tablePrintsEveryModelWithStandardPermutedAndDrop() {
        Outcome o = lab("table", "--seeds", "2", "--epochs", "2");
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("book-mlp          2,410"), o.out());
        assertTrue(o.out().contains("book-cnn          1,490"), o.out());
        assertTrue(o.out().contains("drop of book-cnn minus drop of book-mlp"), o.out());
        assertTrue(o.err().contains("[8/8] book-cnn permuted seed 1"), o.err());
    }

    @Test
    void badInputGivesOneLineNamingTheProblemAndExitCode2() throws IOException {
        assertOneLineError(lab("train", "--arch", "conv(4,k3)-relux-dense(10)"), "layer 2 'relux'");
        assertOneLineError(lab("train", "--data", "digits9"), "unknown data set 'digits9'");
        assertOneLineError(lab("train", "--data", "idx:" + dir), "no train-images-idx3-ubyte");
        assertOneLineError(lab("train", "--data", "digits8", "--epochs", "1", "--arch", "conv(4,k9)-dense(10)"),
                "kernel 9x9 does not fit input 8x8");
        assertOneLineError(lab("train", "--arch", "cnn", "--arch", "mlp"), "should be specified only once");
        assertOneLineError(lab("train", "--epochs", "many"), "Invalid value for option '--epochs'");
        assertOneLineError(lab("train", "--optimizer", "rmsprop"), "unknown optimizer 'rmsprop'");
        assertOneLineError(lab("train", "--lr", "-1"), "learning rate must be a positive number");
        assertOneLineError(lab("table", "--protocol", "book"), "give --data optdigits:DIR");
        Path perm = Files.writeString(dir.resolve("perm.txt"), "0 1 2");
        assertOneLineError(lab("train", "--permutation-file", perm.toString()), "has 3 entries");
        Path oneBased = Files.writeString(dir.resolve("one.txt"),
                String.join(" ", java.util.stream.IntStream.rangeClosed(1, 64).mapToObj(Integer::toString).toList()));
        assertOneLineError(lab("train", "--permutation-file", oneBased.toString()), "looks 1-based");
    }

    @Test
    void dl4jStackWorksExactlyAsTheReferenceDoesAndFromTheSameWeightsLandsOnTheSameNumbers() throws IOException {
        Path json = dir.resolve("stacks.jsonl");
        for (String stack : List.of("reference", "dl4j")) {
            Outcome o = lab("train", "--stack", stack, "--arch", "cnn", "--epochs", "2", "--permute", "3",
                    "--json", json.toString());
            assertEquals(0, o.code(), o.err());
            assertTrue(o.out().startsWith("cnn permuted: test accuracy"), o.out());
        }
        List<String> lines = Files.readAllLines(json);
        JsonNode ref = new ObjectMapper().readTree(lines.get(0));
        JsonNode dl4j = new ObjectMapper().readTree(lines.get(1));
        assertEquals("dl4j", dl4j.get("spec").get("stack").asText());
        assertEquals(ref.get("parameters").asLong(), dl4j.get("parameters").asLong());
        // Same initial weights, same batches, double precision: the same training, to rounding.
        for (int e = 0; e < 2; e++) {
            assertEquals(ref.get("history").get(e).get("loss").asDouble(),
                    dl4j.get("history").get(e).get("loss").asDouble(), 1e-9, "epoch " + (e + 1) + " loss");
        }
        assertEquals(ref.get("testAccuracy").asDouble(), dl4j.get("testAccuracy").asDouble(), 0.0);
        assertEquals(ref.get("confusion").toString(), dl4j.get("confusion").toString());
        // Float runs on the reference's fast path now (issue 26); its naive loops, the spec, are double only.
        assertOneLineError(lab("train", "--dtype", "float", "--kernels", "naive"), "--kernels naive runs the spec's "
                + "loops, which are double; float runs the fast path");
        assertOneLineError(lab("train", "--stack", "tf"), "unknown stack 'tf'");
    }

    @Test
    void agreePrintsPerTensorTablesAVerdictAndJson() throws IOException {
        Path json = dir.resolve("agree.jsonl");
        Outcome o = lab("agree", "--cases", "3", "--lockstep", "10", "--json", json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.out().contains("d0_W") && o.out().contains("verdict: agree"), o.out());
        assertTrue(o.out().contains("lockstep training on digits8, 10 steps"), o.out());
        int cases = lab.reference.Architecture.PRESETS.size() + 3 + 1; // every preset, 3 generated, extreme logits
        assertTrue(o.out().contains(cases + " case(s)") && o.out().contains("the stacks agree"), o.out());
        assertEquals(cases, Files.readAllLines(json).size());
        Outcome f = lab("agree", "--arch", "book-cnn", "--dtype", "float", "--lockstep", "0");
        assertEquals(0, f.code(), f.err());
        assertTrue(f.out().contains("conv(4,k3)-relu-dense(10) on 8 x 1x8x8, float"), f.out());
    }

    @Test
    void verboseAddsTheStackTrace() {
        Outcome o = lab("train", "--data", "digits9", "--verbose");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("\tat lab."), o.err());
    }

    @Test
    void aDivergedRunKeepsItsHistoryInTheJsonAndExitsNonZero() throws IOException {
        Path json = dir.resolve("diverged.jsonl");
        Outcome o = lab("train", "--arch", "mlp", "--epochs", "2", "--lr", "1e300", "--json", json.toString());
        assertEquals(3, o.code(), o.err());
        assertTrue(o.err().contains("loss became") && o.err().contains("at epoch 1, step 2"), o.err());
        JsonNode r = new ObjectMapper().readTree(Files.readAllLines(json).get(0));
        assertEquals("diverged", r.get("status").asText());
        assertTrue(r.get("error").asText().contains("epoch 1, step 2"));
    }

    public static void assertOneLineError(Outcome o, String expected) {
        assertEquals(2, o.code(), o.err());
        List<String> errorLines = o.err().lines().filter(l -> l.startsWith("lab: error: ")).toList();
        assertEquals(1, errorLines.size(), o.err());
        assertTrue(errorLines.get(0).contains(expected), o.err());
        assertTrue(o.err().lines().count() <= 3, "a short message, not a page: " + o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace without --verbose: " + o.err());
    }
}
