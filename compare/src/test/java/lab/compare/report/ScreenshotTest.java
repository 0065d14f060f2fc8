package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * report.html opens in a real browser: headless Chromium, as scripts/screenshot runs it, draws the page, its
 * inlined picture included, to a PNG of the window's size. Skipped where Chromium is not installed.
 */
class ScreenshotTest {

    @Test
    void chromiumDrawsTheReportToAPngOfTheWindowSize(@TempDir Path dir) throws IOException, InterruptedException {
        Chromium.require();
        // the report's picture: a red block, to find in the screenshot
        BufferedImage red = new BufferedImage(60, 30, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 60; x++) {
                red.setRGB(x, y, 0xff0000);
            }
        }
        ImageIO.write(red, "png", dir.resolve("dot.png").toFile());
        ReportFiles.write(dir, ReportFilesTest.MD, List.of());

        BufferedImage shot = Chromium.screenshot(dir.resolve("report.html"), dir.resolve("report.png"), 1280, 800);
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
}
