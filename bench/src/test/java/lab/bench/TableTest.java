package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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

    /** One JMH-shaped result of one iteration of {@code micros} per call. */
    private static String result(String cls, String params, double micros) {
        return "{\"benchmark\": \"lab.bench." + cls + ".step\", \"params\": {" + params + "}, "
                + "\"primaryMetric\": {\"score\": " + micros + ", \"scoreError\": \"NaN\", \"scoreUnit\": \"us/op\", "
                + "\"rawData\": [[" + micros + "]]}}";
    }
}
