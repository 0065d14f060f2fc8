package lab.compare.cli;

import static lab.compare.cli.LabTest.assertOneLineError;
import static lab.compare.cli.LabTest.lab;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.compare.agree.Agreement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line paths no other test walks: settings refused before anything runs, a bad optdigits
 * folder, {@code lab agree}'s exit code 4, and the book protocol on optdigits files written here.
 */
class CommandLinePathsTest {

    @TempDir
    Path dir;

    @Test
    void runAndStudiesRefuseZeroSeeds() {
        assertOneLineError(lab("run", "--quick", "--seeds", "0", "--out", dir.resolve("r").toString()),
                "--seeds must be at least 1, got 0");
        assertOneLineError(lab("locality", "--quick", "--seeds", "0", "--out", dir.resolve("l").toString()),
                "--seeds must be at least 1, got 0");
        assertOneLineError(lab("table", "--seeds", "0"), "--seeds must be at least 1, got 0");
        assertTrue(!Files.exists(dir.resolve("r")) && !Files.exists(dir.resolve("l")), "nothing was written");
    }

    @Test
    void runRefusesQuickWithFull() {
        // The data set does not exist either: a run that got past the check would fail on it instead.
        assertOneLineError(lab("run", "--quick", "--full", "--data", "digits9", "--out", dir.toString()),
                "choose --quick or --full, not both");
    }

    @Test
    void aBadOptdigitsFolderIsNamedInOneLineBeforeAnythingRuns() throws IOException {
        Path missing = dir.resolve("no-such-folder");
        assertOneLineError(lab("run", "--quick", "--stacks", "reference", "--optdigits", missing.toString(), "--out",
                dir.resolve("a").toString()), missing.resolve("optdigits.tra").toString());
        Path half = Files.createDirectories(dir.resolve("half"));
        writeOptdigits(half.resolve("optdigits.tra"), 20, new Random(1));
        assertOneLineError(lab("run", "--quick", "--stacks", "reference", "--optdigits", half.toString(), "--out",
                dir.resolve("b").toString()), half.resolve("optdigits.tes").toString());
        for (String out : List.of("a", "b")) {
            Path results = dir.resolve(out).resolve("results.jsonl");
            assertTrue(!Files.exists(results), "no run before the data had loaded: " + results);
        }
    }

    @Test
    void agreeExitsFourWhenTheStacksDisagree() {
        // One reference weight 0.1% off after the transfer: the real comparison, verdict and exit path.
        Agreement.faultAfterTransfer = net -> net.params().get(0).param().value()[0] *= 1.001;
        LabTest.Outcome o;
        try {
            o = lab("agree", "--arch", "book-cnn", "--lockstep", "0");
        } finally {
            Agreement.faultAfterTransfer = null;
        }
        assertEquals(4, o.code(), o.out() + o.err());
        // Two cases: the architecture asked for, and the extreme-logit case that lab agree always adds.
        assertTrue(o.out().contains("DIFFERS") && o.out().contains("verdict: DISAGREE")
                && o.out().contains("2 case(s)") && o.out().contains("2 DISAGREE"), o.out());
        assertEquals(0, lab("agree", "--arch", "book-cnn", "--lockstep", "0").code(), "and without the fault, 0");
    }

    /**
     * The book protocol end to end on optdigits-format files made here (65 comma-separated whole numbers a
     * line: 64 pixel counts 0..16, then the label): each class its own stroke pattern plus noise, so
     * both models learn it. The table's shape, the protocol's settings in every JSON line, and its numbers.
     */
    @Test
    void bookProtocolRunsOnOptdigitsFilesAndPrintsThePairedTable() throws IOException {
        Path data = Files.createDirectories(dir.resolve("uci"));
        Random rng = new Random(3);
        writeOptdigits(data.resolve("optdigits.tra"), 300, rng);
        writeOptdigits(data.resolve("optdigits.tes"), 100, rng);
        Path json = dir.resolve("book.jsonl");
        LabTest.Outcome o = lab("table", "--protocol", "book", "--data", "optdigits:" + data, "--seeds", "2", "--json",
                json.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.err().contains("UCI optdigits split"), o.err());

        List<JsonNode> runs = new ArrayList<>();
        for (String line : Files.readAllLines(json)) {
            runs.add(new ObjectMapper().readTree(line));
        }
        assertEquals(2 * 2 * 2, runs.size(), "2 models x 2 seeds x standard and permuted");
        for (JsonNode r : runs) {
            JsonNode spec = r.get("spec");
            assertEquals("sgd", spec.get("optimizer").asText());
            assertEquals(0.1, spec.get("lr").asDouble());
            assertEquals(32, spec.get("batch").asInt());
            assertEquals(40, spec.get("epochs").asInt());
            assertEquals("uniform", r.get("init").asText());
            assertEquals(300, r.get("trainSize").asInt());
            assertEquals(100, r.get("testSize").asInt());
        }

        Pattern row = Pattern.compile("(?m)^(book-\\S+)\\s+([\\d,]+)\\s+(\\d+\\.\\d\\d) ± (\\d+\\.\\d\\d)\\s+"
                + "(\\d+\\.\\d\\d) ± (\\d+\\.\\d\\d)\\s+(-?\\d+\\.\\d\\d) ± (\\d+\\.\\d\\d)\\s*$");
        Matcher m = row.matcher(o.out());
        List<String> models = new ArrayList<>();
        while (m.find()) {
            String model = m.group(1);
            models.add(model);
            assertEquals(model.equals("book-mlp") ? "2,410" : "1,490", m.group(2), model + " parameters");
            double standard = Double.parseDouble(m.group(3));
            double permuted = Double.parseDouble(m.group(5));
            double drop = Double.parseDouble(m.group(7));
            // each run's accuracy by the JSON, averaged here: the table's mean
            double mean = runs.stream().filter(r -> r.get("spec").get("arch").asText().equals(model)
                    && r.get("spec").get("permuteSeed").isNull()).mapToDouble(r -> 100 * r.get("testAccuracy")
                    .asDouble()).average().orElseThrow();
            assertEquals(mean, standard, 0.005 + 1e-9, model + " standard mean");
            assertTrue(standard > 80 && standard <= 100 && permuted > 80 && permuted <= 100,
                    model + " learns these patterns either way: " + m.group());
            // every seed paired: the mean drop is the difference of the means, to the printed rounding
            assertEquals(standard - permuted, drop, 0.011, model + " drop");
        }
        assertEquals(List.of("book-mlp", "book-cnn"), models, o.out());
        assertTrue(o.out().contains("drop of book-cnn minus drop of book-mlp"), o.out());
    }

    /** {@code n} digits in optdigits' format: class k lights its own pixels (counts 12..16), noise 0..3 elsewhere. */
    private static void writeOptdigits(Path file, int n, Random rng) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) {
            int label = i % 10;
            for (int p = 0; p < 64; p++) {
                boolean lit = (p * 7 + label * 13) % 10 < 3;
                sb.append(lit ? 12 + rng.nextInt(5) : rng.nextInt(4)).append(',');
            }
            sb.append(label).append('\n');
        }
        Files.writeString(file, sb.toString());
    }

    @Test
    void trainOnTheNaiveKernelsGivesTheFastPathsAccuracyAndRecordsTheChoice() throws IOException {
        Path json = dir.resolve("kernels.jsonl");
        LabTest.Outcome naive = lab("train", "--arch", "book-cnn", "--epochs", "2", "--kernels", "naive", "--json",
                json.toString());
        LabTest.Outcome fast = lab("train", "--arch", "book-cnn", "--epochs", "2");
        assertEquals(0, naive.code(), naive.err());
        String accuracy = "book-cnn standard: test accuracy ";
        assertEquals(fast.out().substring(0, fast.out().indexOf('%')), naive.out().substring(0, naive.out().indexOf('%')));
        assertTrue(naive.out().startsWith(accuracy), naive.out());
        JsonNode spec = new ObjectMapper().readTree(Files.readAllLines(json).get(0)).get("spec");
        assertEquals("naive", spec.get("kernels").asText());
        assertOneLineError(lab("train", "--kernels", "naive", "--threads", "2"), "--kernels naive runs the spec's loops on one thread");
        assertOneLineError(lab("run", "--quick", "--kernels", "slow", "--out", dir.resolve("x").toString()),
                "unknown kernels 'slow'; choose naive or fast");
    }
}
