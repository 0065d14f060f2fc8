package lab.kit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Random;

import lab.reference.Architecture;
import lab.reference.Shape;
import org.junit.jupiter.api.Test;

/**
 * The cases a check draws keep what the text form promised: the short form of a pool, whose windows must
 * tile the input, yields only cases whose windows tile, whatever window and stride they vary to; a layer's
 * settings that do not vary (dilation, same, nobias) stay as written; and a batch norm's input for the central
 * differences is spread enough to differentiate.
 */
class CaseSpaceTest {

    @Test
    void theShortFormOfAPoolYieldsOnlyCasesWhoseWindowsTile() {
        CaseSpace space = new CaseSpace(Architecture.parseLayers("maxpool(2)"),
                EnumSet.of(Setting.KERNEL, Setting.STRIDE));
        Random rng = new Random(1);
        int decoded = 0;
        for (int i = 0; i < 2000; i++) {
            Optional<LayerCase> c = space.decode(space.random(rng));
            if (c.isPresent()) {
                decoded++;
                Architecture.Pool p = (Architecture.Pool) c.get().layers().get(0);
                Shape in = c.get().input();
                assertTrue((in.h() - p.kh()) % p.sh() == 0 && (in.w() - p.kw()) % p.sw() == 0, c.get().toString());
            }
        }
        assertTrue(decoded > 100, "only " + decoded + " cases decoded");
    }

    @Test
    void settingsThatDoNotVaryStayAsWritten() {
        CaseSpace space = new CaseSpace(Architecture.parseLayers("conv(2,k3,d2,nobias)"), EnumSet.allOf(Setting.class));
        Random rng = new Random(2);
        int convs = 0;
        for (int i = 0; i < 500; i++) {
            Optional<LayerCase> c = space.decode(space.random(rng));
            if (c.isPresent()) {
                convs++;
                Architecture.Conv k = (Architecture.Conv) c.get().layers().get(0);
                assertEquals(2, k.dh());
                assertEquals(false, k.bias());
            }
        }
        CaseSpace same = new CaseSpace(Architecture.parseLayers("avgpool(k2,s2,same)"), EnumSet.allOf(Setting.class));
        int pools = 0;
        for (int i = 0; i < 500; i++) {
            Optional<LayerCase> c = same.decode(same.random(rng));
            if (c.isPresent()) {
                pools++;
                assertTrue(((Architecture.Pool) c.get().layers().get(0)).same());
            }
        }
        assertTrue(convs > 50 && pools > 50, convs + " convs and " + pools + " pools decoded");
    }

    @Test
    void aBatchNormBehindGapGetsItsOwnInputSpread() {
        Random rng = new Random(4);
        for (int i = 0; i < 200; i++) {
            LayerCase c = new LayerCase(2, new Shape(2, 3, 3), Architecture.parseLayers("gap-batchnorm"));
            double[] x = CaseCheck.smoothInput(c, rng);
            for (int ch = 0; ch < 2; ch++) {
                double[] mean = new double[2];
                for (int n = 0; n < 2; n++) {
                    for (int p = 0; p < 9; p++) {
                        mean[n] += x[(n * 2 + ch) * 9 + p] / 9;
                    }
                }
                assertTrue(Math.abs(mean[0] - mean[1]) / 2 >= 0.1, "channel " + ch + ": " + mean[0] + ", " + mean[1]);
            }
        }
    }

    @Test
    void aBatchNormsSmoothInputSpreadsEveryChannel() {
        Random rng = new Random(3);
        for (int i = 0; i < 300; i++) {
            LayerCase c = new LayerCase(2, new Shape(3, 1, 1), Architecture.parseLayers("batchnorm"));
            double[] x = CaseCheck.smoothInput(c, rng);
            for (int ch = 0; ch < 3; ch++) {
                assertTrue(Math.abs(x[ch] - x[3 + ch]) / 2 >= 0.1, "channel " + ch + ": " + x[ch] + ", " + x[3 + ch]);
            }
        }
    }
}
