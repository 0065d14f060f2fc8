package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/**
 * A result built by name writes the line a positional one did: every field under its own name, in the
 * record's order, trace and loss curve only when there is one; and a copy from {@link RunResult#toBuilder}
 * writes the same line as its original.
 */
class RunResultBuilderTest {

    private static final RunSpec SPEC = RunSpec.builder().arch("cnn").optimizer(OptimizerKind.ADAM).lr(0.005)
            .epochs(1).seed(3).permuteSeed(3L).maxShift(1).build();

    /** A result with every field set to something of its own. */
    private static RunResult full() {
        return RunResult.builder(SPEC, RunResult.Status.DIVERGED).error("loss became NaN").init("he").split("planted")
                .trainSize(100).testSize(50).parameters(1000).testAccuracy(0.25).finalTrainLoss(0.5)
                .finalTrainAccuracy(0.75).seconds(1.5).imagesPerSecond(66.5)
                .history(List.of(new RunResult.Epoch(1, 0.5, 0.75, 1.5))).confusion(new int[][] {{1, 2}, {3, 4}})
                .firstLayer(new double[] {0.1, 0.2}, new int[] {2, 1, 1, 1}).finished("2026-12-07T10:00:00Z")
                .locality(0.3).shiftAccuracy(new double[] {0.25, 0.125}).stop(new RunResult.Stop(1, 2, 3.5, "planted"))
                .trace("at planted").lossCurve(new double[] {2.5, Double.NaN}).build();
    }

    private static List<String> fields(String json) throws Exception {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = new ObjectMapper().readTree(json).fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    @Test
    void everyFieldIsWrittenUnderItsNameInTheRecordsOrder() throws Exception {
        List<String> components = Arrays.stream(RunResult.class.getRecordComponents()).map(RecordComponent::getName)
                .toList();
        String json = ResultsFile.toJson(full());
        assertEquals(components, fields(json));
        JsonNode line = new ObjectMapper().readTree(json);
        assertEquals("diverged", line.get("status").asText());
        assertEquals(66.5, line.get("imagesPerSecond").asDouble());
        assertEquals("[0.1,0.2]", line.get("firstLayerWeights").toString());
        assertEquals("[2,1,1,1]", line.get("firstLayerShape").toString());
        assertEquals("{\"epoch\":1,\"step\":2,\"loss\":3.5,\"rule\":\"planted\"}", line.get("stop").toString());
        assertEquals("at planted", line.get("trace").asText());
    }

    @Test
    void aCopyAndALineReadBackWriteTheSameLine() throws Exception {
        for (RecordComponent c : RunResult.class.getRecordComponents()) { // so that the copy has every field to lose
            Object v = c.getAccessor().invoke(full());
            assertTrue(v != null && !(v instanceof Number n && (n.doubleValue() == 0 || Double.isNaN(n.doubleValue())))
                    && !List.of().equals(v), "full() leaves " + c.getName() + " at its default");
        }
        String json = ResultsFile.toJson(full());
        assertEquals(json, ResultsFile.toJson(full().toBuilder().build()));
        assertEquals(json, ResultsFile.toJson(ResultsFile.fromJson(json, RunResult.class)));
    }

    @Test
    void slimDropsOnlyADenseLayersWeights() throws Exception {
        RunResult dense = full().toBuilder().firstLayer(new double[] {0.1, 0.2}, new int[] {1, 2}).build();
        ObjectNode expected = (ObjectNode) new ObjectMapper().readTree(ResultsFile.toJson(dense));
        expected.putNull("firstLayerWeights");
        expected.putNull("firstLayerShape");
        assertEquals(expected, new ObjectMapper().readTree(ResultsFile.toJson(dense.slim())));
        assertEquals(ResultsFile.toJson(full()), ResultsFile.toJson(full().slim())); // a convolution's stay
    }

    @Test
    void aFailedJobKeepsItsErrorTraceAndTimeAndMeasuresNothing() throws Exception {
        RunResult r = RunResult.failed(SPEC, new IllegalStateException("planted\nsecond line"), 0.25);
        String json = ResultsFile.toJson(r);
        List<String> names = fields(json);
        assertFalse(names.contains("lossCurve"), json); // NON_NULL: no curve, no field
        assertTrue(names.contains("trace"), json);
        JsonNode line = new ObjectMapper().readTree(json);
        assertEquals("failed", line.get("status").asText());
        assertEquals("java.lang.IllegalStateException: planted", line.get("error").asText());
        assertTrue(line.get("trace").asText().startsWith("java.lang.IllegalStateException: planted"), json);
        assertEquals(0.25, r.seconds());
        assertTrue(Double.isNaN(r.testAccuracy()) && Double.isNaN(r.finalTrainLoss())
                && Double.isNaN(r.finalTrainAccuracy()) && Double.isNaN(r.locality()), json);
        assertEquals(List.of(), r.history());
        assertEquals(0, r.trainSize() + r.testSize() + r.parameters());
        assertEquals(0.0, r.imagesPerSecond());
        assertTrue(r.init() == null && r.split() == null && r.confusion() == null && r.firstLayerWeights() == null
                && r.shiftAccuracy() == null && r.stop() == null && r.finished() != null, json);
    }
}
