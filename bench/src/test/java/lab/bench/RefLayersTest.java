package lab.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import lab.compare.speed.Cases;
import lab.compare.speed.Inputs;
import lab.compare.speed.Ways;
import lab.reference.Layer;
import lab.reference.Param;
import org.junit.jupiter.api.Test;

/**
 * The layer benchmarks' float variant times what its name says: the float twin of the very layer the double
 * variants time (the same weights, the same batch), computing dx as they do, also for a network's first layer.
 */
class RefLayersTest {

    /**
     * float1's forward and backward agree with fast1's within float's rounding, bounded per value: rounding x
     * and w and summing k terms in float errs by at most (k + 3) * 2^-24 * sum |w| |x| (+ |b|), which the spec's
     * loops compute on |w| and the (non-negative) batch. A wrong weight, input or seed misses by far more.
     */
    @Test
    void float1IsTheFloatTwinOfTheSameLayerOnTheSameBatchAndComputesDx() {
        List<String> cases = new ArrayList<>(Cases.CONV_LAYERS);
        cases.addAll(Cases.DENSE_LAYERS);
        for (String layerCase : cases) {
            RefLayers.Timed single = RefLayers.build("float1", layerCase);
            RefLayers.Timed twin = RefLayers.build("fast1", layerCase);
            Layer abs = Ways.layers("naive", Cases.modelOf(layerCase)).get(Cases.indexOf(layerCase));
            for (Param p : abs.params()) {
                for (int i = 0; i < p.size(); i++) {
                    p.value()[i] = Math.abs(p.value()[i]);
                }
            }
            int in = abs.inputShape().size(), out = abs.outputShape().size();
            double[] sums = abs.forward(Inputs.uniform(Cases.BATCH * in, 2), Cases.BATCH);
            within(layerCase + " forward", (float[]) single.forward(), (double[]) twin.forward(), sums, in);
            double[] dxSums = abs.backward(Inputs.uniform(Cases.BATCH * out, 4));
            float[] dx = (float[]) single.backward();
            assertEquals(Cases.BATCH * in, dx.length, layerCase + ": float1's backward computes dx");
            within(layerCase + " dx", dx, (double[]) twin.backward(), dxSums, out);
        }
    }

    private static void within(String what, float[] actual, double[] expected, double[] sums, int terms) {
        assertEquals(expected.length, actual.length, what);
        double gamma = (terms + 3) * 0x1p-24;
        for (int i = 0; i < expected.length; i++) {
            double bound = gamma * sums[i];
            assertTrue(Math.abs(actual[i] - expected[i]) <= bound,
                    what + "[" + i + "]: float " + actual[i] + ", double " + expected[i] + ", bound " + bound);
        }
    }
}
