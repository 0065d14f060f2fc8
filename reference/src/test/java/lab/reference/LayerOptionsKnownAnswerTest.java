package lab.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

/**
 * The options on the existing layers worked by hand, where a gradient check cannot see a mistake (a
 * forward consistently wrong passes one): which side Same's odd padding row goes to, where dilated taps
 * land, what a padded average divides by, that floor mode's dropped row gets no gradient and that padding
 * never wins a max; then the text form of each option, and the settings refused.
 */
class LayerOptionsKnownAnswerTest {

    @Test
    void sameConvWithAnEvenKernelPadsTheExtraRowAtTheBottomAndTheExtraColumnAtTheRight() {
        // x (1,1,2,2) = [[1,2],[3,4]], kernel 2x2, stride 1, Same: OH = OW = 2, total padding 1 per axis,
        // top/left 0, bottom/right 1. w = [[1,10],[100,1000]], so each digit of out names the tap that read
        // which input:
        //   out[0,0] = 1*1 + 10*2 + 100*3 + 1000*4 = 4321    out[0,1] = 1*2 + 100*4 = 402 (column 2 padding)
        //   out[1,0] = 1*3 + 10*4 = 43 (row 2 padding)        out[1,1] = 1*4 = 4
        // Padding at the top and left instead would give out[0,0] = 1000*1 = 1000.
        Conv2D conv = new Conv2D(new Shape(1, 2, 2), 1, 2, 2, 1, 1, 0, 0, 1, 1, true, true);
        assertEquals(new Window(2, 2, 1, 1, 0, 0, 2, 2, 1, 1), conv.window());
        System.arraycopy(new double[] {1, 10, 100, 1000}, 0, conv.params().get(0).value(), 0, 4);
        assertArrayEquals(new double[] {4321, 402, 43, 4}, conv.forward(new double[] {1, 2, 3, 4}, 1), 0);
        // dout = 1 everywhere: dx sums the taps that read each input, dW the inputs each tap read, db = 4.
        //   dx[0,0] = 1; dx[0,1] = 10 + 1; dx[1,0] = 100 + 1; dx[1,1] = 1000 + 100 + 10 + 1
        //   dW[0,0] = 1+2+3+4 = 10; dW[0,1] = 2+4 = 6; dW[1,0] = 3+4 = 7; dW[1,1] = 4
        assertArrayEquals(new double[] {1, 11, 101, 1111}, conv.backward(new double[] {1, 1, 1, 1}), 0);
        assertArrayEquals(new double[] {10, 6, 7, 4}, conv.params().get(0).grad(), 0);
        assertArrayEquals(new double[] {4}, conv.params().get(1).grad(), 0);
    }

    @Test
    void samePaddingSplitsAnOddTotalWithTheExtraRowAfter() {
        // H = 7, kernel 4, stride 2: OH = ceil(7/2) = 4, total = 3*2 + 4 - 7 = 3: top 1, bottom 2.
        // W = 6, kernel 3, stride 3, dilation 2 (extent 5): OW = 2, total = 1*3 + 5 - 6 = 2: left 1, right 1.
        // H = 7, kernel 1, stride 4: OH = 2, (2-1)*4 + 1 - 7 < 0: no padding at all.
        assertEquals(1, Window.sameTopPadding(7, 4, 2, 1));
        assertEquals(1, Window.sameTopPadding(6, 3, 3, 2));
        assertEquals(0, Window.sameTopPadding(7, 1, 4, 1));
        Conv2D conv = new Conv2D(new Shape(1, 7, 6), 1, 4, 3, 2, 3, 0, 0, 1, 2, true, false);
        assertEquals(new Window(4, 3, 2, 3, 1, 1, 4, 2, 1, 2), conv.window());
    }

    @Test
    void dilatedConvReadsTapsDilationApart() {
        // x (1,1,3,3) = 1..9, kernel 2x2 dilated 2x2 (extent 3x3): one output, reading the four corners
        // 1, 3, 7, 9. w = [[1,10],[100,1000]], b = 0.5: out = 1 + 30 + 700 + 9000 + 0.5.
        Conv2D conv = new Conv2D(new Shape(1, 3, 3), 1, 2, 2, 1, 1, 0, 0, 2, 2, false, true);
        assertEquals(new Shape(1, 1, 1), conv.outputShape());
        System.arraycopy(new double[] {1, 10, 100, 1000}, 0, conv.params().get(0).value(), 0, 4);
        conv.params().get(1).value()[0] = 0.5;
        assertArrayEquals(new double[] {9731.5}, conv.forward(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1), 0);
        // dout = 2: the corners get 2 w, the others nothing; dW = 2 x at the corners.
        assertArrayEquals(new double[] {2, 0, 20, 0, 0, 0, 200, 0, 2000}, conv.backward(new double[] {2}), 0);
        assertArrayEquals(new double[] {2, 6, 14, 18}, conv.params().get(0).grad(), 0);
    }

    @Test
    void dilatedConvWithPaddingAcrossARow() {
        // x (1,1,1,5) = 1..5, kernel 1x3 dilated 1x2 (extent 5), padding 0x2: OW = (5 + 4 - 5) + 1 = 5, and
        // out[ow] = w0 x[ow-2] + w1 x[ow] + w2 x[ow+2] with w = (1, 10, 100), x outside 0..4 padding:
        //   ow0: 10*1 + 100*3 = 310   ow1: 10*2 + 100*4 = 420   ow2: 1 + 30 + 500 = 531
        //   ow3: 2 + 40 = 42          ow4: 3 + 50 = 53
        Conv2D conv = new Conv2D(new Shape(1, 1, 5), 1, 1, 3, 1, 1, 0, 2, 1, 2, false, false);
        System.arraycopy(new double[] {1, 10, 100}, 0, conv.params().get(0).value(), 0, 3);
        assertArrayEquals(new double[] {310, 420, 531, 42, 53}, conv.forward(new double[] {1, 2, 3, 4, 5}, 1), 0);
    }

    @Test
    void avgPoolAtAPaddedCornerDividesByTheInputsItCovers() {
        // x (1,1,3,3) = 1..9, window 3x3, stride 1, padding 1: OH = OW = 3. Padding is left out of the
        // divisor (AvgPool2D.PADDING_IN_DIVISOR false; flipping it must change these numbers to sums / 9):
        //   corner (0,0) covers 1,2,4,5: 12 / 4 = 3       edge (0,1) covers 1..6: 21 / 6 = 3.5
        //   centre (1,1) covers all nine: 45 / 9 = 5      corner (2,2) covers 5,6,8,9: 28 / 4 = 7
        AvgPool2D pool = new AvgPool2D(new Shape(1, 3, 3), 3, 3, 1, 1, 1, 1, false, false);
        double[] out = pool.forward(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1);
        assertArrayEquals(new double[] {3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7}, out, 1e-15);
        // dout 1 at the corner alone: a quarter to each of its four inputs, nothing elsewhere.
        double[] dout = new double[9];
        dout[0] = 1;
        assertArrayEquals(new double[] {0.25, 0.25, 0, 0.25, 0.25, 0, 0, 0, 0}, pool.backward(dout), 0);
    }

    @Test
    void floorModePoolsDropTheRowAndColumnPastTheLastWindowAndGiveThemNoGradient() {
        // x (1,1,3,3) = 1..9, window 2x2 at stride 2: (3 - 2) / 2 + 1 = 1 window, over 1,2,4,5. Row 2 and
        // column 2 are dropped, though they hold the largest values.
        double[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9};
        MaxPool2D max = new MaxPool2D(new Shape(1, 3, 3), 2, 2, 2, 2, 0, 0, false, false);
        assertArrayEquals(new double[] {5}, max.forward(x, 1), 0);
        assertArrayEquals(new double[] {0, 0, 0, 0, 7, 0, 0, 0, 0}, max.backward(new double[] {7}), 0);
        AvgPool2D avg = new AvgPool2D(new Shape(1, 3, 3), 2, 2, 2, 2, 0, 0, false, false);
        assertArrayEquals(new double[] {3}, avg.forward(x, 1), 0);
        assertArrayEquals(new double[] {2, 2, 0, 2, 2, 0, 0, 0, 0}, avg.backward(new double[] {8}), 0);
    }

    @Test
    void paddingNeverWinsAMaxNotEvenOverMinusInfinity() {
        // x (1,1,2,2) all negative, window 3x3, stride 1, padding 1: OH = OW = 2, and every window covers
        // all four inputs. Were padding a 0, every output would be 0.
        MaxPool2D pool = new MaxPool2D(new Shape(1, 2, 2), 3, 3, 1, 1, 1, 1, false, false);
        assertArrayEquals(new double[] {-1, -1, -1, -1}, pool.forward(new double[] {-4, -3, -2, -1}, 1), 0);
        assertArrayEquals(new double[] {0, 0, 0, 10}, pool.backward(new double[] {1, 2, 3, 4}), 0);
        // All -infinity: the first input of each window wins (here x[0,0] for every window), not the padding.
        double inf = Double.NEGATIVE_INFINITY;
        assertArrayEquals(new double[] {inf, inf, inf, inf}, pool.forward(new double[] {inf, inf, inf, inf}, 1), 0);
        assertArrayEquals(new int[] {0, 0, 0, 0}, pool.argmax());
    }

    @Test
    void eachOptionDescribesItselfInTheTextFormAndReadsBack() {
        Shape in = new Shape(2, 8, 7);
        List<Layer> layers = List.of(
                new Conv2D(in, 4, 3, 3, 1, 1, 1, 1, 2, 2, false, true),
                new Conv2D(in, 4, 2, 3, 2, 2, 0, 0, 1, 1, true, false),
                new LocallyConnected2D(in, 3, 2, 2, 1, 1, 0, 0, false),
                new Dense(in, 5, false),
                new MaxPool2D(in, 3, 3, 2, 2, 1, 1, false, false),
                new AvgPool2D(in, 2, 2, 2, 2, 0, 0, true, false),
                new MaxPool2D(in, 2, 2, 2, 2, 0, 0, false, false),
                new MaxPool2D(new Shape(1, 4, 4), 2, 2, 2, 2));
        List<String> texts = List.of("conv(4,k3,p1,d2)", "conv(4,k2x3,s2,same,nobias)", "local(3,k2,nobias)",
                "dense(5,nobias)", "maxpool(k3,s2,p1)", "avgpool(k2,s2,same)", "maxpool(k2,s2)", "maxpool(2)");
        assertEquals(texts, layers.stream().map(Layer::describe).toList());
        for (String text : texts) {
            assertEquals(text, Architecture.parseLayers(text).get(0).toString());
        }
    }

    @Test
    void impossibleOptionsAreRefusedNamingTheLayerAndTheFault() {
        Shape in = new Shape(1, 4, 4);
        assertMessage(() -> new MaxPool2D(in, 3, 3, 1, 1, 3, 0, false, false),
                "maxpool(k3,s1,p3x0): padding 3x0 must be smaller than the window 3x3 (a window of padding alone has"
                        + " nothing to pool)");
        assertMessage(() -> new AvgPool2D(new Shape(1, 2, 9), 5, 2, 1, 1, 1, 0, false, false),
                "avgpool(k5x2,s1,p1x0): window 5x2 does not fit input 2x9 with padding 1x0");
        assertMessage(() -> new AvgPool2D(in, 2, 2, 2, 2, 1, 1, false, true),
                "avgpool(2): windows that must tile the input take no padding");
        assertMessage(() -> new MaxPool2D(in, 2, 2, 2, 2, 0, 0, true, true),
                "maxpool(2): windows that must tile the input take no padding");
        assertMessage(() -> new Conv2D(in, 2, 3, 3, 1, 1, 1, 1, 1, 1, true, true),
                "same computes its own padding; give p or same, not both");
        assertMessage(() -> new Conv2D(in, 2, 3, 3, 1, 1, 0, 0, 2, 0, false, true),
                "conv(2,k3,d2x0): filters, kernel, stride and dilation must be >= 1, padding >= 0");
        assertMessage(() -> new Conv2D(in, 2, 3, 3, 1, 1, 0, 0, 2, 2, false, true),
                "conv(2,k3,d2): kernel 3x3 (dilated to 5x5) does not fit input 4x4 with padding 0x0");
        assertMessage(() -> new Dense(in, 0, false), "dense(0,nobias): units must be >= 1");
    }

    private static void assertMessage(Supplier<Object> build, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build::get);
        assertEquals(message, e.getMessage());
    }

    @Test
    void theWindowsSayWhetherTheyReadPadding() {
        // Same on 5 with window 2 at stride 2 pads only the bottom (total 1, top 0): PH is 0 and yet the last
        // window reads a padded row; a kernel without padding must not take it.
        Window bottomOnly = new MaxPool2D(new Shape(1, 5, 4), 2, 2, 2, 2, 0, 0, true, false).window();
        assertEquals(Arrays.asList(0, 0, 3, 2), Arrays.asList(bottomOnly.ph(), bottomOnly.pw(), bottomOnly.oh(),
                bottomOnly.ow()));
        assertFalse(bottomOnly.withinInput(5, 4));
        assertTrue(new MaxPool2D(new Shape(1, 5, 4), 2, 2, 2, 2, 0, 0, false, false).window().withinInput(5, 4));
        assertFalse(new Conv2D(new Shape(1, 5, 4), 1, 3, 3, 1, 1, 1, 0).window().withinInput(5, 4));
    }
}
