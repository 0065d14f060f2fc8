package lab.compare.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TableCell;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Code;
import org.commonmark.node.CustomBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Image;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.Text;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.NodeRenderer;
import org.commonmark.renderer.html.HtmlNodeRendererContext;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.html.HtmlWriter;

import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * A finished report's files: report.md as given, results.csv (one row per run, any study), and
 * report.html, the Markdown rendered by commonmark-java with its pictures inlined so that one file travels
 * alone. It is not a site generator: one page, one style sheet, no scripts.
 */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** Writes report.md, results.csv and report.html into {@code dir} (the pictures must be there already). */
    public static void write(Path dir, String md, List<RunResult> all) {
        try {
            Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("results.csv"), csv(all), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html(dir, md), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes report.md and report.html alone into {@code dir}: a page with no results file (a lesson's). */
    public static void writePage(Path dir, String md) {
        try {
            Files.writeString(dir.resolve("report.md"), md, StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.html"), html(dir, md), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report in " + dir + ": " + e.getMessage(), e);
        }
    }

    private static String csv(List<RunResult> rs) {
        StringBuilder sb = new StringBuilder("data,stack,model,pixels,seed,epochs,optimizer,lr,batch,parameters,"
                + "test_accuracy,final_train_loss,seconds,images_per_second,status,study,scramble,locality,"
                + "train_size,shift_accuracy\n");
        for (RunResult r : rs) {
            RunSpec s = r.spec();
            sb.append(row(s.data(), s.stack().toString(), s.arch(), s.pixels().toString(),
                    Long.toString(s.seed()), Integer.toString(s.epochs()), s.optimizer().toString(), Double.toString(s.lr()),
                    Integer.toString(s.batch()), Long.toString(r.parameters()), Double.toString(r.testAccuracy()),
                    Double.toString(r.finalTrainLoss()), String.format("%.3f", r.seconds()),
                    String.format("%.1f", r.imagesPerSecond()), r.status().toString(), s.study().toString(),
                    Tables.scramble(s),
                    String.format("%.4f", r.locality()), Integer.toString(r.trainSize()), r.shiftAccuracy() == null
                    ? "" : Arrays.stream(r.shiftAccuracy()).mapToObj(Double::toString)
                    .collect(Collectors.joining(";")))).append('\n');
        }
        return sb.toString();
    }

    /**
     * One CSV row: a field holding a comma, a quote or a line break is quoted, its quotes doubled (RFC 4180),
     * as an architecture's text form (conv(8,k3,p1)-...) needs.
     */
    private static String row(String... fields) {
        return Arrays.stream(fields).map(f -> f.matches("(?s).*[,\"\r\n].*") ? '"' + f.replace("\"", "\"\"") + '"' : f)
                .collect(Collectors.joining(","));
    }

    private static final List<Extension> TABLES = List.of(TablesExtension.create());

    /** The page's style: readable tables with numbers right-aligned, code set apart, a measure that reads. */
    private static final String CSS = "body{font-family:sans-serif;line-height:1.45;max-width:60em;margin:2em auto;"
            + "padding:0 1em;color:#222}h1,h2,h3{line-height:1.2}h2{border-bottom:1px solid #ddd;padding-bottom:.2em}"
            + "table{border-collapse:collapse;margin:1em 0;font-size:.95em}td,th{border:1px solid #bbb;"
            + "padding:.3em .6em;text-align:left}th{background:#eee}tbody tr:nth-child(even){background:#f7f7f7}"
            + "td.num,td[align=right],th[align=right]{text-align:right;font-variant-numeric:tabular-nums}"
            + "code{font-family:monospace;font-size:.9em;background:#f2f2f2;padding:.1em .3em;border-radius:3px}"
            + "figure{margin:1.5em 0}img{max-width:100%}figcaption{color:#555;font-size:.9em;margin-top:.3em}";

    /**
     * The Markdown as one HTML page (CommonMark with GitHub's tables): each picture read from {@code dir} and
     * inlined as a data URI, and a picture alone in its paragraph shown as a figure captioned by its alt text.
     */
    private static String html(Path dir, String md) {
        Node doc = Parser.builder().extensions(TABLES).build().parse(md);
        List<Image> pictures = new ArrayList<>();
        doc.accept(new AbstractVisitor() {
            @Override
            public void visit(Image image) {
                pictures.add(image);
            }
        });
        for (Image picture : pictures) {
            picture.setDestination("data:image/png;base64," + Base64.getEncoder().encodeToString(picture(dir, picture)));
            Node paragraph = picture.getParent();
            if (paragraph instanceof Paragraph && paragraph.getFirstChild() == picture && picture.getNext() == null) {
                Figure figure = new Figure();
                figure.appendChild(picture);
                paragraph.insertBefore(figure);
                paragraph.unlink();
            }
        }
        String body = HtmlRenderer.builder().extensions(TABLES).escapeHtml(true)
                .nodeRendererFactory(FigureRenderer::new)
                .attributeProviderFactory(context -> ReportFiles::numbersRight)
                .build().render(doc);
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>" + escape(title(doc))
                + "</title>\n<style>" + CSS + "</style>\n</head><body>\n" + body + "</body></html>\n";
    }

    /** A picture's bytes; one named in the Markdown but missing from {@code dir} is a one-line error naming it. */
    private static byte[] picture(Path dir, Image picture) {
        Path file = dir.resolve(picture.getDestination());
        try {
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("report.md shows a picture that is not in its folder: " + file, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the picture " + file + ": " + e.getMessage(), e);
        }
    }

    /** A picture alone in its paragraph: rendered as {@code <figure>}, its alt text the caption. */
    private static final class Figure extends CustomBlock {
    }

    private static final class FigureRenderer implements NodeRenderer {
        private final HtmlNodeRendererContext context;

        FigureRenderer(HtmlNodeRendererContext context) {
            this.context = context;
        }

        @Override
        public Set<Class<? extends Node>> getNodeTypes() {
            return Set.of(Figure.class);
        }

        @Override
        public void render(Node figure) {
            HtmlWriter out = context.getWriter();
            out.line();
            out.tag("figure");
            context.render(figure.getFirstChild());
            out.tag("figcaption");
            out.text(text(figure.getFirstChild()));
            out.tag("/figcaption");
            out.tag("/figure");
            out.line();
        }
    }

    /** A table cell that holds a number (a mean, an interval, a count) is right-aligned, by class {@code num}. */
    private static void numbersRight(Node node, String tag, Map<String, String> attributes) {
        if (node instanceof TableCell cell && !cell.isHeader() && text(cell).matches("[-+\u2212]?\\.?\\d.*")) {
            attributes.put("class", "num");
        }
    }

    /** The first top-level heading, or a generic title. */
    private static String title(Node doc) {
        for (Node n = doc.getFirstChild(); n != null; n = n.getNext()) {
            if (n instanceof Heading h && h.getLevel() == 1) {
                return text(h) + " \u2014 inductive-bias-lab";
            }
        }
        return "inductive-bias-lab report";
    }

    /** The plain text under a node: its text and code spans, line breaks as spaces. */
    private static String text(Node node) {
        StringBuilder sb = new StringBuilder();
        node.accept(new AbstractVisitor() {
            @Override
            public void visit(Text text) {
                sb.append(text.getLiteral());
            }

            @Override
            public void visit(Code code) {
                sb.append(code.getLiteral());
            }

            @Override
            public void visit(SoftLineBreak lineBreak) {
                sb.append(' ');
            }
        });
        return sb.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
