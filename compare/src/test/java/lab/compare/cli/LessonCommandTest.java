package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import lab.compare.report.Chromium;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab lesson --quick} end to end, as CI runs it: every part on both stacks, its pictures, a
 * self-contained page, and that page drawn by a real browser where Chromium is installed; the hand code
 * alone with {@code --stacks reference}; and one-line errors for what it cannot do.
 */
class LessonCommandTest {

    @TempDir
    Path dir;

    static final List<String> PARTS = List.of("## Summary", "## 1. One kernel, reused everywhere",
            "## 2. Equivariance, measured", "## 3. What the library buys, what it costs",
            "## 4. Where they differ on purpose", "## 5. The chapter's two claims, live",
            "## 6. The same network, written both ways", "## 7. Next");

    static final List<String> PICTURES = List.of("kernels.png", "kernel-positions.png", "kernel-local.png", "shifts.png",
            "ladder.png");

    @Test
    void theQuickLessonWritesEveryPartOnBothStacksAndAPageABrowserDraws() throws IOException, InterruptedException {
        Path out = dir.resolve("lesson");
        LabTest.Outcome o = LabTest.lab("lesson", "--quick", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(out.resolve("report.md"));
        int at = -1;
        for (String part : PARTS) {
            int next = md.indexOf(part);
            assertTrue(next > at, "the parts in order; missing or out of place: " + part + "\n" + md);
            at = next;
        }
        for (String row : List.of("| reference, naive loops (the textbook code) |", "| reference, fast path, 2 threads |",
                "| DL4J, double |", "| DL4J, float |", "| DL4J's (`computeGradientAndScore`", "dx, DL4J",
                "DL4J's score reads 23.0259", "Output order", "Gradient doubled")) {
            assertTrue(md.contains(row), "report.md should contain '" + row + "'\n" + md);
        }
        for (String png : PICTURES) {
            BufferedImage img = ImageIO.read(out.resolve(png).toFile());
            assertTrue(img != null && img.getWidth() > 400 && img.getHeight() > 200, png + " is a picture");
            assertTrue(md.contains("](" + png + ")"), png + " is on the page");
        }
        String html = Files.readString(out.resolve("report.html"));
        assertTrue(html.contains("<figure>") && !html.contains("src=\"kernel-"), "pictures inlined as figures");
        assertTrue(o.err().contains("lesson [part 3 of 6") && o.err().contains("timing round 1 of 3"), o.err());
        screenshot(out);
    }

    @Test
    void theReferenceAloneSkipsDl4jAndSaysSo() throws IOException {
        Path out = dir.resolve("ref");
        LabTest.Outcome o = LabTest.lab("lesson", "--quick", "--stacks", "reference", "--out", out.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(out.resolve("report.md"));
        assertTrue(md.contains("the reference only (DL4J not run: --stacks reference)"), md);
        assertFalse(md.contains("| DL4J, double |"), "no DL4J row");
        assertTrue(md.contains("| reference, fast path, 1 thread |"), md);
        assertTrue(md.contains("DL4J was not run"), md);
    }

    @Test
    void aLessonWithoutTheReferenceIsRefusedInOneLine() {
        LabTest.Outcome o = LabTest.lab("lesson", "--stacks", "dl4j", "--out", dir.toString());
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--stacks must include reference"), o.err());
        LabTest.Outcome bad = LabTest.lab("lesson", "--quik");
        assertEquals(2, bad.code());
        assertTrue(bad.err().startsWith("lab: error: Unknown option: '--quik'"), bad.err());
    }

    /** Headless Chromium draws report.html as scripts/screenshot does; skipped where it is not installed. */
    private static void screenshot(Path out) throws IOException, InterruptedException {
        BufferedImage shot = Chromium.screenshot(out.resolve("report.html"), out.resolve("report.png"), 1280, 2400);
        // The page's first figure (part 1's maps, red and blue on white) is drawn: count strongly coloured pixels.
        int coloured = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                int r = rgb >> 16 & 0xff;
                int b = rgb & 0xff;
                if (Math.abs(r - b) > 120) {
                    coloured++;
                }
            }
        }
        assertTrue(coloured > 2_000, "the maps are on the page as a reader sees it: " + coloured + " coloured pixels");
    }
}
