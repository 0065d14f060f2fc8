package lab.compare.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;

import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;

/**
 * A finished report's files: report.md as given, results.csv (one row per run, any study), and
 * report.html, the Markdown as simple HTML with its pictures inlined so that one file travels alone.
 * It converts only the Markdown the sections write (headings, tables, pictures, paragraphs).
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

    private static String csv(List<RunResult> rs) {
        StringBuilder sb = new StringBuilder("data,stack,model,pixels,seed,epochs,optimizer,lr,batch,parameters,"
                + "test_accuracy,final_train_loss,seconds,images_per_second,status,study,scramble,locality,"
                + "train_size,shift_accuracy\n");
        for (RunResult r : rs) {
            RunSpec s = r.spec();
            sb.append(row(s.data(), s.stack().toString(), s.arch(), s.permuted() ? "permuted" : "standard",
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

    /** The Markdown as simple HTML, pictures inlined as data URIs. */
    private static String html(Path dir, String md) throws IOException {
        StringBuilder body = new StringBuilder();
        boolean inTable = false;
        for (String line : md.split("\n")) {
            if (line.startsWith("|")) {
                if (line.matches("\\|[-:|]+\\|?")) {
                    continue;
                }
                String tag = inTable ? "td" : "th";
                if (!inTable) {
                    body.append("<table>\n");
                    inTable = true;
                }
                String cells = Arrays.stream(line.substring(1, line.length() - 1).split("\\|"))
                        .map(c -> "<" + tag + ">" + escape(c.trim()) + "</" + tag + ">").collect(Collectors.joining());
                body.append("<tr>").append(cells).append("</tr>\n");
                continue;
            }
            if (inTable) {
                body.append("</table>\n");
                inTable = false;
            }
            if (line.startsWith("## ")) {
                body.append("<h2>").append(escape(line.substring(3))).append("</h2>\n");
            } else if (line.startsWith("# ")) {
                body.append("<h1>").append(escape(line.substring(2))).append("</h1>\n");
            } else if (line.startsWith("![")) {
                String alt = line.substring(2, line.indexOf("]("));
                String name = line.substring(line.indexOf("](") + 2, line.length() - 1);
                String b64 = Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve(name)));
                body.append("<figure><img alt=\"").append(escape(alt)).append("\" src=\"data:image/png;base64,")
                        .append(b64).append("\"><figcaption>").append(escape(alt)).append("</figcaption></figure>\n");
            } else if (!line.isBlank()) {
                body.append("<p>").append(escape(line).replaceAll("`([^`]*)`", "<code>$1</code>")).append("</p>\n");
            }
        }
        if (inTable) {
            body.append("</table>\n");
        }
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>inductive-bias-lab report</title>\n"
                + "<style>body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;"
                + "text-align:right}th{background:#eee}figure{margin:1em 0}img{max-width:100%}</style>\n"
                + "</head><body>\n" + body + "</body></html>\n";
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
