package lab.compare.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.junit.jupiter.api.Test;

/**
 * What a plot says of its intervals: its title's last words by the seeds it has, no error bar where one
 * seed has no interval (not a bar of length 0, which reads as a very sure mean), and category labels
 * turned when, flat, they would overlap.
 */
class PlotsTest {

    @Test
    void aTitleClaimsAnIntervalOnlyWithTwoSeedsOrMore() {
        assertEquals("one seed: no interval", Plots.seedsNote(1));
        assertEquals("2 seeds, mean and 95% CI", Plots.seedsNote(2));
        assertEquals("3 seeds, mean and 95% CI", Plots.seedsNote(3));
        assertEquals("no finished run", Plots.seedsNote(0));
    }

    @Test
    void barsWithoutAnyIntervalHaveNoErrorBars() {
        List<String> groups = List.of("a", "b");
        CategoryChart chart = Plots.category(720, 420, "t", "x", "y", groups);
        Plots.addBars(chart, "one seed", groups, List.of(90.0, 80.0), List.of(Double.NaN, Double.NaN));
        Plots.addBars(chart, "three seeds", groups, List.of(90.0, 80.0), List.of(1.5, Double.NaN));
        assertNull(chart.getSeriesMap().get("one seed").getExtraValues(), "one seed: no error bars at all");
        assertEquals(List.of(1.5, 0.0), List.copyOf(chart.getSeriesMap().get("three seeds").getExtraValues()),
                "with an interval somewhere: a cell without one draws 0 beside it");
    }

    @Test
    void linesWithoutAnyIntervalHaveNoErrorBars() {
        XYChart chart = new XYChartBuilder().build();
        Plots.Points oneSeed = Plots.Points.withErrors(2);
        Tables.point(oneSeed, 0, 1, List.of(90.0));
        Tables.point(oneSeed, 1, 2, List.of(80.0));
        Plots.Points twoSeeds = Plots.Points.withErrors(2);
        Tables.point(twoSeeds, 0, 1, List.of(90.0, 91.0));
        Tables.point(twoSeeds, 1, 2, List.of(80.0, 82.0));
        assertNull(Plots.addSeries(chart, "one seed", oneSeed).getExtraValues());
        assertNotNull(Plots.addSeries(chart, "two seeds", twoSeeds).getExtraValues());
    }

    @Test
    void categoryLabelsTurnWhenFlatTheyWouldOverlap() {
        // lab sharing --quick: six groups of "model / stack" on a 720-pixel chart overlapped flat.
        List<String> sharing = List.of("mlp / reference", "cnn / reference", "lcn / reference", "mlp / dl4j",
                "cnn / dl4j", "lcn / dl4j");
        assertEquals(45, Plots.category(720, 420, "t", "x", "y", sharing).getStyler().getXAxisLabelRotation());
        // lab run --quick: four of them fit flat; one data set's name does.
        assertEquals(0, Plots.category(720, 420, "t", "x", "y", sharing.subList(0, 4)).getStyler()
                .getXAxisLabelRotation());
        assertEquals(0, Plots.category(900, 440, "t", null, "y", List.of("digits8")).getStyler()
                .getXAxisLabelRotation());
        // A sweep of 3 archs x 3 lr x 4 batch: 36 labels, whose lines turned 45 degrees would touch.
        List<String> cells = java.util.stream.IntStream.range(0, 36).mapToObj(i -> "cnn lr 0.005 batch " + i).toList();
        assertEquals(90, Plots.category(720, 420, "t", "x", "y", cells).getStyler().getXAxisLabelRotation());
        assertFalse(Plots.labelsOverlap(List.of(), new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.BOLD, 12),
                720));
        assertTrue(Plots.labelsOverlap(List.of("x".repeat(200)), new java.awt.Font(java.awt.Font.SANS_SERIF,
                java.awt.Font.BOLD, 12), 720), "one label wider than the plot");
    }
}
