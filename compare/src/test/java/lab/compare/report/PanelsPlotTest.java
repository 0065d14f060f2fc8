package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

import lab.compare.report.Plots.Series;
import lab.compare.report.Plots.YRange;

/**
 * What a grid's figure promises its reader: an accuracy axis inside [0, 100] unless an interval reaches beyond
 * (and then the caption says so), a free axis that shows 0, a cell whose seeds all diverged still marked, lines
 * told apart without colour, panels that share their axes, and no interval claimed with one seed.
 */
class PanelsPlotTest {

    private static final double NA = Double.NaN;

    private static Series line(String name, double[] y, double[] err, int... diverged) {
        double[] x = new double[y.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.pow(10, i - 3); // 0.001, 0.01, ...
        }
        return new Series(name, x, y, err, diverged.length == 0 ? new int[y.length] : diverged);
    }

    private static Plots.Figure one(YRange range, long seeds, Series... lines) {
        return Plots.figure("t", "lr", "test accuracy %", true, range, List.of("panel"), List.of(List.of(lines)),
                seeds);
    }

    @Test
    void anAccuracyAxisStaysInsideZeroToHundredWhenTheIntervalsDo() {
        // an accuracy near 0 and one near 100: the axis once ran down to -10 around such data
        Plots.Figure f = one(YRange.ACCURACY, 3, line("a", new double[] {2, 50, 99.5}, new double[] {1.5, 2, 0.4}));
        assertEquals(0, f.charts().get(0).getStyler().getYAxisMin());
        assertEquals(100, f.charts().get(0).getStyler().getYAxisMax());
        assertFalse(f.caption().contains("reaches"), f.caption());
        // data high up: the axis zooms to it, whole points, still inside, and its title says it is zoomed
        Plots.YAxis y = Plots.yAxis(YRange.ACCURACY,
                List.of(List.of(line("b", new double[] {96, 97.5}, new double[] {0.5, 0.5}))), true);
        assertEquals(new Plots.YAxis(94, 99, ""), y);
        assertTrue(one(YRange.ACCURACY, 3, line("b", new double[] {96, 97.5}, new double[] {0.5, 0.5})).yTitle()
                .endsWith(Plots.ZOOMED));
    }

    @Test
    void anAccuracyAxisPassesHundredOrZeroOnlyAsFarAsAnIntervalAndTheCaptionSaysSo() {
        Plots.Figure above = one(YRange.ACCURACY, 2, line("a", new double[] {96, 80}, new double[] {5.5, 1}));
        assertEquals(102, above.charts().get(0).getStyler().getYAxisMax(), "just past 101.5");
        assertTrue(above.caption().contains("A 95% interval reaches above 100 (to 101.5), so the y axis runs to 102"),
                above.caption());
        Plots.Figure below = one(YRange.ACCURACY, 2, line("a", new double[] {3, 20}, new double[] {5, 1}));
        assertEquals(-2, below.charts().get(0).getStyler().getYAxisMin(), "just past -2");
        assertTrue(below.caption().contains("below 0 (to -2.0), so the y axis runs down to -2"), below.caption());
        Plots.Figure both = one(YRange.ACCURACY, 2, line("a", new double[] {96, 3}, new double[] {5.5, 5}));
        assertTrue(both.caption().contains("95% intervals reach above 100 (to 101.5) and below 0 (to -2.0), so the y "
                + "axis runs from -2 to 102"), both.caption());
        // one seed draws no interval, so the same numbers keep the axis inside
        Plots.Figure oneSeed = one(YRange.ACCURACY, 1, line("a", new double[] {96, 80}, new double[] {5.5, 1}));
        assertEquals(98, oneSeed.charts().get(0).getStyler().getYAxisMax(), "96 and a little room");
        assertFalse(oneSeed.caption().contains("reaches"), oneSeed.caption());
    }

    @Test
    void aFreeAxisAlwaysShowsZero() {
        Plots.YAxis positive = Plots.yAxis(YRange.FREE, List.of(List.of(line("gap", new double[] {5, 10},
                new double[] {1, 1}))), true);
        assertEquals(0, positive.lo(), "gaps of 4 to 11 points: the axis still starts at 0");
        assertTrue(positive.hi() > 11);
        Plots.YAxis negative = Plots.yAxis(YRange.FREE, List.of(List.of(line("gap", new double[] {-10, -5},
                new double[] {NA, NA}))), true);
        assertEquals(0, negative.hi(), "gaps below 0: the axis still reaches 0");
        assertTrue(negative.lo() < -10);
    }

    @Test
    void aCellWhoseSeedsAllDivergedIsStillMarkedAtTheBottom() {
        Plots.Figure f = one(YRange.ACCURACY, 3,
                line("cnn", new double[] {90, 92, NA}, new double[] {1, 1, NA}, 0, 1, 3),
                line("mlp", new double[] {NA, NA, NA}, new double[] {NA, NA, NA}, 0, 0, 2));
        XYChart chart = f.charts().get(0);
        XYSeries marks = chart.getSeriesMap().get(Plots.DIVERGED);
        assertNotNull(marks, "no diverged mark drawn");
        double bottom = chart.getStyler().getYAxisMin();
        // cnn: one seed of three diverged at 0.01 (marked at its mean), none finished at 0.1; mlp: none at 0.1
        assertArrayEquals(new double[] {0.01, 0.1, 0.1}, marks.getXData(), 1e-15);
        assertArrayEquals(new double[] {92, bottom, bottom}, marks.getYData(), 1e-15);
        assertTrue(f.diverged());
        assertTrue(f.caption().contains("A black cross marks a point where a seed diverged or failed"), f.caption());
        // the cnn line keeps its gap at the missing cell instead of joining across it
        assertTrue(Double.isNaN(chart.getSeriesMap().get("cnn").getYData()[2]));

        Plots.Figure clean = one(YRange.ACCURACY, 3, line("cnn", new double[] {90, 92}, new double[] {1, 1}));
        assertNull(clean.charts().get(0).getSeriesMap().get(Plots.DIVERGED));
        assertFalse(clean.caption().contains("cross"), clean.caption());
    }

    @Test
    void twelveLinesDifferInMarkerAndLineStyleAloneAndKeepTheirStyleInEveryPanel() {
        List<Series> first = new ArrayList<>();
        List<Series> second = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            first.add(line("s" + k, new double[] {k, k + 1}, new double[] {NA, NA}));
            second.add(0, line("s" + k, new double[] {k + 2, k + 3}, new double[] {NA, NA})); // the other order
        }
        Plots.Figure f = Plots.figure("t", "x", "y", false, YRange.FREE, List.of("a", "b"), List.of(first, second), 2);
        Set<List<Object>> greyscale = new HashSet<>();
        Set<Color> okabeIto = Set.of(Plots.OKABE_ITO);
        for (int k = 0; k < 12; k++) {
            XYSeries a = f.charts().get(0).getSeriesMap().get("s" + k);
            XYSeries b = f.charts().get(1).getSeriesMap().get("s" + k);
            greyscale.add(List.of(a.getMarker(), a.getLineStyle()));
            assertTrue(okabeIto.contains(a.getLineColor()), "s" + k + ": " + a.getLineColor());
            assertEquals(List.of(a.getLineColor(), a.getMarker(), a.getLineStyle()),
                    List.of(b.getLineColor(), b.getMarker(), b.getLineStyle()), "s" + k + " changed style in panel b");
        }
        assertEquals(12, greyscale.size(), "two of 12 lines share marker and line style");
        for (int k = 1; k < 12; k++) {
            assertFalse(f.charts().get(0).getSeriesMap().get("s" + k).getLineColor()
                    .equals(f.charts().get(0).getSeriesMap().get("s" + (k - 1)).getLineColor()), "s" + k);
        }
        assertEquals(7, okabeIto.size());
        assertFalse(okabeIto.contains(Color.BLACK), "black is the diverged mark's");
    }

    @Test
    void panelsShareTheirAxes() {
        Plots.Figure f = Plots.figure("t", "lr", "acc", true, YRange.ACCURACY, List.of("train size 100", "400"),
                List.of(List.of(line("a", new double[] {50, 60}, new double[] {1, 1})),
                        List.of(line("a", new double[] {80, 90, 95}, new double[] {1, 1, 1}))), 3);
        for (XYChart chart : f.charts()) {
            assertEquals(0.001, chart.getStyler().getXAxisMin());
            assertEquals(0.1, chart.getStyler().getXAxisMax(), 1e-15);
            assertEquals(45, chart.getStyler().getYAxisMin());
            assertEquals(100, chart.getStyler().getYAxisMax());
        }
    }

    @Test
    void oneSeedDrawsNoErrorBarsAndTheTitleAndCaptionSayNoInterval() {
        Plots.Figure one = one(YRange.ACCURACY, 1, line("a", new double[] {90, 91}, new double[] {2, 2}));
        assertNull(one.charts().get(0).getSeriesMap().get("a").getExtraValues(), "an error bar with one seed");
        assertEquals("t (one seed: no interval)", one.title());
        assertEquals("One seed: no interval, so no error bars.", one.caption());
        Plots.Figure three = one(YRange.ACCURACY, 3, line("a", new double[] {90, 91}, new double[] {2, NA}));
        assertArrayEquals(new double[] {2, 0}, three.charts().get(0).getSeriesMap().get("a").getExtraValues());
        assertEquals("t (3 seeds, mean and 95% CI)", three.title());
        assertEquals("Error bars are 95% intervals over 3 seeds.", three.caption());
    }

    @Test
    void fivePanelsMakeOnePngOfTwoRowsOfThree(@TempDir Path dir) throws IOException {
        List<List<Series>> panels = new ArrayList<>();
        List<String> titles = new ArrayList<>();
        for (int p = 0; p < 5; p++) {
            titles.add("panel " + p);
            panels.add(List.of(line("a", new double[] {80 + p, 85}, new double[] {1, 1}),
                    line("b", new double[] {70, 75 + p}, new double[] {1, 1})));
        }
        Path png = dir.resolve("grid.png");
        String caption = Plots.panels(png, "Accuracy", "lr", "acc", true, YRange.ACCURACY, titles, panels, 3);
        assertEquals("Error bars are 95% intervals over 3 seeds.", caption);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 3 * 400 && img.getWidth() < 4 * 400, "width " + img.getWidth());
        assertTrue(img.getHeight() > 2 * 300 && img.getHeight() < 3 * 300, "height " + img.getHeight());
    }
}
