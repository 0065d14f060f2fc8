package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A factory that returns null is a mistake in wiring the check: one sentence naming the case, no NPE. */
class NullFactoryTest {

    @Test
    void aLayerFactoryReturningNullIsRefusedNamingTheCase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LayerCheck.of("relu", c -> null).cases(1).run());
        assertEquals("your factory returned null for case relu on 3 x 2x10x8 -> 3 x 2x10x8 (N x C x H x W); it must "
                + "return your layer built for the case it is given (its input shape 2x10x8 and the settings of relu)",
                e.getMessage());
    }

    @Test
    void aLossSupplierReturningNullIsRefusedNamingTheCase() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LossCheck.of(() -> null).cases(1).run());
        assertTrue(e.getMessage().startsWith("your supplier returned null for case softmax-ce on "), e.getMessage());
        assertTrue(e.getMessage().endsWith("; it must return a new instance of your loss each time it is called (e.g. "
                + "MyLoss::new)"), e.getMessage());
    }
}
