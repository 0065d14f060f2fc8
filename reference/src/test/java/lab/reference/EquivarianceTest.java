package lab.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * Translation equivariance, the first of the convolution's two assumptions: shift the input and the
 * output shifts with it (on the interior, where neither the border nor the zero fill is seen). A dense
 * layer, even one with an output per pixel, has no such property.
 */
class EquivarianceTest {

    @Property(tries = 200)
    void shiftingAConvsInputShiftsItsOutputOnTheInterior(
            @ForAll @IntRange(min = 1, max = 3) int c, @ForAll @IntRange(min = 1, max = 3) int f,
            @ForAll @IntRange(min = 1, max = 4) int kh, @ForAll @IntRange(min = 1, max = 4) int kw,
            @ForAll @IntRange(min = 0, max = 2) int ph, @ForAll @IntRange(min = 0, max = 2) int pw,
            @ForAll @IntRange(min = -3, max = 3) int dy, @ForAll @IntRange(min = -3, max = 3) int dx,
            @ForAll long seed) {
        int h = kh + Math.abs(dy) + 4; // room for an interior
        int w = kw + Math.abs(dx) + 4;
        Conv2D conv = new Conv2D(new Shape(c, h, w), f, kh, kw, 1, 1, ph, pw);
        Random rng = new Random(seed);
        GradCheck.randomize(java.util.List.of(conv), rng, 1.0);
        double[] x = GradCheck.gaussian(c * h * w, rng);
        double[] outOfShifted = conv.forward(shift(x, c, h, w, dy, dx), 1);
        double[] out = conv.forward(x, 1);
        Shape o = conv.outputShape();
        double worst = 0;
        int interior = 0;
        for (int ch = 0; ch < f; ch++) {
            for (int oh = 0; oh < o.h(); oh++) {
                for (int ow = 0; ow < o.w(); ow++) {
                    // Interior: every input row/col the window reads is inside x both before and after the shift.
                    int top = oh - ph;
                    int left = ow - pw;
                    if (top < Math.max(0, dy) || top + kh > Math.min(h, h + dy)
                            || left < Math.max(0, dx) || left + kw > Math.min(w, w + dx)) {
                        continue;
                    }
                    interior++;
                    double a = outOfShifted[(ch * o.h() + oh) * o.w() + ow];
                    double b = out[(ch * o.h() + oh - dy) * o.w() + ow - dx];
                    worst = Math.max(worst, Math.abs(a - b));
                }
            }
        }
        assertTrue(interior > 0, "no interior to compare");
        assertTrue(worst <= 1e-12, "conv(shift(x)) differs from shift(conv(x)) by " + worst + " on the interior");
    }

    @Test
    void aDenseLayerOnTheFlattenedImageIsNotShiftEquivariant() {
        int h = 8;
        int w = 8;
        Dense dense = new Dense(new Shape(1, h, w), h * w); // one output per pixel, read as an image
        Random rng = new Random(5);
        GradCheck.randomize(java.util.List.of(dense), rng, 1.0 / Math.sqrt(h * w));
        double[] x = GradCheck.gaussian(h * w, rng);
        int dy = 1;
        int dx = 2;
        double[] outOfShifted = dense.forward(shift(x, 1, h, w, dy, dx), 1);
        double[] shiftedOut = shift(dense.forward(x, 1), 1, h, w, dy, dx);
        double worst = 0;
        double scale = 0;
        for (int i = dy; i < h; i++) {
            for (int j = dx; j < w; j++) { // where the shifted output holds real values
                worst = Math.max(worst, Math.abs(outOfShifted[i * w + j] - shiftedOut[i * w + j]));
                scale = Math.max(scale, Math.abs(shiftedOut[i * w + j]));
            }
        }
        assertTrue(worst > 0.25 * scale, "dense(shift(x)) vs shift(dense(x)): worst " + worst + ", scale " + scale);
    }

    /** x (C, H, W) moved down by dy and right by dx; what moves in is zero. */
    static double[] shift(double[] x, int c, int h, int w, int dy, int dx) {
        double[] out = new double[x.length];
        for (int ch = 0; ch < c; ch++) {
            for (int i = 0; i < h; i++) {
                for (int j = 0; j < w; j++) {
                    int si = i - dy;
                    int sj = j - dx;
                    if (si >= 0 && si < h && sj >= 0 && sj < w) {
                        out[(ch * h + i) * w + j] = x[(ch * h + si) * w + sj];
                    }
                }
            }
        }
        return out;
    }
}
