package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab run --quick} end to end: every output file, its contents, and resuming without rerunning. */
class RunCommandTest {

    @TempDir
    Path dir;

    @Test
    void quickRunWritesTheReportFilesAndResumesWithoutRerunning() throws IOException {
        Path out = dir.resolve("quick");
        LabTest.Outcome o = LabTest.lab("run", "--quick", "--out", out.toString());
        assertEquals(0, o.code(), o.err());

        List<String> lines = Files.readAllLines(out.resolve("results.jsonl"));
        assertEquals(16, lines.size(), "2 models x 2 stacks x 2 pixel orders x 2 seeds");
        String md = Files.readString(out.resolve("report.md"));
        for (String expected : List.of("## digits8", "| mlp | 9,610 |", "| cnn | 1,898 |", "| reference | cnn | 2 |",
                "| dl4j | mlp | 2 |", "difference of drops", "Both stacks side by side", "accuracy-digits8.png")) {
            assertTrue(md.contains(expected), "report.md should contain '" + expected + "':\n" + md);
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<table>") && html.contains("data:image/png;base64,"), "self-contained HTML");
        assertTrue(!html.contains("src=\"accuracy-"), "no picture left as an outside file");
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(17, csv.size());
        assertTrue(csv.get(0).startsWith("data,stack,model,pixels,seed"));
        for (String png : List.of("accuracy-digits8.png", "curves-digits8.png", "permutation-digits8.png",
                "kernels-digits8.png")) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertTrue(img != null && img.getWidth() > 50 && img.getHeight() > 20, png + " is a picture");
        }

        // Cut the last line in half, as a kill -9 or a full disk during its write would: the rerun moves the
        // torn half aside (named in a warning), never appends onto it, runs that one job again, and the report
        // has every seed in every cell.
        Path results = out.resolve("results.jsonl");
        String whole = String.join("\n", lines.subList(0, 15)) + "\n";
        String torn = lines.get(15).substring(0, lines.get(15).length() / 2);
        Files.writeString(results, whole + torn);
        LabTest.Outcome again = LabTest.lab("run", "--quick", "--out", out.toString());
        assertEquals(0, again.code(), again.err());
        Path aside;
        try (java.util.stream.Stream<Path> files = Files.list(out)) {
            aside = files.filter(f -> f.getFileName().toString().startsWith("results.jsonl.torn-")).findFirst()
                    .orElseThrow(() -> new AssertionError("no torn tail set aside: " + again.err()));
        }
        assertEquals(torn, Files.readString(aside));
        assertTrue(again.err().contains("moved it to " + aside), again.err());
        assertTrue(again.err().contains("resuming: 15 of 16 runs already"), again.err());
        assertTrue(again.err().contains("[16/16]") && !again.err().contains("[15/16]"), again.err());
        List<String> after = Files.readAllLines(results);
        assertEquals(16, after.size());
        assertEquals(lines.subList(0, 15), after.subList(0, 15), "the whole lines are untouched");
        String report = Files.readString(out.resolve("report.md"));
        assertEquals(LabTest.withoutTime(md), LabTest.withoutTime(report),
                "the same report as before the crash (but for how long it took): every seed in every cell");
    }
}
