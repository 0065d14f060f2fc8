package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opens in a real browser: headless Chromium, as scripts/screenshot runs it, draws the page, its
 * inlined picture included, to a PNG of the window's size. Skipped where Chromium is not installed.
 */
class ScreenshotTest {

    @Test
    void chromiumDrawsTheReportToAPngOfTheWindowSize(@TempDir Path dir) throws IOException, InterruptedException {
        Optional<Path> chromium = onPath("chromium", "chromium-browser");
        Assumptions.assumeTrue(chromium.isPresent(), "chromium not installed: apt-get install chromium");
        // the report's picture: a red block, to find in the screenshot
        BufferedImage red = new BufferedImage(60, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 60; x++) {
                red.setRGB(x, y, 0xff0000);
            }
        }
        ImageIO.write(red, "png", dir.resolve("dot.png").toFile());
        ReportFiles.write(dir, ReportFilesTest.MD, List.of());

        Path png = dir.resolve("report.png");
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.get().toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--window-size=1280,800", "--user-data-dir=" + dir.resolve("profile"),
                "--screenshot=" + png, dir.resolve("report.html").toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("chromium did not finish within 60 s; its output:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed; its output:\n" + read(log));
        assertTrue(Files.size(png) > 0, "an empty report.png");
        BufferedImage shot = ImageIO.read(png.toFile());
        assertNotNull(shot, "report.png is not a PNG");
        assertEquals(1280, shot.getWidth());
        assertEquals(800, shot.getHeight());
        assertTrue(redPixels(shot) >= 60 * 30 / 2, "the inlined picture is not on the page");
    }

    /** Pixels that are (nearly) pure red: nothing else on the page is. */
    private static int redPixels(BufferedImage shot) {
        int n = 0;
        for (int y = 0; y < shot.getHeight(); y++) {
            for (int x = 0; x < shot.getWidth(); x++) {
                int rgb = shot.getRGB(x, y);
                if ((rgb >> 16 & 0xff) > 240 && (rgb >> 8 & 0xff) < 16 && (rgb & 0xff) < 16) {
                    n++;
                }
            }
        }
        return n;
    }

    /** The first of these programs found on the PATH. */
    private static Optional<Path> onPath(String... names) {
        return Stream.of(names).flatMap(name -> Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(d -> !d.isEmpty()).map(d -> Path.of(d, name))).filter(Files::isExecutable).findFirst();
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
