package lab.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * The text form of the layers people write by hand (batch norm, dilation, same padding, depthwise and
 * transposed convs, bias-free layers, padded and floor-mode pools, upsampling, more activations): what each
 * parses to, that each prints back as it was written, and the one-line errors of the forms that are not.
 */
class LayerGrammarTest {

    @Test
    void eachNewFormParsesToItsSettings() {
        List<Architecture.Spec> specs = Architecture.parseLayers("conv(8,k3,s2,same,d2x1,nobias)-local(4,nobias)"
                + "-dwconv(2,k5,s2,p2)-deconv(3,k4,s2,p1,nobias)-maxpool(k3,s2,p1)-avgpool(k2,same)-upsample(2x3)"
                + "-batchnorm-sigmoid-leakyrelu-leakyrelu(0.2)-softmax-dense(10,nobias)");
        assertEquals(List.of(new Architecture.Conv(8, 3, 3, 2, 2, 0, 0, 2, 1, true, false),
                new Architecture.Local(4, 3, 3, 1, 1, 0, 0, false),
                new Architecture.DepthwiseConv(2, 5, 5, 2, 2, 2, 2, true),
                new Architecture.Deconv(3, 4, 4, 2, 2, 1, 1, false),
                new Architecture.Pool(Architecture.PoolKind.MAX, 3, 3, 2, 2, 1, 1, false, false),
                new Architecture.Pool(Architecture.PoolKind.AVG, 2, 2, 2, 2, 0, 0, true, false),
                new Architecture.Upsample(2, 3), new Architecture.BatchNorm(),
                new Architecture.Activation(Architecture.ActivationKind.SIGMOID),
                new Architecture.Activation(Architecture.ActivationKind.LEAKYRELU, 0.01),
                new Architecture.Activation(Architecture.ActivationKind.LEAKYRELU, 0.2),
                new Architecture.Activation(Architecture.ActivationKind.SOFTMAX),
                new Architecture.Dense(10, false)), specs);
    }

    @Test
    void everyNewFormPrintsBackAsWritten() {
        for (String text : List.of("conv(8,k3,s2,same,d2x1,nobias)", "conv(4,k3,p1,d2)", "local(4,k3,nobias)",
                "dwconv(2,k5,s2,p2)", "deconv(3,k4,s2,p1,nobias)", "maxpool(k3,s2,p1)", "avgpool(k2,s2,same)",
                "maxpool(k2,s2)", "maxpool(2)", "upsample(2x3)", "upsample(2)", "batchnorm", "sigmoid",
                "leakyrelu(0.01)", "leakyrelu(0.0001)", "softmax", "dense(10,nobias)")) {
            assertEquals(text, Architecture.text(Architecture.parseLayers(text)));
        }
        // the defaults written out: leakyrelu's slope, and a long form that happens to tile stays the long form
        assertEquals("leakyrelu(0.01)", Architecture.text(Architecture.parseLayers("leakyrelu")));
        assertEquals("maxpool(k2,s2)", Architecture.text(Architecture.parseLayers("maxpool(k2)")));
    }

    @Test
    void onlyTheShortFormOfAPoolMustTileItsInput() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Architecture.parse("maxpool(2)-dense(10)").layers(new Shape(1, 5, 5)));
        assertTrue(e.getMessage().contains("does not tile"), e.getMessage());
        assertEquals(new Architecture.Pool(Architecture.PoolKind.MAX, 2, 2, 2, 2, 0, 0, false, true),
                Architecture.parseLayers("maxpool(2)").get(0));
        assertEquals(new Architecture.Pool(Architecture.PoolKind.MAX, 2, 2, 2, 2, 0, 0, false, false),
                Architecture.parseLayers("maxpool(k2,s2)").get(0));
    }

    @Test
    void malformedNewFormsNameWhatIsWrong() {
        assertMessage("conv(4,k3,p1,same)-dense(10)", "layer 1", "give p or same, not both");
        assertMessage("maxpool(k3,p1,same)-dense(10)", "layer 1", "give p or same, not both");
        assertMessage("local(4,d2)-dense(10)", "unknown local argument 'd2'");
        assertMessage("local(4,same)-dense(10)", "unknown local argument 'same'");
        assertMessage("conv(4,q2)-dense(10)", "unknown conv argument 'q2'", "dH[xW] (dilation)");
        assertMessage("conv(4,d0)-dense(10)", "dilation 'd0' must be at least 1");
        assertMessage("dwconv-dense(10)", "dwconv needs its number of depth multiplier");
        assertMessage("leakyrelu(2)-dense(10)", "leakyrelu takes one argument");
        assertMessage("leakyrelu(1e-3)-dense(10)", "layer 1");
        assertMessage("leakyrelu(0.0)-dense(10)", "slope must be between 0 and 1");
        assertMessage("dense(10,bias)", "dense(10,nobias)");
        assertMessage("upsample-dense(10)", "upsample takes one argument");
        assertMessage("upsample(0)-dense(10)", "factor '0' must be at least 1");
        assertMessage("batchnorm(0.9)-dense(10)", "batchnorm takes no arguments");
        assertMessage("softmax(1)-dense(10)", "softmax takes no arguments");
        assertMessage("norm-dense(10)", "unknown layer 'norm'", "batchnorm", "deconv", "leakyrelu");
    }

    private static void assertMessage(String text, String... parts) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Architecture.parse(text));
        for (String part : parts) {
            assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should contain '" + part + "'");
        }
    }
}
