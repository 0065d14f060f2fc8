package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.compare.run.Experiment;
import lab.compare.run.ResultStore;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Runner;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.run.Workflow;
import lab.data.Split;
import lab.fast.FastNetwork;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Evaluation;
import lab.reference.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each study's {@code --quick} version end to end on both stacks, through the {@link Workflow} as its command
 * runs it: its runs, its report section, its plot; the two stacks' accuracies equal in every cell, each run's
 * locality against a count made here, and the translation test's four-direction means against the shifts done
 * here.
 */
class StudiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> run(Study study, int expectedRuns) throws IOException {
        Path out = dir.resolve(study.toString());
        QuickStudy quick = new QuickStudy();
        Workflow.Done done = quick.run(study, out);
        assertEquals(new Experiment.Outcome(expectedRuns, 0), done.outcome(), quick.said.toString());
        assertEquals(Files.readString(out.resolve("report.md")), done.markdown(), "the report it wrote");
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(expectedRuns, lines.size());
        List<JsonNode> results = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode r = JSON.readTree(line);
            assertEquals(study.toString(), r.get("spec").get("study").asText());
            assertEquals("ok", r.get("status").asText(), line);
            results.add(r);
        }
        // Same seed, same weights, same batches, both in double: the two stacks classify every test image
        // alike, so every cell's accuracy (and every shift's) is the same number on both.
        int twins = 0;
        for (JsonNode r : results) {
            if (r.get("spec").get("stack").asText().equals("reference")) {
                JsonNode twin = results.stream().filter(x -> x.get("spec").get("stack").asText().equals("dl4j")
                        && sameCell(x.get("spec"), r.get("spec"))).findFirst().orElseThrow();
                assertEquals(r.get("testAccuracy").asDouble(), twin.get("testAccuracy").asDouble(), 0.0,
                        "reference vs dl4j, " + r.get("spec"));
                assertEquals(r.get("shiftAccuracy").toString(), twin.get("shiftAccuracy").toString(),
                        "reference vs dl4j shifted, " + r.get("spec"));
                assertEquals(r.get("confusion").toString(), twin.get("confusion").toString(),
                        "reference vs dl4j confusion, " + r.get("spec"));
                // and trained alike, not merely to the same predictions (as LabTest's 1e-9 per epoch)
                for (int e = 0; e < r.get("history").size(); e++) {
                    assertEquals(r.get("history").get(e).get("loss").asDouble(),
                            twin.get("history").get(e).get("loss").asDouble(), 1e-9,
                            "reference vs dl4j, epoch " + (e + 1) + " loss, " + r.get("spec"));
                }
                twins++;
            }
        }
        assertEquals(expectedRuns / 2, twins, "every reference run has its dl4j twin");
        assertTrue(Files.readString(out.resolve("report.html")).contains("data:image/png;base64,"));
        return results;
    }

    private static boolean sameCell(JsonNode a, JsonNode b) {
        for (String field : List.of("arch", "seed", "permuteSeed", "scramble", "trainSize", "epochs")) {
            if (!a.get(field).equals(b.get(field))) {
                return false;
            }
        }
        return true;
    }

    private static void assertPicture(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null && img.getWidth() > 50, png + " is a picture");
    }

    private String report(String study) throws IOException {
        return Files.readString(dir.resolve(study).resolve("report.md"));
    }

    @Test
    void localityLadderMeasuresWhatEachScrambleLeaves() throws IOException {
        List<JsonNode> rs = run(Study.LOCALITY, 5 * 2 * 2); // 5 rungs x 2 models x 2 stacks
        assertEquals(1.0, neighboursKept(identity(64), 8, 8), 0.0, "the identity keeps every neighbour");
        List<RunResult> results = ResultStore.open(dir.resolve("locality").resolve("results.jsonl"),
                System.err::println).results(List.of());
        for (RunResult r : results) {
            int[] perm = Runner.permutation(r.spec(), 8, 8);
            String rung = r.spec().permuted() ? r.spec().scramble() : "none";
            // what the run recorded, against a count made here of the permutation its spec draws
            assertEquals(neighboursKept(perm == null ? identity(64) : perm, 8, 8), r.locality(), 0.0, rung);
            switch (rung) {
                case "none" -> assertEquals(1.0, r.locality(), 0.0);
                case "full" -> assertTrue(r.locality() < 0.15, "full: " + r.locality());
                default -> assertTrue(r.locality() > 0.15 && r.locality() < 1, rung + ": " + r.locality());
            }
        }
        String md = report("locality");
        assertTrue(md.contains("## Dose-response of locality") && md.contains("| none | 1.000 |")
                && md.contains("| blocks:2 |") && md.contains("| within:2 |") && md.contains("| full |")
                && md.contains("points lost at the least local scramble"), md);
        assertPicture(dir.resolve("locality").resolve("locality-digits8.png"));
    }

    /** Of the 4-neighbour pairs of positions, the share whose source pixels perm[p] were 4-neighbours too. */
    private static double neighboursKept(int[] perm, int h, int w) {
        int pairs = 0;
        int kept = 0;
        for (int a = 0; a < h * w; a++) {
            for (int b = a + 1; b < h * w; b++) {
                if (Math.abs(a / w - b / w) + Math.abs(a % w - b % w) == 1) {
                    pairs++;
                    int sa = perm[a];
                    int sb = perm[b];
                    kept += Math.abs(sa / w - sb / w) + Math.abs(sa % w - sb % w) == 1 ? 1 : 0;
                }
            }
        }
        return (double) kept / pairs;
    }

    private static int[] identity(int n) {
        return java.util.stream.IntStream.range(0, n).toArray();
    }

    @Test
    void translationTestsEveryShift() throws IOException {
        List<JsonNode> rs = run(Study.TRANSLATION, 3 * 2); // mlp, cnn, cnn-gap x 2 stacks
        for (JsonNode r : rs) {
            JsonNode shifts = r.get("shiftAccuracy");
            assertEquals(3, shifts.size(), "shifts 0, 1, 2 on 8x8");
            // shift 0 is evaluated through the shifting path; it must land on the plain test accuracy
            assertEquals(r.get("testAccuracy").asDouble(), shifts.get(0).asDouble(), 0.0);
            // A 2-pixel shift moves a quarter of an 8x8 digit's width: every model is worse for it.
            assertTrue(shifts.get(2).asDouble() < shifts.get(0).asDouble(), r.get("spec").get("arch") + ": " + shifts);
        }
        // Each reference run again here, and its test set shifted up, down, left and right by hand: the share
        // of the four shifted sets classified right is the recorded mean.
        for (RunResult r : ResultStore.open(dir.resolve("translation").resolve("results.jsonl"), System.err::println)
                .results(List.of())) {
            if (r.spec().stack() != Stack.REFERENCE) {
                continue;
            }
            RunSpec spec = r.spec();
            Split split = Runner.load(spec);
            FastNetwork net = FastNetwork.create(Architecture.of(spec.arch()), split.train().shape(),
                    spec.resolvedInit(), spec.seed(), spec.threads());
            Trainer.train(net, spec.newOptimizer(), split.train(), new Trainer.Config(spec.epochs(), spec.batch(),
                    spec.seed()), new Trainer.Listener() { });
            assertEquals(Evaluation.of(net, split.test(), 256).accuracy(), r.testAccuracy(), 0.0, "retrained alike");
            for (int s = 1; s < r.shiftAccuracy().length; s++) {
                int correct = 0;
                for (Dataset moved : List.of(split.test().shifted(-s, 0), split.test().shifted(s, 0),
                        split.test().shifted(0, -s), split.test().shifted(0, s))) {
                    correct += Evaluation.of(net, moved, 256).correct();
                }
                assertEquals((double) correct / (4 * split.test().size()), r.shiftAccuracy()[s], 1e-15,
                        spec.arch() + " shifted " + s);
            }
        }
        String md = report("translation");
        assertTrue(md.contains("## Translation") && md.contains("| shift (pixels) |") && md.contains("cnn-gap / dl4j")
                && md.contains("| 2 |"), md);
        assertPicture(dir.resolve("translation").resolve("translation-digits8.png"));
    }

    @Test
    void samplesTrainOnSmallerSetsForMoreEpochs() throws IOException {
        List<JsonNode> rs = run(Study.SAMPLES, 2 * 2 * 2 * 2); // 2 sizes x 2 models x 2 pixel orders x 2 stacks
        for (JsonNode r : rs) {
            int n = r.get("trainSize").asInt();
            assertTrue(n == 50 || n > 1300, "train size " + n);
            assertEquals(n == 50 ? 81 : 3, r.get("spec").get("epochs").asInt(), "about the same images seen");
        }
        String md = report("samples");
        assertTrue(md.contains("## Sample efficiency") && md.contains("| 50 | 81 |")
                && md.contains("cnn minus mlp on standard pixels"), md);
        assertPicture(dir.resolve("samples").resolve("samples-digits8.png"));
    }

    @Test
    void sharingPutsLocallyConnectedBesideConvolution() throws IOException {
        List<JsonNode> rs = run(Study.SHARING, 3 * 2 * 2); // mlp, cnn, lcn x 2 pixel orders x 2 stacks
        long cnn = rs.stream().filter(r -> r.get("spec").get("arch").asText().equals("cnn")).findFirst()
                .orElseThrow().get("parameters").asLong();
        long lcn = rs.stream().filter(r -> r.get("spec").get("arch").asText().equals("lcn")).findFirst()
                .orElseThrow().get("parameters").asLong();
        assertTrue(lcn > 2 * cnn, "lcn " + lcn + " parameters, cnn " + cnn + ": one kernel per position");
        String md = report("sharing");
        assertTrue(md.contains("## Locality versus weight sharing") && md.contains("| reference | lcn |")
                && md.contains("| dl4j | lcn |"), md);
        assertPicture(dir.resolve("sharing").resolve("sharing-digits8.png"));
    }
}
