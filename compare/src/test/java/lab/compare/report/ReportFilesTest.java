package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report.html from report.md: the Markdown the sections write, rendered, with its pictures inside the file. */
class ReportFilesTest {

    static final String MD = """
            # A small report

            ## digits8

            ### Seeds

            Runs from `results.jsonl`, **paired by seed**:

            - reference finished
            - dl4j finished

            | model | parameters | accuracy % |
            |---|---:|---|
            | mlp | 9,610 | 95.90 ± 1.41 |
            | cnn | 1,898 | -0.11 [-1.52, 1.30] |

            ![digits8: accuracy](dot.png)
            """;

    @Test
    void headingsListsBoldCodeTablesAndPicturesRender(@TempDir Path dir) throws IOException {
        byte[] png = writeDot(dir.resolve("dot.png"));
        ReportFiles.write(dir, MD, List.of());
        String html = Files.readString(dir.resolve("report.html"));

        assertTrue(html.startsWith("<!doctype html>") && html.contains("<style>"), html);
        assertTrue(html.contains("<title>A small report \u2014 inductive-bias-lab</title>"), html);
        assertTrue(html.contains("<h1>A small report</h1>") && html.contains("<h2>digits8</h2>"), html);
        assertTrue(html.contains("<h3>Seeds</h3>"), html);
        assertTrue(html.contains("<li>reference finished</li>") && html.contains("<li>dl4j finished</li>"), html);
        assertTrue(html.contains("<strong>paired by seed</strong>"), html);
        assertTrue(html.contains("<code>results.jsonl</code>"), html);
        assertTrue(html.contains("<table>") && html.contains("<th>model</th>"), html);
        assertTrue(html.contains("<td>mlp</td>"), "text cells stay left-aligned:\n" + html);
        assertTrue(html.contains("<td class=\"num\">95.90 ± 1.41</td>"), "numbers right-aligned:\n" + html);
        assertTrue(html.contains("<td class=\"num\">-0.11 [-1.52, 1.30]</td>"), html);
        assertTrue(html.contains("<td align=\"right\" class=\"num\">9,610</td>"), html);
        for (String literal : new String[] {"###", "- reference", "**", "`", "|---"}) {
            assertFalse(html.contains(literal), "Markdown left as text: " + literal + "\n" + html);
        }

        // the picture: inside the file, its bytes exactly, in a figure captioned by its alt text
        Matcher img = Pattern.compile("<figure>\\s*<img src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\" "
                + "alt=\"digits8: accuracy\" />\\s*<figcaption>digits8: accuracy</figcaption>\\s*</figure>").matcher(html);
        assertTrue(img.find(), html);
        assertArrayEquals(png, Base64.getDecoder().decode(img.group(1)));
        assertFalse(html.contains("dot.png"), "no reference to the file left");
    }

    @Test
    void aPictureInsideAParagraphIsInlinedButNotAFigure(@TempDir Path dir) throws IOException {
        writeDot(dir.resolve("dot.png"));
        ReportFiles.write(dir, "See ![dot](dot.png) here.\n", List.of());
        String html = Files.readString(dir.resolve("report.html"));
        assertTrue(html.contains("<p>See <img src=\"data:image/png;base64,"), html);
        assertFalse(html.contains("<figure>"), html);
    }

    @Test
    void rawHtmlInTheMarkdownIsShownAsText(@TempDir Path dir) throws IOException {
        ReportFiles.write(dir, "a <b>bold</b> claim\n", List.of());
        assertTrue(Files.readString(dir.resolve("report.html")).contains("<p>a &lt;b&gt;bold&lt;/b&gt; claim</p>"));
    }

    @Test
    void aMissingPictureIsAOneLineErrorNamingTheFile(@TempDir Path dir) {
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> ReportFiles.write(dir, "# R\n\n![gone](curves-digits8.png)\n", List.of()));
        assertEquals("report.md shows a picture that is not in its folder: " + dir.resolve("curves-digits8.png"),
                e.getMessage());
    }

    /** A 3x2 PNG; returns its bytes. */
    static byte[] writeDot(Path file) throws IOException {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xff0000);
        ImageIO.write(image, "png", file.toFile());
        return Files.readAllBytes(file);
    }
}
