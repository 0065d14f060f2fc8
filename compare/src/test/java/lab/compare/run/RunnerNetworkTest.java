package lab.compare.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import lab.fast.FastNetwork;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/** The one place compare builds a reference network runs it on the loops the spec names, from the same weights. */
class RunnerNetworkTest {

    @Test
    void naiveKernelsBuildTheSpecsLoopsAndFastTheFastPathFromTheSameWeights() {
        RunSpec fast = RunSpec.builder().arch("cnn").seed(3).threads(2).build();
        RunSpec naive = fast.toBuilder().threads(1).kernels(Loops.NAIVE).build();
        Shape in = new Shape(1, 8, 8);
        Runner.Reference n = Runner.network(naive, in);
        Runner.Reference f = Runner.network(fast, in);
        assertSame(n.spec(), n.model(), "the naive loops train the spec network itself");
        FastNetwork twins = assertInstanceOf(FastNetwork.class, f.model());
        assertEquals(2, twins.threads());
        assertSame(f.spec(), twins.spec(), "the fast twins train the spec network's parameters");
        assertArrayEquals(n.spec().params().get(0).param().value(), f.spec().params().get(0).param().value());
    }

    @Test
    void naiveKernelsOnSeveralThreadsAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RunSpec.builder().arch("mlp").threads(2).kernels(Loops.NAIVE).build());
        assertEquals("--kernels naive runs the spec's loops on one thread; give --threads 1 or --kernels fast "
                + "(got --threads 2)", e.getMessage());
    }
}
