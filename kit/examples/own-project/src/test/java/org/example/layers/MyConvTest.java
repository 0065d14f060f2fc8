package org.example.layers;

import lab.kit.LayerCheck;
import lab.kit.Setting;
import lab.reference.Architecture;
import org.junit.jupiter.api.Test;

/** The kit's verdict on MyConv: DL4J's conv on generated cases, forward, dx, dW and db, element by element. */
class MyConvTest {

    @Test
    void myConvAgreesWithDl4j() {
        LayerCheck.of("conv(4,k3,s2,p1)", c -> {
                    Architecture.Conv k = c.layer(Architecture.Conv.class); // this case's settings
                    return new MyConv(c.input(), k.filters(), k.kh(), k.kw(), k.sh(), k.sw(), k.ph(), k.pw());
                })
                .varying(Setting.FILTERS, Setting.KERNEL, Setting.STRIDE, Setting.PADDING)
                .assertAgrees();
    }
}
