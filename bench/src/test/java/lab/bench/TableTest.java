package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import lab.compare.speed.Cases;
import org.junit.jupiter.api.Test;

class TableTest {

    @Test
    void cnnStepCostsAbout1point7MegaflopsPerImageCountedFromItsShapes() {
        // conv(8,k3,p1) on 1x28x28: 2 * 72 * 784; conv(16,k3,p1) on 8x14x14: 2 * 1152 * 196; dense 784 -> 10
        long forward = 2L * 72 * 784 + 2L * 1152 * 196 + 2L * 784 * 10;
        assertEquals(forward, Cases.forwardFlops("cnn"));
        assertEquals(3 * forward, Cases.flopsPerExample("train", "cnn"));
        assertEquals(2 * 2L * 1152 * 196, Cases.flopsPerExample("bwd", "cnn:3"));
        assertEquals(3 * 2L * 784 * 128, Cases.flopsPerExample("fwd+bwd", "mlp:0"));
    }

    @Test
    void tableOfARealShortJmhRunHasEveryResultWithRatiosFromItsScores() throws IOException {
        String json;
        try (InputStream in = TableTest.class.getResourceAsStream("/jmh-sample.json")) {
            json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String md = Table.format(json);
        // The sample: FmaPeak.vectorized's fastest iteration 429.256 ns for 8192 FLOPs; cnn steps of 32
        // images: naive 188250.053 us, direct 52802.518 us, dl4j double 1T 155638.523 us (DL4J's best).
        assertTrue(md.contains("**19.1 GFLOP/s**"), md);
        assertTrue(md.contains("| reference naive | 170 |"), md);
        assertTrue(md.contains(String.format("| %.2fx | %.2fx |", 188250.053 / 52802.518, 155638.523 / 52802.518)), md);
        assertTrue(md.contains("| dl4j double 1T | 206 |"), md);
        assertEquals(4, md.lines().filter(l -> l.contains("| reference") || l.contains("| dl4j")).count(), md);
    }

    /**
     * Two rounds of the same benchmark are one row over all their iterations (mean 200 us of 100 and 300:
     * 160,000 images/s, fastest 320,000), and PyTorch's rows (scripts/torch_bench.py's JSON) give the "vs
     * PyTorch" ratios against its best of 1 and 2 threads at each precision: 2 threads' 40,000 float64
     * images/s (not 1 thread's 20,000) and 1 thread's 80,000 float32.
     */
    @Test
    void roundsArePooledAndPyTorchsBestPerPrecisionIsTheRatiosDenominator() throws IOException {
        String round1 = "[" + result("RefTrain", "\"model\": \"cnn\", \"variant\": \"fast1\"", 100) + "]";
        String round2 = "[" + result("RefTrain", "\"model\": \"cnn\", \"variant\": \"fast1\"", 300) + "]";
        String torch = "[" + result("TorchTrain", "\"model\": \"cnn\", \"dtype\": \"float\", \"threads\": \"1\"", 400)
                + "," + result("TorchTrain", "\"model\": \"cnn\", \"dtype\": \"double\", \"threads\": \"1\"", 1600)
                + "," + result("TorchTrain", "\"model\": \"cnn\", \"dtype\": \"double\", \"threads\": \"2\"", 800) + "]";
        String md = Table.format(round1, torch, round2);
        // sd 141.4 us, standard error 100 us, t(0.9995, 1 df) = 636.62: 636.62 * 100 / 200 = 31831%
        assertTrue(md.contains("| reference fast1 | 160,000 | 31831% | 320,000 |"), md);
        assertTrue(md.contains("| 4.00x | 2.00x |"), md);
        assertTrue(md.contains("| pytorch double 1T | 20,000 |  | 20,000 |"), md);
        assertTrue(md.contains("| pytorch float 1T | 80,000 |"), md);
        assertEquals(4, md.lines().filter(l -> l.contains("| reference") || l.contains("| pytorch")).count(), md);
    }

    /**
     * A real short run with the float path (scripts/bench's JMH on FmaPeak, RefTrain and RefLayers at cnn,
     * fast1 and float1, then scripts/torch_bench.py on one thread): each row's "of FMA peak" is of the peak at
     * its precision. The double peak is vectorized's fastest iteration, 182.357 ns for 8192 FLOPs (44.9
     * GFLOP/s); the float one vectorizedFloat's, 99.064 ns (82.7 GFLOP/s). A reference float1 row, PyTorch's
     * float row and a DL4J float row are divided by the float peak; fast1 and PyTorch's double row by the double.
     */
    @Test
    void floatRowsAreSharesOfTheFloatPeakAndDoubleRowsOfTheDoublePeak() throws IOException {
        String dl4jFloat = "[" + result("Dl4jTrain",
                "\"model\": \"cnn\", \"dtype\": \"float\", \"threads\": \"1\", \"tuning\": \"default\"", 100_000) + "]";
        String md = Table.format(resource("/jmh-float-sample.json"), resource("/torch-sample.json"), dl4jFloat);
        double doublePeak = 8192 / 182.3566598323365, floatPeak = 8192 / 99.06363288098112; // GFLOP/s: FLOPs per ns
        assertTrue(md.contains("**44.9 GFLOP/s** in double (scalar 9.8, vectorized 44.9)"), md);
        assertTrue(md.contains("**82.7 GFLOP/s** in float (scalarFloat 9.8, vectorizedFloat 82.7)"), md);

        double step = Cases.flopsPerExample("train", "cnn") * Cases.BATCH / 1e3; // GFLOP/s are these / us
        assertEquals(share(step / ((3274.006891304348 + 2979.1526435643564) / 2), floatPeak),
                cell(md, "train step `cnn`", "reference float1", 10), md);
        assertEquals(share(step / ((6055.01026 + 5904.882784313725) / 2), doublePeak),
                cell(md, "train step `cnn`", "reference fast1", 10), md);
        assertEquals(share(step / ((5556.916472745466 + 5739.914188831429) / 2), floatPeak),
                cell(md, "train step `cnn`", "pytorch float 1T", 10), md);
        assertEquals(share(step / ((9865.579484011829 + 11225.220778012752) / 2), doublePeak),
                cell(md, "train step `cnn`", "pytorch double 1T", 10), md);
        assertEquals(share(step / 100_000, floatPeak), cell(md, "train step `cnn`", "dl4j float 1T", 10), md);
        // the float step against PyTorch's float step on one thread: a ratio of the mean times
        assertEquals(String.format(Locale.ROOT, "%.2fx", (5556.916472745466 + 5739.914188831429)
                / (3274.006891304348 + 2979.1526435643564)),
                cell(md, "train step `cnn`", "reference float1", 9), md);

        double forward = Cases.flopsPerExample("fwd", "cnn:3") * Cases.BATCH / 1e3;
        assertEquals(share(forward / ((419.0561337047354 + 411.4086703146375) / 2), floatPeak),
                cell(md, "conv fwd `cnn:3`", "reference float1", 10), md);
        double backward = Cases.flopsPerExample("bwd", "cnn:3") * Cases.BATCH / 1e3;
        assertEquals(share(backward / ((1219.5517530364373 + 1197.6800398406374) / 2), floatPeak),
                cell(md, "conv bwd `cnn:3`", "reference float1", 10), md);
        assertEquals(share(backward / ((2080.836496551724 + 2184.443630434783) / 2), doublePeak),
                cell(md, "conv bwd `cnn:3`", "reference fast1", 10), md);
    }

    /** A run without the float peak (the JMH JSON of before it existed) leaves the float rows' share blank. */
    @Test
    void floatRowsWithoutAFloatPeakHaveNoShareRatherThanOneOfTheDoublePeak() throws IOException {
        String md = Table.format(resource("/jmh-sample.json"), resource("/torch-sample.json"));
        assertTrue(md.contains("FMA peak, one core, fastest iteration: **19.1 GFLOP/s** in double (scalar"), md);
        assertFalse(md.contains(" in float ("), md);
        assertEquals("", cell(md, "train step `cnn`", "pytorch float 1T", 10), md);
        assertEquals(share(Cases.flopsPerExample("train", "cnn") * Cases.BATCH / 1e3
                / ((9865.579484011829 + 11225.220778012752) / 2), 8192 / 429.255574593023),
                cell(md, "train step `cnn`", "pytorch double 1T", 10), md);
    }

    /** A share as the table prints it: 12.3%. */
    private static String share(double gflops, double peak) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * gflops / peak);
    }

    /**
     * Cell {@code column} (0: case, 1: stack, ..., 10: of FMA peak) of the row of {@code stack} in the case
     * whose heading starts with {@code heading}; fails if there is none.
     */
    private static String cell(String md, String heading, String stack, int column) {
        String current = null;
        for (String line : md.lines().toList()) {
            if (!line.startsWith("| ") || line.startsWith("| case ")) {
                continue;
            }
            String[] cells = line.substring(1, line.length() - 1).split("\\|", -1);
            if (!cells[0].isBlank()) {
                current = cells[0].trim();
            }
            if (current.startsWith(heading) && cells[1].trim().equals(stack)) {
                return cells[column].trim();
            }
        }
        throw new AssertionError("no row " + stack + " in " + heading + ":\n" + md);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = TableTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /** One JMH-shaped result of one iteration of {@code micros} per call. */
    private static String result(String cls, String params, double micros) {
        return "{\"benchmark\": \"lab.bench." + cls + ".step\", \"params\": {" + params + "}, "
                + "\"primaryMetric\": {\"score\": " + micros + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"us/op\", "
                + "\"rawData\": [[" + micros + "]]}}";
    }
}
