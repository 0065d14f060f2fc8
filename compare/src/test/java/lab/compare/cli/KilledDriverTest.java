package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The driver killed mid-plan, for real: {@code lab run} in a child JVM gets a {@code kill -9} once its
 * first result is stored, then the same command resumes in this one. Nothing stored is lost or changed,
 * nothing runs twice, and every planned run ends up in results.jsonl exactly once.
 */
class KilledDriverTest {

    private static final String[] RUN = {"run", "--quick", "--stacks", "reference", "--seeds", "2", "--epochs", "25",
        "--workers", "2"};

    @TempDir
    Path dir;

    @Test
    void aDriverKilledMidPlanResumesWithNothingLostAndNothingTwice() throws Exception {
        Path out = dir.resolve("killed");
        Path results = out.resolve("results.jsonl");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", classPath(), "-Djava.awt.headless=true", Lab.class.getName()));
        command.addAll(List.of(RUN));
        command.addAll(List.of("--out", out.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        Process child = pb.start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!(Files.exists(results) && Files.size(results) > 0) && child.isAlive()
                    && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(child.isAlive(), "the child should still be running its plan when killed: "
                    + Files.readString(dir.resolve("child.log")));
            child.destroyForcibly(); // SIGKILL: no shutdown hook, no flush, a write may be cut short
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        } finally {
            child.destroyForcibly();
        }
        byte[] atKill = Files.readAllBytes(results);
        int whole = new String(atKill, java.nio.charset.StandardCharsets.UTF_8).lastIndexOf('\n') + 1;
        List<String> stored = List.of(new String(atKill, 0, whole, java.nio.charset.StandardCharsets.UTF_8).split("\n"));
        assertTrue(stored.size() >= 1 && stored.size() < 8, "killed mid-plan: " + stored.size() + " of 8 stored");

        List<String> args = new ArrayList<>(List.of(RUN));
        args.addAll(List.of("--out", out.toString()));
        LabTest.Outcome resumed = LabTest.lab(args.toArray(String[]::new));
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.err().contains("resuming: " + stored.size() + " of 8 runs already in"), resumed.err());

        List<String> lines = Files.readAllLines(results);
        assertEquals(stored, lines.subList(0, stored.size()), "every line stored before the kill is still there");
        assertEquals(8, lines.size(), "every planned run once: " + lines.size() + " lines");
        Map<JsonNode, Integer> perSpec = new HashMap<>();
        ObjectMapper json = new ObjectMapper();
        for (String line : lines) {
            JsonNode spec = json.readTree(line).get("spec");
            perSpec.merge(spec, 1, Integer::sum);
        }
        assertEquals(8, perSpec.size(), "8 different specs");
        assertTrue(perSpec.values().stream().allMatch(n -> n == 1), "none twice: " + perSpec.values());
        assertTrue(Files.readString(out.resolve("report.md")).contains("| reference | cnn | 2 |"),
                "the report has both seeds");
    }

    /** The test's own class path (Surefire puts the whole of it in this property; else java.class.path). */
    private static String classPath() throws IOException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        if (cp == null || cp.isBlank()) {
            throw new IOException("no class path to start a child JVM with");
        }
        return cp;
    }
}
