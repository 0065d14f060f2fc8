package lab.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import lab.compare.speed.Cases;

/**
 * Turns JMH's JSON ({@code -rf json}) into the Markdown table of BENCHMARKS.md: per case and stack,
 * images/s, effective GFLOP/s (FLOPs from {@link Cases}), the ratio to the naive reference, to DL4J's best
 * and to PyTorch's best in float64 and in float32 at batch 32, and the fraction of the FMA peak at the row's
 * precision measured in the same run ({@link FmaPeak}): a float row (reference floatT, pytorch float, dl4j
 * float) of the float peak, which has twice the lanes per vector, every other row of the double one.
 * PyTorch's rows come from scripts/torch_bench.py, which writes the same JSON shape (benchmark
 * {@code lab.bench.TorchTrain.step}). A benchmark found in several documents (the interleaved rounds of
 * scripts/bench) is one row over all their iterations. Reads and formats only; it times nothing.
 *
 * <pre>
 * java -cp benchmarks.jar lab.bench.Table [--out table.md] results.json...   (several runs' JSON: one table)
 * </pre>
 */
public final class Table {

    /** One benchmark result: what was run, on which stack, at which precision, and its mean time per call in seconds. */
    record Row(String op, String subject, String stack, boolean naive, boolean dl4j, String torch, boolean float32,
               int batch, double seconds, double relError, double fastestSeconds) {

        double imagesPerSecond() {
            return batch / seconds;
        }

        /** images/s of the fastest iteration: what the code does when no neighbour takes the core. */
        double bestImagesPerSecond() {
            return batch / fastestSeconds;
        }

        double gflops() {
            return Cases.flopsPerExample(op, subject) * (double) batch / seconds / 1e9;
        }
    }

    /** The peak benchmarks, GFLOP/s by name (scalar, vectorized, scalarFloat, vectorizedFloat). */
    record Peak(Map<String, Double> gflops) {

        /** The fastest benchmark at this precision: the peak its rows are divided by; NaN if none ran. */
        double best(boolean float32) {
            return of(float32).values().stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        }

        /** The benchmarks at this precision, by name. */
        Map<String, Double> of(boolean float32) {
            Map<String, Double> out = new TreeMap<>(gflops);
            out.keySet().removeIf(method -> FmaPeak.isFloat(method) != float32);
            return out;
        }
    }

    private Table() {
    }

    public static void main(String[] args) throws IOException {
        List<String> files = new ArrayList<>(List.of(args));
        Path out = null;
        if (files.size() >= 2 && files.get(0).equals("--out")) {
            out = Path.of(files.get(1));
            files = files.subList(2, files.size());
        }
        if (files.isEmpty()) {
            System.err.println("usage: Table [--out table.md] results.json...");
            System.exit(2);
        }
        List<String> documents = new ArrayList<>();
        for (String file : files) {
            documents.add(Files.readString(Path.of(file)));
        }
        String markdown = format(documents.toArray(String[]::new));
        System.out.print(markdown);
        if (out != null) {
            Files.writeString(out, markdown);
        }
    }

    /** The Markdown for one or more JMH JSON documents (runs with different environments, say). */
    public static String format(String... jmhJson) throws IOException {
        List<JsonNode> results = new ArrayList<>();
        for (String document : jmhJson) {
            new ObjectMapper().readTree(document).forEach(results::add);
        }
        // one entry per benchmark and parameters, its iterations pooled over every document it is in
        Map<String, JsonNode> first = new LinkedHashMap<>();
        Map<String, List<Double>> iterations = new LinkedHashMap<>();
        for (JsonNode result : results) {
            String key = result.get("benchmark").asText() + " " + result.path("params");
            first.putIfAbsent(key, result);
            JsonNode metric = result.get("primaryMetric");
            double unit = secondsPer(metric.get("scoreUnit").asText());
            List<Double> its = iterations.computeIfAbsent(key, k -> new ArrayList<>());
            for (JsonNode fork : metric.get("rawData")) {
                for (JsonNode iteration : fork) {
                    its.add(iteration.asDouble() * unit);
                }
            }
        }
        List<Row> rows = new ArrayList<>();
        Map<String, Double> peak = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : first.entrySet()) {
            JsonNode result = e.getValue();
            String benchmark = result.get("benchmark").asText(); // lab.bench.RefTrain.step
            String[] parts = benchmark.split("\\.");
            String cls = parts[parts.length - 2];
            String method = parts[parts.length - 1];
            List<Double> its = iterations.get(e.getKey());
            double seconds = its.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
            double fastest = its.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
            Map<String, String> params = new TreeMap<>();
            if (result.has("params")) {
                result.get("params").fields().forEachRemaining(p -> params.put(p.getKey(), p.getValue().asText()));
            }
            if (cls.equals("FmaPeak")) {
                // A peak is what the core CAN do: its fastest iteration, not a mean that a busy neighbour drags.
                peak.put(method, FmaPeak.flops(method) / fastest / 1e9);
                continue;
            }
            rows.add(row(cls, method, params, seconds, relativeError(its, seconds), fastest));
        }
        return markdown(rows, new Peak(peak));
    }

    private static Row row(String cls, String method, Map<String, String> params, double seconds, double error,
                           double fastest) {
        String op = switch (method) {
            case "step" -> "train";
            case "convForward" -> "fwd";
            case "convBackward" -> "bwd";
            case "denseForwardBackward" -> "fwd+bwd";
            default -> throw new IllegalArgumentException("unknown benchmark " + cls + "." + method);
        };
        Map<String, String> rest = new TreeMap<>(params);
        String subject = rest.containsKey("model") ? rest.remove("model") // train steps
                : rest.containsKey("conv") ? rest.remove("conv") : rest.remove("dense"); // layer cases
        String tuning = rest.remove("tuning"); // Dl4jTrain's study settings: default, wsNONE, NHWC, batch64, ...
        int batch = tuning != null && tuning.startsWith("batch") ? Integer.parseInt(tuning.substring(5)) : Cases.BATCH;
        String stack;
        boolean naive = false;
        boolean dl4j = cls.startsWith("Dl4j");
        String torch = null;
        boolean float32;
        if (cls.equals("TorchTrain")) {
            torch = rest.remove("dtype");
            float32 = torch.equals("float");
            stack = "pytorch " + torch + " " + rest.remove("threads") + "T";
        } else if (dl4j) {
            String dtype = rest.remove("dtype");
            float32 = dtype.equals("float");
            stack = "dl4j " + dtype + " " + rest.remove("threads") + "T";
            if (tuning != null && !tuning.equals("default") && !tuning.startsWith("batch")) {
                stack += " " + tuning;
            }
        } else {
            String variant = rest.remove("variant");
            naive = "naive".equals(variant);
            float32 = variant.startsWith("float");
            stack = "reference " + variant;
        }
        for (Map.Entry<String, String> e : rest.entrySet()) {
            stack += " " + e.getKey() + "=" + e.getValue();
        }
        if (batch != Cases.BATCH) {
            stack += " batch " + batch;
        }
        return new Row(op, subject, stack, naive && batch == Cases.BATCH, dl4j, torch, float32, batch, seconds, error,
                fastest);
    }

    /**
     * JMH's error for a mean: the half-width of its 99.9% confidence interval (Student's t over the
     * iterations), as a share of the mean; NaN for one iteration.
     */
    static double relativeError(List<Double> iterations, double mean) {
        int n = iterations.size();
        if (n < 2) {
            return Double.NaN;
        }
        double ss = 0;
        for (double x : iterations) {
            ss += (x - mean) * (x - mean);
        }
        return T_999[Math.min(n - 1, T_999.length - 1)] * Math.sqrt(ss / (n - 1) / n) / mean;
    }

    /** Student's t at 0.9995 (two-sided 99.9%) by degrees of freedom 1..30; index 0 unused. */
    private static final double[] T_999 = {Double.NaN, 636.62, 31.60, 12.92, 8.610, 6.869, 5.959, 5.408, 5.041,
        4.781, 4.587, 4.437, 4.318, 4.221, 4.140, 4.073, 4.015, 3.965, 3.922, 3.883, 3.850, 3.819, 3.792, 3.768,
        3.745, 3.725, 3.707, 3.690, 3.674, 3.659, 3.646};

    private static double secondsPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalArgumentException("use an average-time mode; got unit " + unit);
        };
    }

    /** A case's heading: "train cnn (1x28x28)" or "conv bwd cnn:3 conv(16,k3,p1) on 8x14x14". */
    private static String caseName(Row r) {
        if (r.op.equals("train")) {
            return "train step `" + r.subject + "` " + Cases.inputOf(r.subject);
        }
        var layer = Cases.layerOf(r.subject);
        String kind = r.op.equals("fwd+bwd") ? "dense fwd+bwd" : "conv " + r.op;
        return kind + " `" + r.subject + "` " + layer.describe() + " on " + layer.inputShape();
    }

    static String markdown(List<Row> rows, Peak peak) {
        StringBuilder sb = new StringBuilder();
        List<String> peaks = new ArrayList<>();
        for (boolean float32 : new boolean[] {false, true}) {
            if (!peak.of(float32).isEmpty()) {
                peaks.add(String.format(Locale.ROOT, "**%.1f GFLOP/s** in %s (%s)", peak.best(float32),
                        float32 ? "float" : "double", String.join(", ", peak.of(float32).entrySet().stream()
                                .map(e -> String.format(Locale.ROOT, "%s %.1f", e.getKey(), e.getValue())).toList())));
            }
        }
        if (!peaks.isEmpty()) {
            sb.append("FMA peak, one core, fastest iteration: ").append(String.join("; ", peaks)).append("\n\n");
        }
        Map<String, List<Row>> byCase = new LinkedHashMap<>();
        rows.stream().sorted(Comparator.comparing((Row r) -> order(r.op)).thenComparing(r -> r.subject))
                .forEach(r -> byCase.computeIfAbsent(caseName(r), k -> new ArrayList<>()).add(r));
        sb.append("| case | stack | images/s | ± | best it. | GFLOP/s | vs naive ref | vs best DL4J | vs PyTorch f64 "
                + "| vs PyTorch f32 | of FMA peak |\n");
        sb.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Row>> e : byCase.entrySet()) {
            List<Row> group = e.getValue();
            double naive = group.stream().filter(Row::naive).mapToDouble(Row::imagesPerSecond).max().orElse(Double.NaN);
            double dl4jBest = group.stream().filter(r -> r.dl4j && r.batch == Cases.BATCH)
                    .mapToDouble(Row::imagesPerSecond).max().orElse(Double.NaN);
            double torch64 = torchBest(group, "double"), torch32 = torchBest(group, "float");
            group.sort(Comparator.comparing((Row r) -> r.dl4j).thenComparing(r -> r.torch != null)
                    .thenComparing(r -> -r.imagesPerSecond()));
            boolean first = true;
            for (Row r : group) {
                sb.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %.2f | %s | %s | %s | %s | %s |%n",
                        first ? e.getKey() : "", r.stack, grouped(r.imagesPerSecond()),
                        Double.isFinite(r.relError) ? String.format(Locale.ROOT, "%.0f%%", 100 * r.relError) : "",
                        grouped(r.bestImagesPerSecond()), r.gflops(),
                        ratio(r.imagesPerSecond() / naive), ratio(r.imagesPerSecond() / dl4jBest),
                        ratio(r.imagesPerSecond() / torch64), ratio(r.imagesPerSecond() / torch32),
                        share(r.gflops() / peak.best(r.float32))));
                first = false;
            }
        }
        sb.append("\nimages/s = batch / mean time per call; ± = JMH's 99.9% error as a share of the mean; best it. =\n"
                + "images/s in the fastest measured iteration (the code with no neighbour on its core); FLOPs are\n"
                + "counted from the shapes (2 per multiply-add, conv and dense only; backward = 2x forward, a\n"
                + "training step = 3x forward); ratios are of images/s (x above 1: faster), \"vs PyTorch\" to its\n"
                + "best of 1 and 2 threads at that precision; \"of FMA peak\" is of ONE core's at the row's precision,\n"
                + "also for 2-thread rows: float rows (reference floatT, pytorch float, dl4j float) of the float peak,\n"
                + "the others of the double one.\n");
        return sb.toString();
    }

    /** PyTorch's best images/s in this case at this precision, of its 1- and 2-thread rows; NaN if none. */
    private static double torchBest(List<Row> group, String dtype) {
        return group.stream().filter(r -> dtype.equals(r.torch) && r.batch == Cases.BATCH)
                .mapToDouble(Row::imagesPerSecond).max().orElse(Double.NaN);
    }

    private static int order(String op) {
        return switch (op) {
            case "train" -> 0;
            case "fwd" -> 1;
            case "bwd" -> 2;
            default -> 3;
        };
    }

    private static String ratio(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.2fx", x) : "";
    }

    private static String share(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.1f%%", 100 * x) : "";
    }

    private static String grouped(double x) {
        return String.format(Locale.ROOT, "%,.0f", x);
    }
}
