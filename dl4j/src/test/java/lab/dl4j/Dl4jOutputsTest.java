package lab.dl4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Dl4jParams#output} finds, for each reference layer, the DL4J layer whose output is the same
 * tensor (DL4J folds activations into the layer before and has no flatten layer, so the indices differ),
 * and refuses the layers DL4J has no output for.
 */
class Dl4jOutputsTest {

    private static final Shape IN = new Shape(1, 12, 12);

    @Test
    void everyReferenceLayerOutputDl4jHasIsTheSameTensor() {
        for (String arch : List.of("conv(4,k3)-relu-maxpool(2)-flatten-dense(16)-relu-dense(10)",
                "conv(4,k3)-maxpool(2)-relu-gap-flatten-dense(10)", "local(3,k3)-relu-flatten-dense(10)")) {
            Architecture a = Architecture.parse(arch);
            Network ref = Network.create(a, IN, Init.XAVIER, 1);
            Dl4jNetworks.Built built = Dl4jNetworks.build(a, IN, DataType.DOUBLE, Dl4jNetworks.updater(lab.reference.Optimizer.sgd(0.1)),
                    Init.XAVIER, 1);
            Dl4jParams.toDl4j(ref, built);
            double[] x = new Random(2).doubles(IN.size()).toArray();
            INDArray input = Nd4j.create(x, new long[] {1, x.length}, 'c');
            double[] act = x;
            int compared = 0;
            for (int i = 0; i < ref.layers().size(); i++) {
                act = ref.layers().get(i).forward(act, 1);
                boolean folded = i + 1 < a.specs().size() && a.specs().get(i + 1) instanceof Architecture.Activation
                        && (a.specs().get(i) instanceof Architecture.Conv || a.specs().get(i) instanceof Architecture.Local
                        || a.specs().get(i) instanceof Architecture.Dense);
                boolean last = i == ref.layers().size() - 1;
                if (folded || last) {
                    int layer = i;
                    assertThrows(IllegalArgumentException.class, () -> Dl4jParams.output(built, input, layer), arch + " " + i);
                } else {
                    assertArrayEquals(act, Dl4jParams.output(built, input, i), 1e-12, arch + ", layer " + i);
                    compared++;
                }
            }
            assertTrue(compared >= 2, arch + ": compared " + compared);
        }
    }
}
