package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The estimate against the clock: {@code lab sweep} on a small digits8 plan (8 runs, reference stack, local
 * engine, 2 at once), first with --dry-run, then for real, each in a JVM of its own as the launcher starts
 * it, so the JVM's start, the calibration, the runs and the report are all in the wall time measured here.
 * Both the dry run's estimate and the real run's opening one must lie within 0.5x to 2x of that wall time.
 *
 * <p>Why that factor: on the 2-core machine the lab is measured on, this plan takes 3 to 4.5 s, and here (three
 * repeats) the estimates came to 0.79x to 1.46x of it; from ./lab, on three plans of 4 to 12 s, 0.82x to
 * 1.07x. What moves them is the calibration's single short run per kind, two jobs at once sharing two cores
 * where the calibration ran alone, and the whole-second rounding of "about N s" (±0.5 s of 4 s is ±12%).
 * The estimate that left out the JVM's start, the calibration and the report came to 0.44x to 0.48x of
 * this plan's wall time (and to 0.2x on mnist10k); one that warmed a stack but not each model priced the
 * cnn from a JIT still warming and came to 1.9x to 2.1x. The factor keeps both failures out and leaves a
 * noisy machine room for half a second's hiccup. A measured-time check, not a benchmark: nothing is
 * asserted about how fast anything is.
 */
class EstimateAgainstWallTimeTest {

    private static final String[] SWEEP = {"sweep", "--arch", "mlp,cnn", "--lr", "0.001,0.005", "--seeds", "2",
        "--stacks", "reference", "--engine", "local", "--workers", "2"};

    /** "runs it (about 4 s: ..." or "(under a second: ...": the dry run's promise. */
    private static final Pattern DRY = Pattern.compile("without --dry-run runs it \\((about (\\d+) s|under a second):");

    /** "8 run(s) to go; expect about 4 s with 2 at once: ...": the opening estimate of the real run. */
    private static final Pattern OPENING = Pattern.compile("8 run\\(s\\) to go; expect (about (\\d+) s|under a second) with 2 at once");

    @TempDir
    Path dir;

    @Test
    void theOpeningEstimateIsWithinHalfToTwiceTheMeasuredWallTime() throws Exception {
        Path out = dir.resolve("sweep");
        Child dry = lab(out, true);
        assertEquals(0, dry.code(), dry.log());
        double promised = seconds(DRY, dry.log());

        Child real = lab(out, false);
        assertEquals(0, real.code(), real.log());
        assertEquals(8, Files.readAllLines(out.resolve("results.jsonl")).size(), "all 8 runs ran");
        double opening = seconds(OPENING, real.log());

        String what = String.format("dry run's estimate %.0f s, opening estimate %.0f s, measured %.2f s%n%s%n%s",
                promised, opening, real.wall(), dry.log(), real.log());
        assertTrue(promised >= 0.5 * real.wall() && promised <= 2 * real.wall(), what);
        assertTrue(opening >= 0.5 * real.wall() && opening <= 2 * real.wall(), what);
    }

    /** The estimate a line states, in seconds ("under a second" as 1, its upper end). */
    private static double seconds(Pattern line, String log) {
        Matcher m = line.matcher(log);
        assertTrue(m.find(), "no estimate in:\n" + log);
        return m.group(2) == null ? 1 : Double.parseDouble(m.group(2));
    }

    private record Child(int code, String log, double wall) {
    }

    /** The sweep in a JVM of its own, as ./lab starts it (the Vector API on, one ND4J thread); its wall time. */
    private Child lab(Path out, boolean dryRun) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", classPath(), Lab.class.getName()));
        command.addAll(List.of(SWEEP));
        command.addAll(List.of("--out", out.toString()));
        if (dryRun) {
            command.add("--dry-run");
        }
        Path log = dir.resolve(dryRun ? "dry.log" : "real.log");
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("OMP_NUM_THREADS", "1");
        pb.environment().put("OPENBLAS_NUM_THREADS", "1");
        long start = System.nanoTime();
        Process child = pb.start();
        try {
            assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the sweep should end within 2 minutes");
        } finally {
            child.destroyForcibly();
        }
        return new Child(child.exitValue(), Files.readString(log), (System.nanoTime() - start) / 1e9);
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
