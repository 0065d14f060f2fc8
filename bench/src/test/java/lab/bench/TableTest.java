package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

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
        // The sample: FmaPeak.vectorized 400.731 ns for 8192 FLOPs; cnn naive 377220.235 us, direct
        // 61432.191 us, dl4j double 1T 80293.284 us (the best DL4J row) per step of 32 images.
        assertTrue(md.contains("**20.4 GFLOP/s**"), md);
        assertTrue(md.contains("| reference naive | 85 |"), md);
        assertTrue(md.contains(String.format("| %.2fx | %.2fx |", 377220.235 / 61432.191, 80293.284 / 61432.191)), md);
        assertTrue(md.contains("| dl4j double 1T | 399 |"), md);
        assertEquals(6, md.lines().filter(l -> l.contains("reference") || l.contains("| dl4j")).count(), md);
    }
}
