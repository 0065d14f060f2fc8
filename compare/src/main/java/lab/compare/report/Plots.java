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

    private Plots() {
    }

    /** Bars of mean accuracy with 95% error bars: one group per model and stack, standard vs permuted. */
    public static void accuracy(Path file, String title, List<String> groups, List<Double> standard, List<Double> standardCi,
                         List<Double> permuted, List<Double> permutedCi) {
        CategoryChart chart = new CategoryChartBuilder().width(720).height(420).title(title)
                .xAxisTitle("model / stack").yAxisTitle("test accuracy %").build();
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        double min = Math.max(0, Math.min(standard.stream().mapToDouble(d -> d).min().orElse(0),
                permuted.stream().mapToDouble(d -> d).min().orElse(0)) - 10);
        chart.getStyler().setYAxisMin(Math.floor(min));
        chart.getStyler().setYAxisMax(100.0);
        chart.addSeries("standard pixels", groups, standard, standardCi);
        chart.addSeries("permuted pixels", groups, permuted, permutedCi);
        save(chart, file);
    }

    /** One bar per label with its 95% error bar; a NaN mean (no run) is drawn as an empty bar. */
    public static void bars(Path file, String title, String xTitle, List<String> labels, List<Double> means,
                            List<Double> cis) {
        CategoryChart chart = new CategoryChartBuilder().width(720).height(420).title(title).xAxisTitle(xTitle)
                .yAxisTitle("test accuracy %").build();
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setXAxisLabelRotation(labels.size() > 6 ? 45 : 0);
        chart.addSeries("test accuracy", labels, means.stream().map(m -> Double.isNaN(m) ? 0 : m).toList(),
                cis.stream().map(c -> Double.isNaN(c) ? 0 : c).toList());
        save(chart, file);
    }

    /**
     * Mean training loss against epochs of training, one line per series: {@code curves} maps a name to {x, y}
     * (x in epochs; points whose y is NaN are left out).
     */
    public static void curves(Path file, String title, Map<String, double[][]> curves) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle("epochs of training")
                .yAxisTitle("mean training loss").build();
        for (Map.Entry<String, double[][]> e : curves.entrySet()) {
            double[][] xy = e.getValue();
            XYSeries s = addSeries(chart, e.getKey(), new double[][] {xy[0], xy[1], new double[xy[0].length]});
            if (s != null) {
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        save(chart, file);
    }

    /**
     * Lines with 95% error bars, one per series: {@code series} maps a name to {x, y, err}; points whose y
     * is NaN (a cell with no run) are left out.
     */
    public static void lines(Path file, String title, String xTitle, String yTitle, Map<String, double[][]> series,
                      boolean logX) {
        XYChart chart = new XYChartBuilder().width(720).height(420).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        chart.getStyler().setXAxisLogarithmic(logX);
        chart.getStyler().setErrorBarsColor(Color.DARK_GRAY);
        for (Map.Entry<String, double[][]> e : series.entrySet()) {
            XYSeries s = addSeries(chart, e.getKey(), e.getValue());
            if (s != null) {
                s.setMarker(SeriesMarkers.CIRCLE);
            }
        }
        save(chart, file);
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
                .yAxisTitle(yTitle).build();
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

    /** Adds {x, y, err} without its NaN points (err NaN drawn as 0); null if no point is left. */
    private static XYSeries addSeries(XYChart chart, String name, double[][] xy) {
        int[] keep = java.util.stream.IntStream.range(0, xy[1].length).filter(i -> !Double.isNaN(xy[1][i])).toArray();
        if (keep.length == 0) {
            return null;
        }
        double[] x = java.util.Arrays.stream(keep).mapToDouble(i -> xy[0][i]).toArray();
        double[] y = java.util.Arrays.stream(keep).mapToDouble(i -> xy[1][i]).toArray();
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
