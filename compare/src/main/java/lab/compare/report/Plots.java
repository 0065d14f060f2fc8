package lab.compare.report;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The report's pictures, as PNG files: XChart for the charts, plain images for digits and kernels. */
public final class Plots {

    /** The y axis of accuracy bars, which start at 0. */
    static final String FROM_ZERO = "test accuracy % (bars start at 0)";

    /** Said on the y axis of a line plot whose axis spans only the data, not 0. */
    static final String ZOOMED = " (axis zoomed to the data)";

    private Plots() {
    }

    /**
     * The end of a plot's title, on what its error bars are: "3 seeds, mean and 95% CI"; "one seed: no
     * interval" (no error bar is drawn: one value has no spread to draw); "no finished run". Every plot of a
     * mean over seeds says it, so no title claims an interval the plot does not have.
     */
    public static String seedsNote(long seeds) {
        return seeds >= 2 ? seeds + " seeds, mean and 95% CI" : seeds == 1 ? "one seed: no interval" : "no finished run";
    }

    /**
     * Bars of mean accuracy with 95% error bars (none with one seed): one group per model and stack, standard vs permuted. The
     * bars start at 0 (said on the axis), so their lengths compare; the drops are the headline's picture.
     */
    public static void accuracy(Path file, String title, List<String> groups, List<Double> standard, List<Double> standardCi,
                         List<Double> permuted, List<Double> permutedCi) {
        CategoryChart chart = category(720, 440, title, "model / stack", FROM_ZERO, groups);
        // below the plot, in a row: inside, it would sit on the bars, which all reach far up
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(org.knowm.xchart.style.Styler.LegendLayout.Horizontal);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top(standard, standardCi, permuted, permutedCi));
        addBars(chart, "standard pixels", groups, standard, standardCi);
        addBars(chart, "permuted pixels", groups, permuted, permutedCi);
        save(chart, file);
    }

    /**
     * Grouped bars from zero with 95% error bars (none with one seed): one group per label, one bar per series; {@code series} maps
     * a name to {means, half-widths} (NaN: no bar). The y axis always holds 0, so a bar's length is its value.
     */
    public static void barsFromZero(Path file, String title, String yTitle, List<String> groups,
                                    Map<String, double[][]> series) {
        CategoryChart chart = category(900, 440, title, null, yTitle, groups);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double lo = 0;
        double hi = 0;
        for (double[][] s : series.values()) {
            for (int i = 0; i < s[0].length; i++) {
                if (!Double.isNaN(s[0][i])) {
                    double ci = Double.isNaN(s[1][i]) ? 0 : s[1][i];
                    lo = Math.min(lo, s[0][i] - ci);
                    hi = Math.max(hi, s[0][i] + ci);
                }
            }
        }
        chart.getStyler().setYAxisMin(Math.floor(lo));
        chart.getStyler().setYAxisMax(Math.ceil(hi * 1.1 + 0.01));
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            double[][] s = e.getValue();
            addBars(chart, e.getKey(), groups, java.util.Arrays.stream(s[0]).boxed().toList(),
                    java.util.Arrays.stream(s[1]).boxed().toList());
        }
        save(chart, file);
    }

    /** One bar per label with its 95% error bar (none with one seed), from 0; a NaN mean (no run) is drawn as an empty bar. */
    public static void bars(Path file, String title, String xTitle, List<String> labels, List<Double> means,
                            List<Double> cis) {
        CategoryChart chart = category(720, 420, title, xTitle, FROM_ZERO, labels);
        chart.getStyler().setYAxisMin(0.0);
        chart.getStyler().setYAxisMax(top(means, cis));
        chart.getStyler().setLegendVisible(false);
        addBars(chart, "test accuracy", labels, means, cis);
        save(chart, file);
    }

    /**
     * A bar chart as every one here is drawn: dark grey error bars, and category labels turned 45 degrees
     * when, written flat, the longest would not fit in its category's width (they would overlap their
     * neighbours), and 90 when even turned 45 their lines would be closer than a line's height (many cells).
     * The only place a category chart is built.
     */
    static CategoryChart category(int width, int height, String title, String xTitle, String yTitle,
                                          List<String> labels) {
        CategoryChart chart = new CategoryChartBuilder().width(width).height(height).title(title)
                .xAxisTitle(xTitle == null ? "" : xTitle).yAxisTitle(yTitle).build();
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        java.awt.Font font = chart.getStyler().getAxisTickLabelsFont();
        chart.getStyler().setXAxisLabelRotation(!labelsOverlap(labels, font, width) ? 0
                : slot(labels, width) / Math.sqrt(2) >= lineHeight(font) + 2 ? 45 : 90);
        return chart;
    }

    /**
     * Whether category labels written flat in {@code font} would overlap: the widest, with a little space
     * either side, is wider than a category's share of the plot (the chart's width less its y axis and
     * margins, about 110 pixels).
     */
    static boolean labelsOverlap(List<String> labels, java.awt.Font font, int chartWidth) {
        if (labels.isEmpty()) {
            return false;
        }
        java.awt.FontMetrics fm = metrics(font);
        int widest = labels.stream().mapToInt(fm::stringWidth).max().orElse(0);
        return widest + 12 > slot(labels, chartWidth);
    }

    /** A category's share of the plot's width, in pixels. */
    private static double slot(List<String> labels, int chartWidth) {
        return (chartWidth - 110) / (double) labels.size();
    }

    private static int lineHeight(java.awt.Font font) {
        return metrics(font).getHeight();
    }

    private static java.awt.FontMetrics metrics(java.awt.Font font) {
        java.awt.Graphics2D g = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        try {
            return g.getFontMetrics(font);
        } finally {
            g.dispose();
        }
    }

    /**
     * One series of bars (a NaN mean: no bar) with its 95% half-widths as error bars; with no half-width at all
     * (every one NaN: one seed) none is drawn, not bars of length 0. A NaN half-width beside others is drawn as 0.
     */
    static void addBars(CategoryChart chart, String name, List<String> labels, List<Double> means,
                                List<Double> cis) {
        List<Double> m = means.stream().map(x -> Double.isNaN(x) ? 0 : x).toList();
        if (cis.stream().allMatch(c -> Double.isNaN(c))) {
            chart.addSeries(name, labels, m);
        } else {
            chart.addSeries(name, labels, m, cis.stream().map(c -> Double.isNaN(c) ? 0 : c).toList());
        }
    }

    /**
     * Mean training loss against epochs of training, one line per series: {@code curves} maps a name to {x, y}
     * (x in epochs; points whose y is NaN are left out).
     */
    public static void curves(Path file, String title, Map<String, double[][]> curves) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("epochs of training")
                .yAxisTitle("mean training loss").build();
        chart.getStyler().setXAxisMin(0.0); // ticks at whole epochs, not at the first point's middle of a slice
        for (Map.Entry<String, double[][]> e : curves.entrySet()) {
            XYSeries s = addSeries(chart, e.getKey(), e.getValue());
            if (s != null) {
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        save(chart, file);
    }

    /**
     * Lines with 95% error bars, one per series: {@code series} maps a name to {x, y, err}; points whose y
     * is NaN (a cell with no run) are left out. The y axis spans the data (said on it). A series equal to an
     * earlier one at every point (both stacks in double) would hide under it: it is drawn as crosses without
     * a line, and its legend entry says which line it equals.
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, Map<String, double[][]> series,
                      boolean logX) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle + ZOOMED).build(); // wide: the legend to the right names coinciding lines
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        Map<String, double[][]> drawn = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            String same = drawn.entrySet().stream().filter(d -> sameLine(d.getValue(), e.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElse(null);
            XYSeries s = addSeries(chart, same == null ? e.getKey() : e.getKey() + " (= " + same + ")", e.getValue());
            if (s == null) {
                continue;
            }
            if (same == null) {
                s.setMarker(SeriesMarkers.CIRCLE);
                drawn.put(e.getKey(), e.getValue());
            } else {
                s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                s.setMarker(SeriesMarkers.CROSS);
            }
        }
        save(chart, file);
    }

    /**
     * The top of an accuracy axis: 100, or above it where an error bar reaches higher (a wide interval of a
     * high mean), so that no bar is cut off. Given as (means, half-widths) pairs; NaN counts as nothing.
     */
    @SafeVarargs
    private static double top(List<Double>... meansAndCis) {
        double top = 100;
        for (int k = 0; k + 1 < meansAndCis.length; k += 2) {
            for (int i = 0; i < meansAndCis[k].size(); i++) {
                double m = meansAndCis[k].get(i);
                double c = meansAndCis[k + 1].get(i);
                if (!Double.isNaN(m)) {
                    top = Math.max(top, Math.ceil(m + (Double.isNaN(c) ? 0 : c)));
                }
            }
        }
        return top;
    }

    /** Whether two series {x, y, err} have the same x and y at every point (NaN matching NaN). */
    static boolean sameLine(double[][] a, double[][] b) {
        return java.util.Arrays.equals(a[0], b[0]) && java.util.Arrays.equals(a[1], b[1]);
    }

    /** How a {@link Line} is drawn: a solid or a dashed line through circles, or marked points without a line. */
    public enum Stroke { SOLID, DASHED, DIAMONDS, TRIANGLES }

    /**
     * One series of {@link #lines(Path, String, String, String, List, boolean)}: {x, y, err} as in
     * {@link #lines(Path, String, String, String, Map, boolean)}, in the chart's colour number {@code color}
     * (lines sharing a colour belong together, such as one family on standard and on permuted pixels).
     */
    public record Line(String name, double[][] xyErr, int color, Stroke stroke) {
    }

    /**
     * Lines with 95% error bars in their own colour, each solid, dashed, or marked points only; points
     * whose y is NaN are left out. The legend sits right of the plot.
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, List<Line> lines, boolean logX) {
        XYChart chart = new XYChartBuilder().width(900).height(480).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle + ZOOMED).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        Color[] palette = chart.getStyler().getSeriesColors();
        for (Line line : lines) {
            XYSeries s = addSeries(chart, line.name(), line.xyErr());
            if (s == null) {
                continue;
            }
            Color c = palette[line.color() % palette.length];
            s.setLineColor(c);
            s.setMarkerColor(c);
            switch (line.stroke()) {
                case SOLID, DASHED -> {
                    s.setLineStyle(line.stroke() == Stroke.SOLID ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
                    s.setMarker(SeriesMarkers.CIRCLE);
                }
                case DIAMONDS, TRIANGLES -> {
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    s.setMarker(line.stroke() == Stroke.DIAMONDS ? SeriesMarkers.DIAMOND : SeriesMarkers.TRIANGLE_DOWN);
                }
            }
        }
        save(chart, file);
    }

    /**
     * Adds {x, y, err} (or {x, y}: no error bars) without its NaN points; null if no point is left. Without
     * a half-width at any point left (err all NaN: one seed) no error bar is drawn, not bars of length 0; a
     * NaN beside others is drawn as 0.
     */
    static XYSeries addSeries(XYChart chart, String name, double[][] xy) {
        int[] keep = java.util.stream.IntStream.range(0, xy[1].length).filter(i -> !Double.isNaN(xy[1][i])).toArray();
        if (keep.length == 0) {
            return null;
        }
        double[] x = java.util.Arrays.stream(keep).mapToDouble(i -> xy[0][i]).toArray();
        double[] y = java.util.Arrays.stream(keep).mapToDouble(i -> xy[1][i]).toArray();
        if (xy.length == 2 || java.util.Arrays.stream(keep).allMatch(i -> Double.isNaN(xy[2][i]))) {
            return chart.addSeries(name, x, y);
        }
        double[] err = java.util.Arrays.stream(keep).mapToDouble(i -> Double.isNaN(xy[2][i]) ? 0 : xy[2][i]).toArray();
        return chart.addSeries(name, x, y, err);
    }

    /** Rows of grey images (values in [0, 1], ink dark), each scaled up {@code zoom} times. */
    public static void images(Path file, List<double[]> images, int h, int w, int perRow, int zoom) {
        int rows = (images.size() + perRow - 1) / perRow;
        int gap = 2;
        BufferedImage img = new BufferedImage(perRow * (w * zoom + gap), rows * (h * zoom + gap),
                BufferedImage.TYPE_INT_RGB);
        fill(img, Color.WHITE);
        for (int k = 0; k < images.size(); k++) {
            double[] pixels = images.get(k);
            double lo = 0;
            double hi = 1;
            if (pixels.length > 0 && (min(pixels) < 0 || max(pixels) > 1)) { // weights: scale to their range
                lo = min(pixels);
                hi = max(pixels);
            }
            int ox = (k % perRow) * (w * zoom + gap);
            int oy = (k / perRow) * (h * zoom + gap);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double v = (pixels[y * w + x] - lo) / Math.max(hi - lo, 1e-12);
                    int g = 255 - (int) Math.round(255 * Math.max(0, Math.min(1, v)));
                    int rgb = new Color(g, g, g).getRGB();
                    for (int dy = 0; dy < zoom; dy++) {
                        for (int dx = 0; dx < zoom; dx++) {
                            img.setRGB(ox + x * zoom + dx, oy + y * zoom + dy, rgb);
                        }
                    }
                }
            }
        }
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void fill(BufferedImage img, Color c) {
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.dispose();
    }

    private static double min(double[] xs) {
        return java.util.Arrays.stream(xs).min().orElse(0);
    }

    private static double max(double[] xs) {
        return java.util.Arrays.stream(xs).max().orElse(0);
    }

    private static void save(org.knowm.xchart.internal.chartpart.Chart<?, ?> chart, Path file) {
        try {
            String name = file.toString();  // XChart adds the extension itself
            BitmapEncoder.saveBitmap(chart, name.substring(0, name.length() - ".png".length()),
                    BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
