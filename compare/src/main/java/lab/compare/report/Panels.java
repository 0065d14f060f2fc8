package lab.compare.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * A figure of maps for a slide: panels of values on a grid (an image, a feature map, a map of gradient
 * terms), each with its title, axis names, ticks and a colour bar that says what a colour means, under a
 * figure title, in type large enough to read when projected. Signed values are drawn on a scale centred
 * on 0 (blue below, white at 0, red above), so a sign and a zero read at a glance; images in grey, ink
 * dark. Not a chart library: XChart draws the report's charts ({@link Plots}); it has no panel grid.
 */
public final class Panels {

    /** How values become colours. */
    public enum Scale {
        /** Values in [0, 1], 1 dark: digits. */
        GREY,
        /** Symmetric around 0: blue negative, white 0, red positive; the bar runs from -max|v| to +max|v|. */
        SIGNED
    }

    /**
     * One map: {@code values} row-major (h rows of w), its title (one or two lines, split at '\n'), what its
     * axes index, and whether each cell also shows its number (for grids of a few cells).
     */
    public record Panel(String title, double[] values, int h, int w, Scale scale, String xAxis, String yAxis,
                        boolean numbers) {

        public Panel {
            if (values.length != h * w) {
                throw new IllegalArgumentException("panel '" + title + "': " + values.length + " values for " + h
                        + " x " + w);
            }
        }

        /** A panel without numbers in its cells. */
        public Panel(String title, double[] values, int h, int w, Scale scale, String xAxis, String yAxis) {
            this(title, values, h, w, scale, xAxis, yAxis, false);
        }
    }

    private static final int MAP = 230; // the side of a panel's map, in pixels
    private static final int GAP = 36;
    private static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private static final Font PANEL_TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL = new Font(Font.SANS_SERIF, Font.PLAIN, 14);
    private static final Font TICK = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private Panels() {
    }

    /** Draws {@code panels}, {@code perRow} to a row, under {@code title}, into a PNG. */
    public static void draw(Path file, String title, List<Panel> panels, int perRow) {
        int rows = (panels.size() + perRow - 1) / perRow;
        int cellW = 64 + MAP + 90 + GAP; // y axis, map, colour bar, gap
        int cellH = 56 + MAP + 58;       // title lines, map, x axis
        Graphics2D probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB).createGraphics();
        int titleWidth = probe.getFontMetrics(TITLE).stringWidth(title); // the title is never cut
        probe.dispose();
        int width = Math.max(Math.max(perRow * cellW + 20, 500), titleWidth + 40);
        int height = 50 + rows * cellH;
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = Plots.page(img);
        g.setFont(TITLE);
        centered(g, title, width / 2, 32);
        int left = (width - perRow * cellW) / 2; // the panels centred under a wider title
        for (int k = 0; k < panels.size(); k++) {
            panel(g, panels.get(k), left + (k % perRow) * cellW, 50 + (k / perRow) * cellH);
        }
        g.dispose();
        try {
            ImageIO.write(img, "png", file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static void panel(Graphics2D g, Panel p, int x0, int y0) {
        int cell = Math.max(1, MAP / Math.max(p.h(), p.w()));
        int mapW = cell * p.w();
        int mapH = cell * p.h();
        int mx = x0 + 64 + (MAP - mapW) / 2;
        int my = y0 + 56 + (MAP - mapH) / 2;
        g.setColor(Color.BLACK);
        g.setFont(PANEL_TITLE);
        String[] lines = p.title().split("\n");
        for (int i = 0; i < lines.length && i < 2; i++) {
            centered(g, lines[i], x0 + 64 + MAP / 2, y0 + 18 + 19 * i);
        }
        double max = 0;
        for (double v : p.values()) {
            max = Math.max(max, Math.abs(v));
        }
        for (int r = 0; r < p.h(); r++) {
            for (int c = 0; c < p.w(); c++) {
                double v = p.values()[r * p.w() + c];
                Color fill = colour(v, p.scale(), max);
                g.setColor(fill);
                g.fillRect(mx + c * cell, my + r * cell, cell, cell);
                if (p.numbers()) {
                    // white on a dark cell, black on a light one
                    double light = 0.299 * fill.getRed() + 0.587 * fill.getGreen() + 0.114 * fill.getBlue();
                    g.setColor(light < 140 ? Color.WHITE : Color.BLACK);
                    g.setFont(TICK);
                    centered(g, number(v), mx + c * cell + cell / 2, my + r * cell + cell / 2 + 5);
                }
            }
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1));
        g.drawRect(mx, my, mapW, mapH);
        // ticks: first, last and a few between; row 0 at the top, as images are read
        g.setFont(TICK);
        g.setColor(Color.BLACK);
        for (int c : ticks(p.w())) {
            centered(g, Integer.toString(c), mx + c * cell + cell / 2, my + mapH + 16);
        }
        for (int r : ticks(p.h())) {
            String t = Integer.toString(r);
            g.drawString(t, mx - 6 - g.getFontMetrics().stringWidth(t), my + r * cell + cell / 2 + 5);
        }
        g.setFont(LABEL);
        centered(g, p.xAxis(), mx + mapW / 2, my + mapH + 38);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2, x0 + 14, my + mapH / 2.0);
        centered(g, p.yAxis(), x0 + 14, my + mapH / 2 + 5);
        g.setTransform(saved);
        bar(g, p.scale(), max, mx + mapW + 14, my, mapH);
    }

    /** The colour bar beside a map, with its two ends (and 0 for signed values) written out. */
    private static void bar(Graphics2D g, Scale scale, double max, int x, int y, int h) {
        int w = 14;
        for (int i = 0; i < h; i++) {
            double t = 1 - (double) i / Math.max(1, h - 1); // 1 at the top
            double v = scale == Scale.GREY ? t : (2 * t - 1) * max;
            g.setColor(colour(v, scale, max));
            g.fillRect(x, y + i, w, 1);
        }
        g.setColor(Color.GRAY);
        g.drawRect(x, y, w, h);
        g.setColor(Color.BLACK);
        g.setFont(TICK);
        String top = scale == Scale.GREY ? "1 (ink)" : number(max);
        String bottom = scale == Scale.GREY ? "0" : number(-max);
        g.drawString(top, x + w + 4, y + 10);
        g.drawString(bottom, x + w + 4, y + h);
        if (scale == Scale.SIGNED) {
            g.drawString("0", x + w + 4, y + h / 2 + 5);
        }
    }

    static Color colour(double v, Scale scale, double max) {
        if (Double.isNaN(v)) {
            return Color.MAGENTA;
        }
        if (scale == Scale.GREY) {
            int grey = 255 - (int) Math.round(255 * Math.max(0, Math.min(1, v)));
            return new Color(grey, grey, grey);
        }
        double t = max == 0 ? 0 : Math.max(-1, Math.min(1, v / max));
        int fade = 255 - (int) Math.round(255 * Math.abs(t)); // white at 0
        return t >= 0 ? new Color(255, fade, fade) : new Color(fade, fade, 255);
    }

    /** Ticks for an axis of {@code n} cells: every cell up to 8, else 0, a quarter, a half, ..., n - 1. */
    static int[] ticks(int n) {
        if (n <= 8) {
            return java.util.stream.IntStream.range(0, n).toArray();
        }
        int step = Math.max(1, (int) Math.ceil((n - 1) / 4.0));
        return java.util.stream.IntStream.concat(java.util.stream.IntStream.iterate(0, i -> i < n - 1, i -> i + step),
                java.util.stream.IntStream.of(n - 1)).distinct().filter(i -> i == n - 1 || n - 1 - i >= step / 2)
                .toArray();
    }

    /** A value in few characters: 0, 0.0123, -1.2e-05, 40. */
    static String number(double v) {
        if (v == 0) {
            return "0";
        }
        double a = Math.abs(v);
        if (a >= 1e-3 && a < 1e4) {
            return new java.math.BigDecimal(v).round(new java.math.MathContext(3)).stripTrailingZeros().toPlainString();
        }
        return String.format("%.2e", v);
    }

    private static void centered(Graphics2D g, String s, int cx, int baseline) {
        FontMetrics fm = g.getFontMetrics();
        g.drawString(s, cx - fm.stringWidth(s) / 2, baseline);
    }
}
