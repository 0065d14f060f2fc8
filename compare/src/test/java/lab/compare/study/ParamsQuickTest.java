package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

import lab.compare.run.Experiment;
import lab.compare.run.ResultStore;
import lab.compare.run.RunResult;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.run.Workflow;
import lab.compare.study.Ladder.Rung;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab params --quick} end to end, through the {@link Workflow} as its command runs it: every rung runs
 * (DL4J on the presets' rungs), each records the parameters its layers have, the two stacks get the same
 * accuracy where both ran, the report has the section, its tables and its plot, results.csv quotes the
 * architectures' commas, and the same plan again resumes: nothing runs, the same report.
 */
class ParamsQuickTest {

    @TempDir
    Path dir;

    @Test
    void quickRunsEveryRungAndWritesTheSectionAndItsPlot() throws IOException {
        Path out = dir.resolve("params");
        QuickStudy quick = new QuickStudy();
        Workflow.Done done = quick.run(Study.PARAMS, out);
        assertEquals(new Experiment.Outcome(28, 0), done.outcome(), quick.said.toString());
        assertTrue(quick.said.stream().anyMatch(l -> l.startsWith("28 run(s) to go; expect about")),
                "the estimate comes first: " + quick.said);
        List<RunResult> rs = ResultStore.open(out.resolve("results.jsonl"), System.err::println).results(List.of());
        assertEquals(2 * (9 + 5), rs.size(), "9 rungs on the reference, 5 on dl4j, both pixel orders");
        for (RunResult r : rs) {
            assertEquals(Study.PARAMS, r.spec().study());
            assertTrue(r.completed(), r.spec() + ": " + r.status());
            assertEquals(Rung.of(r.spec().arch()).parameters(8), r.parameters(), r.spec().arch());
            if (r.spec().stack() == Stack.DL4J) {
                RunResult twin = rs.stream().filter(x -> x.spec().stack() == Stack.REFERENCE
                        && x.spec().arch().equals(r.spec().arch()) && x.spec().permuted() == r.spec().permuted())
                        .findFirst().orElseThrow();
                assertEquals(twin.testAccuracy(), r.testAccuracy(), 0.0, "reference vs dl4j, " + r.spec().arch());
            }
        }
        String md = Files.readString(out.resolve("report.md"));
        assertEquals(md, done.markdown(), "the report it wrote");
        assertTrue(md.contains("## Accuracy against parameters") && md.contains("### digits8")
                && md.contains("| mlp | 128 | 9,610 |") && md.contains("| lcn | 8/16 | 23,714 |")
                && md.contains("| book | book-cnn | 1,490 |") && md.contains("| cnn | parameters | standard: cnn % ")
                && md.contains("**Reading.** On standard pixels an mlp needs ")
                && md.contains("the largest difference over the 10 cells is 0.00 points"), md);
        BufferedImage png = ImageIO.read(out.resolve("params-digits8.png").toFile());
        assertTrue(png != null && png.getWidth() > 50, "the plot is a picture");

        // results.csv: an architecture's text form holds commas, so it is quoted, and every row has the header's
        // fields.
        List<String> csv = Files.readAllLines(out.resolve("results.csv"));
        int fields = fieldsOf(csv.get(0));
        assertEquals(1 + rs.size(), csv.size());
        csv.forEach(line -> assertEquals(fields, fieldsOf(line), line));
        assertTrue(csv.stream().anyMatch(l -> l.contains(
                ",\"conv(8,k3,p1)-relu-maxpool(2)-conv(16,k3,p1)-relu-maxpool(2)-dense(10)\",")), csv.get(1));

        QuickStudy again = new QuickStudy();
        assertEquals(new Experiment.Outcome(0, 0), again.run(Study.PARAMS, out).outcome(), again.said.toString());
        assertTrue(again.said.contains("resuming: 28 of 28 runs already in " + out.resolve("results.jsonl")),
                again.said.toString());
        assertEquals(28, Files.readAllLines(out.resolve("results.jsonl")).size(), "the same plan runs nothing again");
        assertEquals(md, Files.readString(out.resolve("report.md")), "and writes the same report");
    }

    /** The fields of a CSV row: commas outside quotes, plus one. */
    private static int fieldsOf(String line) {
        int n = 1;
        boolean quoted = false;
        for (char c : line.toCharArray()) {
            quoted ^= c == '"';
            n += !quoted && c == ',' ? 1 : 0;
        }
        return n;
    }
}
