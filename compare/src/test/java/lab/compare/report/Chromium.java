package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;

/**
 * Headless Chromium for the tests that look at a report as a reader does: the page drawn to a PNG, as
 * scripts/screenshot draws it. A test that needs it is skipped, saying why, where Chromium is not installed.
 */
public final class Chromium {

    private Chromium() {
    }

    /** The first of chromium and chromium-browser on the PATH; skips the calling test if neither is there. */
    public static Path require() {
        Optional<Path> found = Stream.of("chromium", "chromium-browser").flatMap(name -> Stream.of(
                System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)).filter(d -> !d.isEmpty())
                .map(d -> Path.of(d, name))).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(found.isPresent(), "chromium not installed: apt-get install chromium");
        return found.get();
    }

    /** Draws {@code html} in a window of {@code width} x {@code height} into {@code png}; returns the picture. */
    public static BufferedImage screenshot(Path html, Path png, int width, int height)
            throws IOException, InterruptedException {
        Path chromium = require();
        Path dir = png.getParent();
        Path log = dir.resolve("chromium.log");
        Process p = new ProcessBuilder(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
                "--hide-scrollbars", "--window-size=" + width + "," + height, "--user-data-dir=" + dir.resolve("profile"),
                "--screenshot=" + png, html.toUri().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            fail("chromium did not finish within 60 s; its output:\n" + Files.readString(log));
        }
        assertEquals(0, p.exitValue(), () -> "chromium failed; its output:\n" + read(log));
        assertTrue(Files.size(png) > 0, "an empty " + png);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertTrue(shot != null, png + " is not a PNG");
        assertEquals(width, shot.getWidth());
        assertEquals(height, shot.getHeight());
        return shot;
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }
}
