package lab.compare;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each study's {@code --quick} version end to end on both stacks: its runs, its report section, its plot. */
class StudiesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> run(String study, int expectedRuns) throws IOException {
        Path out = dir.resolve(study);
        LabTest.Outcome o = LabTest.lab(study, "--quick", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(expectedRuns, lines.size());
        List<JsonNode> results = new java.util.ArrayList<>();
        for (String line : lines) {
            JsonNode r = JSON.readTree(line);
            assertEquals(study, r.get("spec").get("study").asText());
            assertEquals("ok", r.get("status").asText(), line);
            results.add(r);
        }
        // Same seed, same weights, same batches: the two stacks give the same test accuracy in every cell.
        for (JsonNode r : results) {
            if (r.get("spec").get("stack").asText().equals("reference")) {
                JsonNode twin = results.stream().filter(x -> x.get("spec").get("stack").asText().equals("dl4j")
                        && sameCell(x.get("spec"), r.get("spec"))).findFirst().orElseThrow();
                assertEquals(r.get("testAccuracy").asDouble(), twin.get("testAccuracy").asDouble(), 1.5 / 450,
                        "reference vs dl4j, " + r.get("spec"));
            }
        }
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
        List<JsonNode> rs = run("locality", 5 * 2 * 2); // 5 rungs x 2 models x 2 stacks
        for (JsonNode r : rs) {
            double locality = r.get("locality").asDouble();
            String scramble = r.get("spec").get("scramble").asText();
            switch (r.get("spec").get("permuteSeed").isNull() ? "none" : scramble) {
                case "none" -> assertEquals(1.0, locality);
                case "full" -> assertTrue(locality < 0.15, "full: " + locality);
                default -> assertTrue(locality > 0.15 && locality < 1, scramble + ": " + locality);
            }
        }
        String md = report("locality");
        assertTrue(md.contains("## Dose-response of locality") && md.contains("| none | 1.000 |")
                && md.contains("| blocks:2 |") && md.contains("| within:2 |") && md.contains("| full |")
                && md.contains("points lost at the least local scramble"), md);
        assertPicture(dir.resolve("locality").resolve("locality-digits8.png"));
    }

    @Test
    void translationTestsEveryShift() throws IOException {
        List<JsonNode> rs = run("translation", 3 * 2); // mlp, cnn, cnn-gap x 2 stacks
        for (JsonNode r : rs) {
            JsonNode shifts = r.get("shiftAccuracy");
            assertEquals(3, shifts.size(), "shifts 0, 1, 2 on 8x8");
            assertEquals(r.get("testAccuracy").asDouble(), shifts.get(0).asDouble());
            // A 2-pixel shift moves a quarter of an 8x8 digit's width: every model is worse for it.
            assertTrue(shifts.get(2).asDouble() < shifts.get(0).asDouble(), r.get("spec").get("arch") + ": " + shifts);
        }
        String md = report("translation");
        assertTrue(md.contains("## Translation") && md.contains("| shift (pixels) |") && md.contains("cnn-gap / dl4j")
                && md.contains("| 2 |"), md);
        assertPicture(dir.resolve("translation").resolve("translation-digits8.png"));
    }

    @Test
    void samplesTrainOnSmallerSetsForMoreEpochs() throws IOException {
        List<JsonNode> rs = run("samples", 2 * 2 * 2 * 2); // 2 sizes x 2 models x 2 pixel orders x 2 stacks
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
        List<JsonNode> rs = run("sharing", 3 * 2 * 2); // mlp, cnn, lcn x 2 pixel orders x 2 stacks
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
