package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lab train --lr 1e6}: on both stacks, exit 3 with one line naming epoch, step and rule, and a record. */
class DivergedTrainCommandTest {

    @TempDir
    Path dir;

    @Test
    void aHugeLearningRateExitsNonZeroOnBothStacksWithTheSameOneLineMessage() throws IOException {
        String expected = "lab: training diverged: loss became %s at epoch 1, step 2 of 43 (rule: the mean loss must "
                + "stay at or below 10 ln K = 23.03, K = 10 classes); 0 epoch(s) had finished (recorded in %s). Try a "
                + "smaller learning rate, e.g. --lr 100000";
        String loss = null;
        for (String stack : List.of("reference", "dl4j")) {
            Path json = dir.resolve(stack + ".jsonl");
            LabTest.Outcome o = LabTest.lab("train", "--arch", "mlp", "--epochs", "2", "--lr", "1e6", "--stack", stack,
                    "--json", json.toString());
            assertEquals(3, o.code(), o.err());
            List<String> lines = o.err().lines().filter(l -> l.startsWith("lab: ")).toList();
            assertEquals(1, lines.size(), o.err());
            JsonNode r = new ObjectMapper().readTree(Files.readAllLines(json).get(0));
            assertEquals("diverged", r.get("status").asText());
            assertEquals(1, r.get("stop").get("epoch").asInt());
            assertEquals(2, r.get("stop").get("step").asInt());
            assertEquals("loss above 10 ln K", r.get("stop").get("rule").asText());
            String printed = String.format("%.4g", r.get("stop").get("loss").asDouble());
            assertEquals(String.format(expected, printed, json), lines.get(0), stack);
            if (loss == null) {
                loss = printed;
            }
            assertEquals(loss, printed, "both stacks stop with the same exact loss");
        }
    }
}
