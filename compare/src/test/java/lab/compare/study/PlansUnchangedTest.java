package lab.compare.study;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import org.junit.jupiter.api.Test;

/**
 * Every study plans the jobs it planned before its loop was written once (issue 27), job for job and in
 * the same order: {@code plans-before-issue-27.txt.gz} holds the plans the hand-written loops made (at
 * commit 2f6ec54, by {@link #plans}), as RunSpec JSON lines under a heading per case (study, scale, stacks,
 * loops); {@code zcat} reads it. A job added, dropped, moved
 * or with one setting changed fails here, naming the case and the line. A setting added to RunSpec since
 * is not in the record: each job is compared on the settings the record holds, so that a new setting
 * touches RunSpec and its builder, not this file.
 */
class PlansUnchangedTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The stacks a plan may have: both (either order), and each alone (DL4J alone runs every params rung). */
    private static final List<List<Stack>> STACKS = List.of(List.of(Stack.REFERENCE, Stack.DL4J),
            List.of(Stack.DL4J, Stack.REFERENCE), List.of(Stack.REFERENCE), List.of(Stack.DL4J));

    /** Every case's heading, then its jobs, one JSON line each. */
    static List<String> plans() {
        List<String> lines = new ArrayList<>();
        for (List<Stack> stacks : STACKS) {
            Loops loops = stacks.size() == 2 ? Loops.FAST : Loops.NAIVE;
            for (boolean quick : new boolean[] {true, false}) {
                String scaleName = quick ? "quick" : "full";
                List<Block> blocks = quick
                        ? List.of(Block.adam("digits8", List.of("mlp", "cnn"), 5))
                        : List.of(Block.adam("digits8", List.of("mlp", "cnn"), 10),
                                Block.adam("mnist10k", List.of("mlp", "cnn"), 1),
                                new Block("optdigits:/tmp/uci", List.of("book-mlp", "book-cnn"),
                                        OptimizerKind.SGD, 0.1, 32, 40, InitChoice.UNIFORM));
                add(lines, "control " + scaleName + " " + stacks + " " + loops,
                        Studies.CONTROL.plan(new Control.Settings(blocks, stacks, quick ? 2 : 3, loops)));
                Scale scale = Scale.of(stacks, loops, null, quick, !quick);
                for (Study study : Studies.NAMES) {
                    add(lines, study + " " + scaleName + " " + stacks + " " + loops, Studies.of(study).plan(scale));
                }
            }
        }
        // Data sets a user names (lab run --full --data): an 8x8 set by path, and fashion (its own training size).
        Scale named = Scale.of(STACKS.get(0), Loops.FAST, 2, false, true).only(List.of("optdigits:/tmp/uci",
                "fashion"));
        for (Study study : Studies.NAMES) {
            add(lines, study + " only optdigits, fashion", Studies.of(study).plan(named));
        }
        return lines;
    }

    private static void add(List<String> lines, String heading, List<RunSpec> jobs) {
        lines.add("# " + heading + ": " + jobs.size() + " jobs");
        jobs.forEach(j -> lines.add(ResultsFile.toJson(j)));
    }

    @Test
    void everyStudyPlansTheSameJobsInTheSameOrderAsItsHandWrittenLoopsDid() throws IOException {
        List<String> expected;
        InputStream resource = PlansUnchangedTest.class.getResourceAsStream("plans-before-issue-27.txt.gz");
        assertNotNull(resource, "plans-before-issue-27.txt.gz is on the test class path");
        try (InputStream in = new GZIPInputStream(resource)) {
            expected = new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
        List<String> actual = plans();
        String heading = "";
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            if (expected.get(i).startsWith("# ")) {
                heading = expected.get(i);
            }
            assertEquals(expected.get(i), recorded(expected.get(i), actual.get(i)), "line " + (i + 1) + ", under "
                    + heading);
        }
        assertEquals(expected.size(), actual.size(), "lines in all");
    }

    /**
     * {@code actual} with only the settings the recorded line names, in its own order: a job's JSON line, or
     * a heading as it is. A setting the record holds and the job lacks stays missing, and fails the match.
     */
    private static String recorded(String expected, String actual) throws IOException {
        if (expected.startsWith("# ")) {
            return actual;
        }
        ObjectNode job = (ObjectNode) JSON.readTree(actual);
        List<String> names = new ArrayList<>();
        JSON.readTree(expected).fieldNames().forEachRemaining(names::add);
        return job.retain(names).toString();
    }
}
