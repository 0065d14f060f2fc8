package lab.kit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.dl4j.Dl4jNetworks;
import lab.dl4j.Dl4jParams;
import lab.dl4j.Dl4jPiece;
import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A layer written in any language, checked through {@code .npy} files: you give DL4J's equivalent in the
 * text form, the input x (N, C, H, W) (or (N, D)), the weights by name, an upstream gradient dout (the
 * output's shape) and whichever of your own output and gradients (dx, dW, db) you have; DL4J runs on the
 * same tensors, in double precision unless asked for float, and each of yours is judged by {@link Judge}
 * (rtol 1e-10, or 1e-4 if DL4J runs in float or any of your results is float32). Gradients are those of
 * L = sum(out * dout), DL4J's plain sums over the batch. Without dout, only your output is checked (a forward
 * pass alone). Every input (x, weights, dout) must be finite: a NaN there is refused before DL4J runs, naming
 * the file and the element. Optionally writes DL4J's output and gradients as float64 .npy files for your own
 * tests. Not a gradient check of your code: it has only your results, not your functions. Not the loss:
 * {@link NpyLossCheck} checks a softmax + cross-entropy's results ({@code lab agree --layer softmax-ce}).
 *
 * <p>A batch norm's running statistics too, {@value #RUNNING_MEAN} and {@value #RUNNING_VAR} (C): yours after
 * one training step on x from the initial mean 0 and variance 1, against what DL4J's update step leaves
 * ({@link Dl4jPiece.Run#running}): decay 0.9 and the BIASED batch variance, running = 0.9 running + 0.1 batch.
 * They depend on x alone, so they are checked with or without dout.
 */
public final class NpyCheck {

    /** Your running mean after one step, a batch norm's: a tensor name as {@code output} and {@code dx} are. */
    public static final String RUNNING_MEAN = "runningMean";
    /** Your running (biased) variance after one step, a batch norm's. */
    public static final String RUNNING_VAR = "runningVar";

    /**
     * What to check.
     *
     * @param layers    DL4J's equivalent in the text form, e.g. {@code conv(4,k3,s2,p1)}
     * @param params    weight files by DL4J's name: {@code W}, {@code b}
     * @param dout      the upstream gradient, or null for a check of the forward output alone
     * @param yours     your results by tensor name: {@code output}, {@code dx}, {@code dW}, {@code db}; a batch
     *                  norm's {@code dgamma}, {@code dbeta}, {@value #RUNNING_MEAN}, {@value #RUNNING_VAR}
     * @param reference a folder for DL4J's output and gradients as .npy, or null
     * @param rtol      null for the default of the precisions ({@link Judge#rtol})
     * @param dl4j      the precision DL4J computes in: DOUBLE or FLOAT
     */
    public record Request(String layers, Path input, Map<String, Path> params, Path dout, Map<String, Path> yours,
                          Path reference, Double rtol, double atol, DataType dl4j) {
        public Request {
            if (dl4j != DataType.DOUBLE && dl4j != DataType.FLOAT) {
                throw new IllegalArgumentException("DL4J's precision for a check is double or float, not " + dl4j);
            }
        }

        /** DL4J in double precision. */
        public Request(String layers, Path input, Map<String, Path> params, Path dout, Map<String, Path> yours,
                       Path reference, Double rtol, double atol) {
            this(layers, input, params, dout, yours, reference, rtol, atol, DataType.DOUBLE);
        }
    }

    /**
     * The verdict per tensor you gave, the precisions (yours: float64 or float32; DL4J's: double or float), the
     * files written, and the likely cause of a disagreement ({@link Diagnosis}: the same as
     * {@link LayerCheck.Result#hint()}'s), or null.
     */
    public record Result(LayerCase kase, String dtype, String dl4jDtype, List<Judge.TensorVerdict> tensors,
                         Map<String, Axes> axes, List<Path> written, String hint) {
        public boolean agrees() {
            return tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        }

        /**
         * The case, a line per tensor that differs, the same per-tensor table as {@code lab agree}'s, the likely
         * cause if a classic mistake reproduces your numbers, the verdict.
         */
        public String table() {
            return NpyCheck.table(kase.toString(), dtype, dl4jDtype, tensors, axes::get, hint);
        }

        /** The same verdicts as data, for {@code lab agree --layer --json}. */
        public FilesReport report() {
            return FilesReport.of(kase.text(), kase.toString(), dtype, dl4jDtype, tensors, axes::get, hint);
        }
    }

    private NpyCheck() {
    }

    /**
     * Reads, checks every shape and dtype, and that every input is finite (IllegalArgumentException in one line),
     * runs DL4J and judges.
     */
    public static Result run(Request r) {
        List<Architecture.Spec> specs = Architecture.parseLayers(r.layers());
        NpyFiles.Array x = NpyFiles.read(r.input());
        if (x.shape().length != 4 && x.shape().length != 2) {
            throw new IllegalArgumentException(r.input() + ": shape " + x.shapeText() + "; expected (N, C, H, W), "
                    + "or (N, D) for a vector input");
        }
        NpyFiles.requireFinite(x, "the input x");
        int n = (int) x.shape()[0];
        Shape in = x.shape().length == 2 ? Shape.vector((int) x.shape()[1])
                : new Shape((int) x.shape()[1], (int) x.shape()[2], (int) x.shape()[3]);
        List<Layer> twin = Architecture.layers(specs, in);
        LayerCase kase = new LayerCase(n, in, specs);
        int paramLayer = CaseCheck.paramLayer(specs);
        List<Param> expected = paramLayer < 0 ? List.of() : twin.get(paramLayer).params();
        Map<String, Axes> axes = CaseCheck.axes(kase, x.shape().length == 2, paramLayer, expected);
        boolean batchNorm = paramLayer >= 0 && specs.get(paramLayer) instanceof Architecture.BatchNorm;
        if (batchNorm) {
            Axes channels = new Axes(List.of("c"), new int[] {twin.get(paramLayer).inputShape().c()});
            axes.put(RUNNING_MEAN, channels);
            axes.put(RUNNING_VAR, channels);
        }
        for (String name : List.of(RUNNING_MEAN, RUNNING_VAR)) {
            if (r.yours().containsKey(name) && !batchNorm) {
                throw new IllegalArgumentException(name + ": running statistics are a batch norm's; " + kase.text()
                        + " keeps none (--running is for --layer batchnorm)");
            }
        }

        List<Param> params = new ArrayList<>();
        for (Param want : expected) {
            Path file = r.params().get(want.name());
            Axes a = axes.get("d" + want.name());
            if (file == null) {
                throw new IllegalArgumentException(kase.text() + " needs --param " + want.name() + "=FILE, shape "
                        + NpyFiles.Array.shapeText(longs(want.shape())) + " " + a + (want.name().equals("b")
                        ? "; a layer without a bias is written with nobias: " + withoutBias(specs.get(paramLayer))
                        : ""));
            }
            NpyFiles.Array w = NpyFiles.read(file);
            if (specs.get(paramLayer) instanceof Architecture.Dense && want.name().equals("W")
                    && Arrays.equals(w.shape(), new long[] {want.shape()[1], want.shape()[0]})
                    && want.shape()[0] != want.shape()[1]) {
                throw new IllegalArgumentException(file + ": shape " + w.shapeText() + "; expected "
                        + NpyFiles.Array.shapeText(longs(want.shape())) + " " + a + ": yours is (out, in), PyTorch's "
                        + "layout (nn.Linear.weight); DL4J's dense W is (in, out), y = x W + b: pass W.T");
            }
            NpyFiles.requireFinite(expect(w, a), "the weight " + want.name());
            params.add(new Param(want.name(), want.shape(), w.values(), new double[w.values().length]));
        }
        for (String name : r.params().keySet()) {
            if (expected.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("--param " + name + ": " + kase.text() + " has "
                        + (expected.isEmpty() ? "no parameters" : "only " + String.join(" and ",
                        expected.stream().map(Param::name).toList())));
            }
        }
        Axes collapsed = collapsed(axes.get("output"));
        NpyFiles.Array dout = null;
        if (r.dout() != null) {
            dout = NpyFiles.requireFinite(expectOutput(NpyFiles.read(r.dout()), axes.get("output"), collapsed),
                    "the upstream gradient dout");
        }
        Map<String, NpyFiles.Array> yours = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : r.yours().entrySet()) {
            if (!axes.containsKey(e.getKey())) {
                throw new IllegalArgumentException("no tensor '" + e.getKey() + "' to compare; " + kase.text()
                        + " has " + String.join(", ", axes.keySet()));
            }
            boolean output = e.getKey().equals("output");
            if (!output && !isRunning(e.getKey()) && dout == null) {
                throw new IllegalArgumentException("--grad " + e.getKey() + "=FILE needs --dout FILE: a gradient is "
                        + "backward's answer to an upstream gradient, and DL4J needs the same one to compute its "
                        + e.getKey() + "; without --dout only --output is checked");
            }
            NpyFiles.Array a = NpyFiles.read(e.getValue());
            yours.put(e.getKey(), output ? expectOutput(a, axes.get("output"), collapsed)
                    : expect(a, axes.get(e.getKey())));
        }
        if (yours.isEmpty()) {
            throw new IllegalArgumentException("nothing of yours to compare: give --output and/or --grad "
                    + String.join(", ", axes.keySet().stream().filter(k -> !k.equals("output") && !isRunning(k))
                    .toList()) + (batchNorm ? " and/or --running mean=FILE, var=FILE" : ""));
        }
        // The report and DL4J's files follow the shape you gave the output in: (N, C) or (N, C, 1, 1) after gap.
        NpyFiles.Array shown = yours.containsKey("output") ? yours.get("output") : dout;
        if (collapsed != null && shown != null && shown.shape().length == 2) {
            axes.put("output", collapsed);
        }

        Dl4jPiece piece = Dl4jNetworks.piece(specs, in, r.dl4j());
        if (paramLayer >= 0) {
            Dl4jParams.toDl4j(piece, paramLayer, params);
            for (int k = 0; k < params.size(); k++) {
                System.arraycopy(params.get(k).value(), 0, expected.get(k).value(), 0, params.get(k).size());
            }
        }
        // Forward only without dout: no gradient of DL4J's is checked, and the sizes of the output's terms do
        // not depend on dout, so zeros stand in for it. A batch norm runs backward all the same, from those
        // zeros: its running statistics come out of DL4J's backprop, and depend on x alone.
        double[] upstream = dout != null ? dout.values() : new double[n * kase.output().size()];
        Dl4jPiece.Run dl4j = dout != null || batchNorm ? piece.run(x.values(), n, upstream)
                : new Dl4jPiece.Run(piece.forward(x.values(), n), null, Map.of(), Map.of());
        double[] normInput = x.values(); // the batch norm's own input, after the layers before it (flatten, gap)
        for (int l = 0; l < paramLayer && batchNorm; l++) {
            normInput = twin.get(l).forward(normInput, n);
        }
        TermSizes sizes = TermSizes.of(twin, x.values(), n, TermSizes.abs(upstream.clone()));

        Map<String, double[]> theirs = new LinkedHashMap<>();
        Map<String, double[]> scales = new LinkedHashMap<>();
        theirs.put("output", dl4j.output());
        scales.put("output", sizes.output());
        if (dout != null) {
            theirs.put("dx", dl4j.dx());
            scales.put("dx", sizes.dx());
            for (int k = 0; k < expected.size(); k++) {
                theirs.put("d" + expected.get(k).name(), dl4j.grads().get(paramLayer + "_" + expected.get(k).name()));
                scales.put("d" + expected.get(k).name(), sizes.grads().get(k));
            }
        }
        if (batchNorm) {
            TermSizes.Running running = TermSizes.runningAfterOneStep(normInput, n, twin.get(paramLayer).inputShape());
            theirs.put(RUNNING_MEAN, dl4j.running().get(paramLayer).mean());
            scales.put(RUNNING_MEAN, running.mean());
            theirs.put(RUNNING_VAR, dl4j.running().get(paramLayer).var());
            scales.put(RUNNING_VAR, running.var());
        }
        boolean anyFloat = yours.values().stream().anyMatch(a -> a.dtype() == DataType.FLOAT);
        boolean lessPrecise = anyFloat || r.dl4j() == DataType.FLOAT;
        double rtol = r.rtol() != null ? r.rtol() : Judge.rtol(lessPrecise ? DataType.FLOAT : DataType.DOUBLE);
        List<Judge.TensorVerdict> tensors = new ArrayList<>();
        for (Map.Entry<String, NpyFiles.Array> e : yours.entrySet()) {
            tensors.add(Judge.judge(e.getKey(), theirs.get(e.getKey()), e.getValue().values(), scales.get(e.getKey()),
                    rtol, r.atol()));
        }
        List<Path> written = new ArrayList<>();
        if (r.reference() != null) {
            for (Map.Entry<String, double[]> e : theirs.entrySet()) {
                Path file = r.reference().resolve(e.getKey() + ".npy");
                NpyFiles.write(file, e.getValue(), longs(axes.get(e.getKey()).sizes()));
                written.add(file);
            }
        }
        String hint = null;
        if (tensors.stream().anyMatch(t -> !t.agrees())) {
            Map<String, double[]> values = new LinkedHashMap<>();
            for (Param p : params) {
                values.put(p.name(), p.value());
            }
            Map<String, double[]> mine = new LinkedHashMap<>();
            yours.forEach((name, a) -> mine.put(name, a.values()));
            hint = Diagnosis.of(new Diagnosis.Evidence(kase, x.values(), values, upstream, mine, theirs, scales,
                    rtol, r.atol()));
        }
        return new Result(kase, anyFloat ? "float32" : "float64", r.dl4j() == DataType.FLOAT ? "float" : "double",
                tensors, axes, written, hint);
    }

    /** A batch norm's running statistic, which needs no dout. */
    private static boolean isRunning(String tensor) {
        return tensor.equals(RUNNING_MEAN) || tensor.equals(RUNNING_VAR);
    }

    /**
     * The output's axes as (n, c) where they are (n, c, 1, 1) (after {@code gap}, as PyTorch's x.mean((2, 3))
     * gives it: the same values in the same order); null for any other output.
     */
    private static Axes collapsed(Axes output) {
        int[] s = output.sizes();
        return s.length == 4 && s[2] == 1 && s[3] == 1 ? new Axes(List.of("n", "c"), new int[] {s[0], s[1]}) : null;
    }

    /** As {@link #expect}, accepting an output of (N, C, 1, 1) as (N, C) too ({@code collapsed}, if not null). */
    private static NpyFiles.Array expectOutput(NpyFiles.Array a, Axes axes, Axes collapsed) {
        if (collapsed != null && Arrays.equals(a.shape(), longs(collapsed.sizes()))) {
            return a;
        }
        if (collapsed != null && !Arrays.equals(a.shape(), longs(axes.sizes()))) {
            throw new IllegalArgumentException(a.file() + ": shape " + a.shapeText() + "; expected "
                    + NpyFiles.Array.shapeText(longs(axes.sizes())) + " " + axes + " or "
                    + NpyFiles.Array.shapeText(longs(collapsed.sizes())) + " " + collapsed);
        }
        return expect(a, axes);
    }

    /**
     * The report of a check through .npy files, a layer's or the loss's ({@link NpyLossCheck}): what was checked,
     * a line per tensor that differs, the per-tensor table, the likely cause if any, the verdict.
     */
    static String table(String what, String dtype, String dl4jDtype, List<Judge.TensorVerdict> tensors,
                        java.util.function.Function<String, Axes> axes, String hint) {
        StringBuilder failures = new StringBuilder();
        for (Judge.TensorVerdict t : tensors) {
            if (!t.agrees()) {
                failures.append(Judge.failure(t, axes.apply(t.name())));
            }
        }
        boolean agrees = tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        return String.format("%s, yours in %s, DL4J in %s%n", what, dtype, dl4jDtype) + failures
                + Judge.table(tensors, "yours", t -> axes.apply(t.name()).at(t.worstRelIndex()))
                + (hint == null ? "" : "  likely cause: " + hint + String.format("%n"))
                + "  verdict: " + (agrees ? "agree" : "DISAGREE") + String.format("%n");
    }

    /** The array, if its shape is {@code axes}'; otherwise one line: the file, expected and got. */
    static NpyFiles.Array expect(NpyFiles.Array a, Axes axes) {
        long[] want = longs(axes.sizes());
        if (!Arrays.equals(a.shape(), want)) {
            throw new IllegalArgumentException(a.file() + ": shape " + a.shapeText() + "; expected "
                    + NpyFiles.Array.shapeText(want) + " " + axes);
        }
        return a;
    }

    static long[] longs(int[] v) {
        return Arrays.stream(v).asLongStream().toArray();
    }

    /** The text form of {@code spec} without its bias, for the hint of a missing b: conv(4,k3) -> conv(4,k3,nobias). */
    private static String withoutBias(Architecture.Spec spec) {
        String text = spec.toString();
        return text.substring(0, text.length() - 1) + ",nobias)";
    }
}
