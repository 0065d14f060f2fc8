package lab.compare.agree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Conv is shift-equivariant at machine precision on both stacks; 2x2 max-pooling keeps it only for even shifts. */
class EquivarianceBothStacksTest {

    @Test
    void convIsEquivariantOnBothStacksAndPoolingBreaksItForOddShifts() {
        List<Equivariance.Row> rows = Equivariance.measure(3);
        rows.forEach(System.out::println);
        for (Equivariance.Row r : rows) {
            boolean exact = !r.layers().contains("pool") || r.shift() % 2 == 0;
            if (exact) {
                assertTrue(r.reference() <= 1e-12 && r.dl4j() <= 1e-12, r.toString());
            } else {
                assertTrue(r.reference() > 0.05 && r.dl4j() > 0.05, "pooling should break exact equivariance: " + r);
            }
        }
        assertEquals(5, rows.size());
    }
}
