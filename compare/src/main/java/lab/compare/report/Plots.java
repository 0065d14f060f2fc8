package lab.compare.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;

import org.knowm.xchart.AnnotationLine;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.Marker;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The report's pictures, as PNG files: XChart for the charts (a grid's small multiples are XChart panels drawn into
 * one image here, with one legend), plain images for digits and kernels.
 */
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
     * Grouped bars from zero with 95% error bars (none with one seed): one group per label, one bar per series,
     * named by {@code series}' keys. The y axis always holds 0, so a bar's length is its value.
     */
    public static void barsFromZero(Path file, String title, String yTitle, List<String> groups,
                                    Map<String, Bars> series) {
        CategoryChart chart = category(900, 440, title, null, yTitle, groups);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.InsideNW);
        double lo = 0;
        double hi = 0;
        for (Bars s : series.values()) {
            for (int i = 0; i < s.means().length; i++) {
                if (!Double.isNaN(s.means()[i])) {
                    double ci = Double.isNaN(s.halfWidths()[i]) ? 0 : s.halfWidths()[i];
                    lo = Math.min(lo, s.means()[i] - ci);
                    hi = Math.max(hi, s.means()[i] + ci);
                }
            }
        }
        chart.getStyler().setYAxisMin(Math.floor(lo));
        chart.getStyler().setYAxisMax(Math.ceil(hi * 1.1 + 0.01));
        for (Map.Entry<String, Bars> e : series.entrySet()) {
            Bars s = e.getValue();
            addBars(chart, e.getKey(), groups, java.util.Arrays.stream(s.means()).boxed().toList(),
                    java.util.Arrays.stream(s.halfWidths()).boxed().toList());
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
     * Mean training loss against epochs of training, one line per series: {@code curves} maps a name to its
     * points (x in epochs, no error bars; points whose y is NaN are left out).
     */
    public static void curves(Path file, String title, Map<String, Points> curves) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("epochs of training")
                .yAxisTitle("mean training loss").build();
        chart.getStyler().setXAxisMin(0.0); // ticks at whole epochs, not at the first point's middle of a slice
        for (Map.Entry<String, Points> e : curves.entrySet()) {
            XYSeries s = addSeries(chart, e.getKey(), e.getValue());
            if (s != null) {
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        save(chart, file);
    }

    /**
     * Lines with 95% error bars, one per series: {@code series} maps a name to its points; points whose y
     * is NaN (a cell with no run) are left out. The y axis spans the data (said on it). A series equal to an
     * earlier one at every point (both stacks in double) would hide under it: it is drawn as crosses without
     * a line, and its legend entry says which line it equals.
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, Map<String, Points> series,
                      boolean logX) {
        XYChart chart = new XYChartBuilder().width(900).height(420).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle + ZOOMED).build(); // wide: the legend to the right names coinciding lines
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        Map<String, Points> drawn = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Points> e : series.entrySet()) {
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

    /** Whether two lines have the same x and y at every point (NaN matching NaN). */
    static boolean sameLine(Points a, Points b) {
        return java.util.Arrays.equals(a.x(), b.x()) && java.util.Arrays.equals(a.y(), b.y());
    }

    /**
     * One series of a bar chart, a bar per group: its means and their 95% half-widths (a NaN mean: no bar; a
     * NaN half-width: no error bar).
     */
    public record Bars(double[] means, double[] halfWidths) {
    }

    /**
     * The points of one line: x, the mean y (NaN: no point) and its 95% half-width (NaN: no error bar at that
     * point); {@code err} is null for a line drawn without error bars (a learning curve).
     */
    public record Points(double[] x, double[] y, double[] err) {

        /** {@code n} points with error bars, all 0, to fill in ({@link Tables#point}). */
        public static Points withErrors(int n) {
            return new Points(new double[n], new double[n], new double[n]);
        }
    }

    /** How a {@link Line} is drawn: a solid or a dashed line through circles, or marked points without a line. */
    public enum Stroke { SOLID, DASHED, DIAMONDS, TRIANGLES }

    /**
     * One series of {@link #lines(Path, String, String, String, List, boolean)}: its points as in
     * {@link #lines(Path, String, String, String, Map, boolean)}, in the chart's colour number {@code color}
     * (lines sharing a colour belong together, such as one family on standard and on permuted pixels).
     */
    public record Line(String name, Points points, int color, Stroke stroke) {
    }

    /**
     * Lines with 95% error bars in their own colour (of {@link #OKABE_ITO}), each solid, dashed, or marked points
     * only; points whose y is NaN are left out. The legend sits right of the plot.
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, List<Line> lines, boolean logX) {
        XYChart chart = new XYChartBuilder().width(900).height(480).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle + ZOOMED).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setXAxisDecimalPattern("#,###");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        chart.getStyler().setLegendPosition(org.knowm.xchart.style.Styler.LegendPosition.OutsideE);
        Color[] palette = OKABE_ITO;
        for (Line line : lines) {
            XYSeries s = addSeries(chart, line.name(), line.points());
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
     * Adds a line's points without its NaN points; null if no point is left. Without
     * a half-width at any point left (err all NaN: one seed) no error bar is drawn, not bars of length 0; a
     * NaN beside others is drawn as 0.
     */
    static XYSeries addSeries(XYChart chart, String name, Points points) {
        double[] px = points.x();
        double[] py = points.y();
        double[] pe = points.err();
        int[] keep = java.util.stream.IntStream.range(0, py.length).filter(i -> !Double.isNaN(py[i])).toArray();
        if (keep.length == 0) {
            return null;
        }
        double[] x = java.util.Arrays.stream(keep).mapToDouble(i -> px[i]).toArray();
        double[] y = java.util.Arrays.stream(keep).mapToDouble(i -> py[i]).toArray();
        if (pe == null || java.util.Arrays.stream(keep).allMatch(i -> Double.isNaN(pe[i]))) {
            return chart.addSeries(name, x, y);
        }
        double[] err = java.util.Arrays.stream(keep).mapToDouble(i -> Double.isNaN(pe[i]) ? 0 : pe[i]).toArray();
        return chart.addSeries(name, x, y, err);
    }

    /**
     * The Okabe-Ito colours (Okabe and Ito, 2008), told apart under every common colour blindness, in the order
     * lines take them. Black is left out: it marks a diverged cell. Yellow comes last: it is faint on white.
     */
    static final Color[] OKABE_ITO = {new Color(0xE69F00), new Color(0x56B4E9), new Color(0x009E73),
            new Color(0x0072B2), new Color(0xD55E00), new Color(0xCC79A7), new Color(0xF0E442)};

    /**
     * Markers and line styles, cycling beside the colours. Their counts (5, 4, 7) share no factor, so the first
     * 20 lines differ in marker and line alone (greyscale, a printer) and the first 140 in all three.
     */
    private static final Marker[] MARKERS = {SeriesMarkers.CIRCLE, SeriesMarkers.SQUARE, SeriesMarkers.DIAMOND,
            SeriesMarkers.TRIANGLE_UP, SeriesMarkers.TRIANGLE_DOWN};
    private static final BasicStroke[] LINE_STYLES = {stroke(), stroke(9, 5), stroke(2, 4), stroke(10, 4, 2, 4)};

    /**
     * A 2-pixel line, solid or in the given dashes: XChart's own dashes are so short that dashed, dotted and
     * dash-dot look alike at a glance, and its grid is dashed too.
     */
    private static BasicStroke stroke(float... dashes) {
        return dashes.length == 0 ? new BasicStroke(2f) : new BasicStroke(2f, BasicStroke.CAP_BUTT,
                BasicStroke.JOIN_ROUND, 10f, dashes, 0f);
    }

    /**
     * The mark of a diverged or failed seed: a bold black X, larger than the series' markers, so it shows on top
     * of one (XChart's own cross is as thin as a line).
     */
    static final Marker CROSS = new Marker() {
        @Override
        public void paint(Graphics2D g, double x, double y, int size) {
            double half = size * 0.75;
            g.setStroke(new BasicStroke(2.5f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(new java.awt.geom.Line2D.Double(x - half, y - half, x + half, y + half));
            g.draw(new java.awt.geom.Line2D.Double(x - half, y + half, x + half, y - half));
        }
    };

    /** The legend entry, and the series name in each panel's chart, of the marks of diverged or failed seeds. */
    static final String DIVERGED = "diverged or failed seed(s)";

    /**
     * One line of a panel: its points along x, mean y, 95% half-width (NaN: none), and per point how many seeds
     * diverged or failed (a point whose y is NaN and whose count is > 0 is a cell with no finished seed: it must
     * still be marked). The four arrays have one entry per point.
     */
    public record Series(String name, double[] x, double[] y, double[] err, int[] diverged) {

        public Series {
            if (y.length != x.length || err.length != x.length || diverged.length != x.length) {
                throw new IllegalArgumentException("series '" + name + "': " + x.length + " x, " + y.length + " y, "
                        + err.length + " err, " + diverged.length + " diverged");
            }
        }
    }

    /**
     * How the y axis is bounded: ACCURACY keeps it inside [0, 100] unless an interval reaches beyond (then extends
     * just enough, and the returned caption says so); FREE spans the data and always shows 0 (for gaps/drops,
     * which can be negative) with a horizontal line at 0.
     */
    public enum YRange { ACCURACY, FREE }

    /** How a line is drawn, the same in every panel and in the legend. */
    record Style(Color color, Marker marker, BasicStroke line) {

        /** The i-th line's style: colour, marker and line style each cycle (see {@link #MARKERS}). */
        static Style of(int i) {
            return new Style(OKABE_ITO[i % OKABE_ITO.length], MARKERS[i % MARKERS.length],
                    LINE_STYLES[i % LINE_STYLES.length]);
        }
    }

    /** The shared y axis and, if it had to leave [0, 100], the caption's sentence on why ("" if not). */
    record YAxis(double lo, double hi, String note) {
    }

    /**
     * A figure built but not yet drawn, so a test can look at each panel's series: the title with its seeds
     * note, the shared axis titles, one chart per panel, the legend's styles by name, and the caption.
     */
    record Figure(String title, String xTitle, String yTitle, List<XYChart> charts, Map<String, Style> legend,
                  boolean diverged, String caption) {
    }

    /**
     * Small multiples: one XYChart per panel, laid out in rows (at most 3 per row), sharing x and y ranges, one
     * legend for all (a series keeps its colour, marker and line style in every panel, by name). A single panel
     * (panelTitles of size 1, title null/empty allowed) is a plain plot. The figure's title is {@code title}
     * followed by {@link #seedsNote} in brackets. Returns the caption sentence(s) the report must print under
     * the figure: what the bars are ("95% intervals over N seeds" or "one seed: no interval"), the y-range note
     * if an interval reaches beyond [0, 100], and what a diverged mark means if any is drawn; "" if nothing to
     * say.
     */
    public static String panels(Path file, String title, String xTitle, String yTitle, boolean logX, YRange range,
                                List<String> panelTitles, List<List<Series>> panels, long seeds) {
        Figure figure = figure(title, xTitle, yTitle, logX, range, panelTitles, panels, seeds);
        try {
            ImageIO.write(draw(figure), "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return figure.caption();
    }

    /**
     * The charts of {@link #panels}, before they are drawn. Error bars only with two seeds or more (one seed
     * has no interval); a point whose y is NaN leaves a gap in its line, not a line drawn across the missing
     * cell; every point with a diverged or failed seed gets a black cross, at its mean, or at the bottom of the
     * axis when no seed finished.
     */
    static Figure figure(String title, String xTitle, String yTitle, boolean logX, YRange range,
                         List<String> panelTitles, List<List<Series>> panels, long seeds) {
        if (panelTitles.size() != panels.size() || panels.isEmpty()) {
            throw new IllegalArgumentException(panelTitles.size() + " panel titles for " + panels.size() + " panels");
        }
        boolean bars = seeds >= 2;
        YAxis y = yAxis(range, panels, bars);
        double[] x = xRange(panels, logX);
        Map<String, Style> legend = new LinkedHashMap<>();
        panels.forEach(p -> p.forEach(s -> legend.computeIfAbsent(s.name(), k -> Style.of(legend.size()))));
        boolean single = panels.size() == 1;
        List<XYChart> charts = new ArrayList<>();
        boolean anyMark = false;
        for (int p = 0; p < panels.size(); p++) {
            String name = panelTitles.get(p);
            XYChart chart = new XYChartBuilder().width(single ? 720 : 400).height(single ? 420 : 300)
                    .title(name == null ? "" : name).build();
            style(chart, name != null && !name.isEmpty(), logX, x, y, range);
            List<double[]> marks = new ArrayList<>(); // {x, y} of each cross
            for (Series s : panels.get(p)) {
                addLine(chart, s, legend.get(s.name()), bars);
                for (int i = 0; i < s.x().length; i++) {
                    if (s.diverged()[i] > 0) {
                        marks.add(new double[] {s.x()[i], Double.isNaN(s.y()[i]) ? y.lo() : s.y()[i]});
                    }
                }
            }
            if (!marks.isEmpty()) {
                XYSeries m = chart.addSeries(DIVERGED, marks.stream().mapToDouble(d -> d[0]).toArray(),
                        marks.stream().mapToDouble(d -> d[1]).toArray());
                m.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                m.setMarker(CROSS);
                m.setMarkerColor(Color.BLACK);
                anyMark = true;
            }
            charts.add(chart);
        }
        String note = seedsNote(seeds);
        String heading = title == null || title.isEmpty() ? "(" + note + ")"
                : title.contains(note) ? title : title + " (" + note + ")";
        boolean zoomed = range == YRange.ACCURACY && y.lo() > 0;
        return new Figure(heading, xTitle, yTitle + (zoomed ? ZOOMED : ""), charts, legend, anyMark,
                caption(seeds, y, anyMark));
    }

    /** A panel's look: no legend or axis titles of its own (the figure draws them once), the shared ranges. */
    private static void style(XYChart chart, boolean titled, boolean logX, double[] x, YAxis y, YRange range) {
        org.knowm.xchart.style.XYStyler s = chart.getStyler();
        s.setChartTitleVisible(titled);
        s.setLegendVisible(false);
        s.setAxisTitlesVisible(false);
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(0xE4E4E4)); // solid and faint: dashes belong to the lines
        s.setPlotGridLinesStroke(new BasicStroke(1f));
        s.setXAxisLogarithmic(logX);
        s.setXAxisMin(x[0]);
        s.setXAxisMax(x[1]);
        s.setYAxisMin(y.lo());
        s.setYAxisMax(y.hi());
        s.setErrorBarsColorSeriesColor(true);
        s.setMarkerSize(9);
        if (range == YRange.FREE) {
            s.setAnnotationLineColor(Color.DARK_GRAY);
            s.setAnnotationLineStroke(new BasicStroke(1f));
            chart.addAnnotation(new AnnotationLine(0, false, false));
        }
    }

    /**
     * Adds one series in its style, NaN means kept (XChart breaks the line there); none if it has no finite
     * mean. Error bars only when {@code bars} and some point has a half-width; a NaN beside others draws as 0.
     */
    private static void addLine(XYChart chart, Series s, Style style, boolean bars) {
        double[] y = s.y();
        if (java.util.Arrays.stream(y).allMatch(Double::isNaN)) {
            return;
        }
        boolean anyErr = java.util.stream.IntStream.range(0, y.length)
                .anyMatch(i -> !Double.isNaN(y[i]) && !Double.isNaN(s.err()[i]));
        XYSeries line = bars && anyErr
                ? chart.addSeries(s.name(), s.x(), y, java.util.Arrays.stream(s.err()).map(e -> Double.isNaN(e) ? 0 : e)
                        .toArray())
                : chart.addSeries(s.name(), s.x(), y);
        line.setLineColor(style.color());
        line.setMarkerColor(style.color());
        line.setMarker(style.marker());
        line.setLineStyle(style.line());
    }

    /**
     * The shared y axis. ACCURACY spans the data with a little room, rounded to whole points and kept inside
     * [0, 100], except where an interval reaches beyond: then the axis ends just past it, and the note says why.
     * FREE spans the data and 0. A point's extent is its mean plus and minus its half-width (with error bars).
     */
    static YAxis yAxis(YRange range, List<List<Series>> panels, boolean bars) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Series> panel : panels) {
            for (Series s : panel) {
                for (int i = 0; i < s.y().length; i++) {
                    if (!Double.isNaN(s.y()[i])) {
                        double e = bars && !Double.isNaN(s.err()[i]) ? s.err()[i] : 0;
                        lo = Math.min(lo, s.y()[i] - e);
                        hi = Math.max(hi, s.y()[i] + e);
                    }
                }
            }
        }
        if (range == YRange.FREE) {
            double a = Math.min(0, lo);
            double b = Math.max(0, hi);
            double pad = b > a ? 0.08 * (b - a) : 1;
            return new YAxis(a < 0 || b <= 0 ? a - pad : 0, b > 0 || a >= 0 ? b + pad : 0, "");
        }
        if (lo > hi) { // nothing finished: the whole scale, for the crosses at its bottom
            return new YAxis(0, 100, "");
        }
        double pad = Math.max(1, 0.08 * (hi - lo));
        double bottom = lo < 0 ? Math.floor(lo) : Math.max(0, Math.floor(lo - pad));
        double top = hi > 100 ? Math.ceil(hi) : Math.min(100, Math.ceil(hi + pad));
        String note = hi > 100 && lo < 0
                ? String.format("95%% intervals reach above 100 (to %.1f) and below 0 (to %.1f), so the y axis runs "
                        + "from %.0f to %.0f", hi, lo, bottom, top)
                : hi > 100
                ? String.format("A 95%% interval reaches above 100 (to %.1f), so the y axis runs to %.0f", hi, top)
                : lo < 0
                ? String.format("A 95%% interval reaches below 0 (to %.1f), so the y axis runs down to %.0f", lo,
                        bottom)
                : "";
        return new YAxis(bottom, top, note.isEmpty() ? "" : note + ": an interval over few seeds can, an accuracy "
                + "cannot.");
    }

    /** The shared x range: the points' own, widened around a single x (positive x only on a log axis). */
    private static double[] xRange(List<List<Series>> panels, boolean logX) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (List<Series> panel : panels) {
            for (Series s : panel) {
                for (double v : s.x()) {
                    if (Double.isFinite(v) && (!logX || v > 0)) {
                        lo = Math.min(lo, v);
                        hi = Math.max(hi, v);
                    }
                }
            }
        }
        if (lo > hi) {
            return logX ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (lo == hi) {
            return logX ? new double[] {lo / 2, hi * 2} : new double[] {lo - 1, hi + 1};
        }
        return new double[] {lo, hi};
    }

    /** The sentences under a figure: what its bars are, why its y axis left [0, 100], what a cross means. */
    private static String caption(long seeds, YAxis y, boolean diverged) {
        List<String> says = new ArrayList<>();
        if (seeds >= 2) {
            says.add("Error bars are 95% intervals over " + seeds + " seeds.");
        } else if (seeds == 1) {
            says.add("One seed: no interval, so no error bars.");
        }
        if (!y.note().isEmpty()) {
            says.add(y.note());
        }
        if (diverged) {
            says.add("A black cross marks a point where a seed diverged or failed (left out of its mean); at the "
                    + "bottom of the axis, a cell where no seed finished.");
        }
        return String.join(" ", says);
    }

    private static final Font FIGURE_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 18);
    private static final Font AXIS_TITLE = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font LEGEND = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final int SAMPLE = 44; // the length of a legend entry's line, in pixels

    /**
     * Draws a figure: its title on top (wrapped to the width), the panels in rows of three beside the y axis's
     * title, the x axis's title under them, and the one legend, wrapped into rows, at the bottom.
     */
    private static BufferedImage draw(Figure f) {
        List<BufferedImage> images = f.charts().stream().map(BitmapEncoder::getBufferedImage).toList();
        int cols = Math.min(3, images.size());
        int rows = (images.size() + cols - 1) / cols;
        int pw = images.get(0).getWidth();
        int ph = images.get(0).getHeight();
        int left = 30;
        int width = left + cols * pw + 10;
        FontMetrics title = metrics(FIGURE_TITLE);
        FontMetrics axis = metrics(AXIS_TITLE);
        FontMetrics legend = metrics(LEGEND);
        List<String> heading = wrap(f.title(), title, width - 40);
        List<Map.Entry<String, Style>> entries = new ArrayList<>(f.legend().entrySet());
        if (f.diverged()) {
            entries.add(Map.entry(DIVERGED, Style.of(0))); // drawn as a black cross, no line: see legendEntry
        }
        List<List<Map.Entry<String, Style>>> legendRows = legendRows(entries, legend, width - 40);
        int top = 14 + heading.size() * title.getHeight();
        int grid = rows * ph;
        int line = Math.max(legend.getHeight(), 16) + 6;
        int height = top + grid + axis.getHeight() + 14 + legendRows.size() * line + 12;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = page(img);
        try {
            g.setFont(FIGURE_TITLE);
            for (int i = 0; i < heading.size(); i++) {
                g.drawString(heading.get(i), (width - title.stringWidth(heading.get(i))) / 2,
                        10 + i * title.getHeight() + title.getAscent());
            }
            for (int i = 0; i < images.size(); i++) {
                g.drawImage(images.get(i), left + (i % cols) * pw, top + (i / cols) * ph, null);
            }
            g.setFont(AXIS_TITLE);
            g.drawString(f.xTitle(), left + (cols * pw - axis.stringWidth(f.xTitle())) / 2,
                    top + grid + axis.getAscent() + 4);
            java.awt.geom.AffineTransform straight = g.getTransform();
            g.rotate(-Math.PI / 2);
            g.drawString(f.yTitle(), -(top + (grid + axis.stringWidth(f.yTitle())) / 2), 6 + axis.getAscent());
            g.setTransform(straight);
            int y = top + grid + axis.getHeight() + 14;
            g.setFont(LEGEND);
            for (List<Map.Entry<String, Style>> row : legendRows) {
                int rowWidth = row.stream().mapToInt(e -> entryWidth(e.getKey(), legend)).sum();
                int x = (width - rowWidth) / 2;
                for (Map.Entry<String, Style> e : row) {
                    legendEntry(g, e.getKey(), e.getValue(), x, y + line / 2, legend);
                    x += entryWidth(e.getKey(), legend);
                }
                y += line;
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /** One legend entry: a stretch of the line with its marker, or the black cross alone, then the name. */
    private static void legendEntry(Graphics2D g, String name, Style style, int x, int cy, FontMetrics fm) {
        int mid = x + SAMPLE / 2;
        if (name.equals(DIVERGED)) {
            g.setColor(Color.BLACK);
            CROSS.paint(g, mid, cy, 9);
        } else {
            g.setColor(style.color());
            g.setStroke(style.line());
            g.drawLine(x, cy, x + SAMPLE, cy);
            style.marker().paint(g, mid, cy, 9);
        }
        g.setColor(Color.BLACK);
        g.drawString(name, x + SAMPLE + 6, cy - fm.getHeight() / 2 + fm.getAscent());
    }

    private static int entryWidth(String name, FontMetrics fm) {
        return SAMPLE + 6 + fm.stringWidth(name) + 22;
    }

    /** Legend entries in rows no wider than {@code width}, in their order. */
    private static List<List<Map.Entry<String, Style>>> legendRows(List<Map.Entry<String, Style>> entries,
                                                                   FontMetrics fm, int width) {
        List<List<Map.Entry<String, Style>>> rows = new ArrayList<>();
        int used = width;
        for (Map.Entry<String, Style> e : entries) {
            int w = entryWidth(e.getKey(), fm);
            if (used + w > width) {
                rows.add(new ArrayList<>());
                used = 0;
            }
            rows.get(rows.size() - 1).add(e);
            used += w;
        }
        return rows;
    }

    /** Words of {@code text} in lines no wider than {@code width} (a longer word keeps its own line). */
    private static List<String> wrap(String text, FontMetrics fm, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (!line.isEmpty() && fm.stringWidth(line + " " + word) > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.isEmpty() ? "" : " ").append(word);
        }
        lines.add(line.toString());
        return lines;
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

    /** A white page the size of {@code img} to draw a figure on, lines and text antialiased, the pen black. */
    static Graphics2D page(BufferedImage img) {
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.BLACK);
        return g;
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
