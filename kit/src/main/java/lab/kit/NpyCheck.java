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
 * same tensors in double precision, and each of yours is judged by {@link Judge} (rtol 1e-10, or 1e-4 if
 * any of your results is float32). Gradients are those of L = sum(out * dout), DL4J's plain sums over
 * the batch. Optionally writes DL4J's output and gradients as float64 .npy files for your own tests.
 * Not a gradient check of your code: it has only your results, not your functions. Not the loss:
 * {@link NpyLossCheck} checks a softmax + cross-entropy's results ({@code lab agree --layer softmax-ce}).
 */
public final class NpyCheck {

    /**
     * What to check.
     *
     * @param layers    DL4J's equivalent in the text form, e.g. {@code conv(4,k3,s2,p1)}
     * @param params    weight files by DL4J's name: {@code W}, {@code b}
     * @param yours     your results by tensor name: {@code output}, {@code dx}, {@code dW}, {@code db}
     * @param reference a folder for DL4J's output and gradients as .npy, or null
     * @param rtol      null for the default of your results' precision
     */
    public record Request(String layers, Path input, Map<String, Path> params, Path dout, Map<String, Path> yours,
                          Path reference, Double rtol, double atol) {
    }

    /**
     * The verdict per tensor you gave, the files written, and the likely cause of a disagreement
     * ({@link Diagnosis}: the same as {@link LayerCheck.Result#hint()}'s), or null.
     */
    public record Result(LayerCase kase, String dtype, List<Judge.TensorVerdict> tensors, Map<String, Axes> axes,
                         List<Path> written, String hint) {
        public boolean agrees() {
            return tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        }

        /**
         * The case, a line per tensor that differs, the same per-tensor table as {@code lab agree}'s, the likely
         * cause if a classic mistake reproduces your numbers, the verdict.
         */
        public String table() {
            return NpyCheck.table(kase.toString(), dtype, tensors, axes::get, hint);
        }
    }

    private NpyCheck() {
    }

    /** Reads, checks every shape and dtype (IllegalArgumentException in one line), runs DL4J and judges. */
    public static Result run(Request r) {
        List<Architecture.Spec> specs = Architecture.parseLayers(r.layers());
        NpyFiles.Array x = NpyFiles.read(r.input());
        if (x.shape().length != 4 && x.shape().length != 2) {
            throw new IllegalArgumentException(r.input() + ": shape " + x.shapeText() + "; expected (N, C, H, W), "
                    + "or (N, D) for a vector input");
        }
        int n = (int) x.shape()[0];
        Shape in = x.shape().length == 2 ? Shape.vector((int) x.shape()[1])
                : new Shape((int) x.shape()[1], (int) x.shape()[2], (int) x.shape()[3]);
        List<Layer> twin = Architecture.layers(specs, in);
        LayerCase kase = new LayerCase(n, in, specs);
        int paramLayer = CaseCheck.paramLayer(specs);
        List<Param> expected = paramLayer < 0 ? List.of() : twin.get(paramLayer).params();
        Map<String, Axes> axes = CaseCheck.axes(kase, x.shape().length == 2, paramLayer, expected);

        List<Param> params = new ArrayList<>();
        for (Param want : expected) {
            Path file = r.params().get(want.name());
            Axes a = axes.get("d" + want.name());
            if (file == null) {
                throw new IllegalArgumentException(kase.text() + " needs --param " + want.name() + "=FILE, shape "
                        + NpyFiles.Array.shapeText(longs(want.shape())) + " " + a);
            }
            NpyFiles.Array w = expect(NpyFiles.read(file), a);
            params.add(new Param(want.name(), want.shape(), w.values(), new double[w.values().length]));
        }
        for (String name : r.params().keySet()) {
            if (expected.stream().noneMatch(p -> p.name().equals(name))) {
                throw new IllegalArgumentException("--param " + name + ": " + kase.text() + " has "
                        + (expected.isEmpty() ? "no parameters" : "only " + String.join(" and ",
                        expected.stream().map(Param::name).toList())));
            }
        }
        NpyFiles.Array dout = expect(NpyFiles.read(r.dout()), axes.get("output"));
        Map<String, NpyFiles.Array> yours = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : r.yours().entrySet()) {
            if (!axes.containsKey(e.getKey())) {
                throw new IllegalArgumentException("no tensor '" + e.getKey() + "' to compare; " + kase.text()
                        + " has " + String.join(", ", axes.keySet()));
            }
            yours.put(e.getKey(), expect(NpyFiles.read(e.getValue()), axes.get(e.getKey())));
        }
        if (yours.isEmpty()) {
            throw new IllegalArgumentException("nothing of yours to compare: give --output and/or --grad "
                    + String.join(", ", axes.keySet().stream().filter(k -> !k.equals("output")).toList()));
        }

        Dl4jPiece piece = Dl4jNetworks.piece(specs, in);
        if (paramLayer >= 0) {
            Dl4jParams.toDl4j(piece, paramLayer, params);
            for (int k = 0; k < params.size(); k++) {
                System.arraycopy(params.get(k).value(), 0, expected.get(k).value(), 0, params.get(k).size());
            }
        }
        Dl4jPiece.Run dl4j = piece.run(x.values(), n, dout.values());
        CaseCheck.forward(twin, x.values(), n);
        TermSizes sizes = TermSizes.of(twin, x.values(), n, TermSizes.abs(dout.values().clone()));

        Map<String, double[]> theirs = new LinkedHashMap<>();
        Map<String, double[]> scales = new LinkedHashMap<>();
        theirs.put("output", dl4j.output());
        scales.put("output", sizes.output());
        theirs.put("dx", dl4j.dx());
        scales.put("dx", sizes.dx());
        for (int k = 0; k < expected.size(); k++) {
            theirs.put("d" + expected.get(k).name(), dl4j.grads().get(paramLayer + "_" + expected.get(k).name()));
            scales.put("d" + expected.get(k).name(), sizes.grads().get(k));
        }
        boolean anyFloat = yours.values().stream().anyMatch(a -> a.dtype() == DataType.FLOAT);
        double rtol = r.rtol() != null ? r.rtol() : Judge.rtol(anyFloat ? DataType.FLOAT : DataType.DOUBLE);
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
            hint = Diagnosis.of(new Diagnosis.Evidence(kase, x.values(), values, dout.values(), mine, theirs, scales,
                    rtol, r.atol()));
        }
        return new Result(kase, anyFloat ? "float32" : "float64", tensors, axes, written, hint);
    }

    /**
     * The report of a check through .npy files, a layer's or the loss's ({@link NpyLossCheck}): what was checked,
     * a line per tensor that differs, the per-tensor table, the likely cause if any, the verdict.
     */
    static String table(String what, String dtype, List<Judge.TensorVerdict> tensors,
                        java.util.function.Function<String, Axes> axes, String hint) {
        StringBuilder failures = new StringBuilder();
        for (Judge.TensorVerdict t : tensors) {
            if (!t.agrees()) {
                failures.append(Judge.failure(t, axes.apply(t.name())));
            }
        }
        boolean agrees = tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        return String.format("%s, yours in %s, DL4J in double%n", what, dtype) + failures
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
}
