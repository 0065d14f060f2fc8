package lab.kit;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.nd4j.linalg.api.buffer.DataType;

/**
 * A softmax + cross-entropy loss written in any language, checked through {@code .npy} files as {@link NpyCheck}
 * checks a layer: you give the logits (N, K), the labels (N) as integer class indices, and your mean loss and/or
 * your dlogits = d(mean loss)/d(logits) = (p - onehot) / N; DL4J's softmax + MCXENT runs on the same logits in
 * double precision, and each of yours is judged exactly as {@link LossCheck} judges a loss written in Java
 * ({@link LossJudge}; rtol 1e-10, or 1e-4 if any of your results is float32), with the same "likely cause"
 * ({@link Diagnosis}). Optionally writes DL4J's loss and dlogits as float64 .npy files for your own tests.
 * Logits that are not finite are refused before DL4J runs, naming the file and the element. Not a gradient check
 * of your code: it has only your results, not your functions; and no upstream gradient, no weights: the loss is
 * where the chain rule starts. DL4J's loss runs in double only.
 *
 * <pre>
 * Legend: N batch, K classes.   logits (N, K)   labels (N) in [0, K)   loss () or (1)   dlogits (N, K)
 * </pre>
 */
public final class NpyLossCheck {

    /** The loss's name on {@code lab agree --layer}, and in the kit's reports. */
    public static final String NAME = "softmax-ce";

    /**
     * What to check.
     *
     * @param logits    the logits (N, K), float64 or float32
     * @param labels    the class indices (N), int64 or int32, each in [0, K)
     * @param yours     your results by tensor name: {@code loss} (0-d, or (1)), {@code dlogits} (N, K)
     * @param reference a folder for DL4J's loss and dlogits as .npy, or null
     * @param rtol      null for the default of your results' precision
     */
    public record Request(Path logits, Path labels, Map<String, Path> yours, Path reference, Double rtol,
                          double atol) {
    }

    /** The verdict per tensor you gave, the files written, and the likely cause of a disagreement, or null. */
    public record Result(int n, int k, String dtype, List<Judge.TensorVerdict> tensors, List<Path> written,
                         String hint) {
        public boolean agrees() {
            return tensors.stream().allMatch(Judge.TensorVerdict::agrees);
        }

        /** As {@link NpyCheck.Result#table()}: the case, each tensor that differs, the table, the cause, the verdict. */
        public String table() {
            return NpyCheck.table(what(), dtype, "double", tensors, t -> LossJudge.axes(t, n, k), hint);
        }

        /** The same verdicts as data, for {@code lab agree --layer softmax-ce --json}. */
        public FilesReport report() {
            return FilesReport.of(NAME, what(), dtype, "double", tensors, t -> LossJudge.axes(t, n, k), hint);
        }

        private String what() {
            return NAME + " on " + n + " x " + k + " logits (N x K)";
        }
    }

    private NpyLossCheck() {
    }

    /** Reads, checks every shape, dtype and label (IllegalArgumentException in one line), runs DL4J and judges. */
    public static Result run(Request r) {
        NpyFiles.Array z = NpyFiles.read(r.logits());
        if (z.shape().length != 2 || z.shape()[0] < 1 || z.shape()[1] < 1) {
            throw new IllegalArgumentException(r.logits() + ": shape " + z.shapeText() + "; expected (N, K) logits: "
                    + "a row of K class scores per example, N and K at least 1");
        }
        NpyFiles.requireFinite(z, "the logits");
        int n = (int) z.shape()[0];
        int k = (int) z.shape()[1];
        int[] labels = labels(NpyFiles.readIndices(r.labels()), n, k);

        Map<String, NpyFiles.Array> yours = new LinkedHashMap<>();
        for (String name : r.yours().keySet()) {
            if (!LossJudge.TENSORS.contains(name)) {
                throw new IllegalArgumentException("no tensor '" + name + "' to compare; " + NAME + " has loss "
                        + "(--output FILE) and dlogits (--grad dlogits=FILE)");
            }
        }
        for (String name : LossJudge.TENSORS) { // in the report's order, whatever the order given
            Path file = r.yours().get(name);
            if (file != null) {
                yours.put(name, name.equals("loss") ? scalar(NpyFiles.read(file))
                        : NpyCheck.expect(NpyFiles.read(file), LossJudge.axes(name, n, k)));
            }
        }
        if (yours.isEmpty()) {
            throw new IllegalArgumentException("nothing of yours to compare: give --output FILE (your mean loss) "
                    + "and/or --grad dlogits=FILE");
        }

        LossJudge dl4j = LossJudge.of(z.values(), labels, n, k);
        boolean anyFloat = yours.values().stream().anyMatch(a -> a.dtype() == DataType.FLOAT);
        double rtol = r.rtol() != null ? r.rtol() : Judge.rtol(anyFloat ? DataType.FLOAT : DataType.DOUBLE);
        NpyFiles.Array loss = yours.get("loss");
        NpyFiles.Array dlogits = yours.get("dlogits");
        List<Judge.TensorVerdict> tensors = new ArrayList<>();
        if (loss != null) {
            tensors.add(dl4j.loss(loss.values()[0], rtol, r.atol()));
        }
        if (dlogits != null) {
            tensors.add(dl4j.dlogits(dlogits.values(), rtol, r.atol()));
        }
        List<Path> written = new ArrayList<>();
        if (r.reference() != null) {
            Path lossFile = r.reference().resolve("loss.npy");
            NpyFiles.write(lossFile, new double[] {dl4j.dl4j().loss()}, new long[0]); // 0-d, as np.save(f, loss)
            written.add(lossFile);
            Path dlogitsFile = r.reference().resolve("dlogits.npy");
            NpyFiles.write(dlogitsFile, dl4j.dl4j().dlogits(), new long[] {n, k});
            written.add(dlogitsFile);
        }
        String hint = null;
        if (tensors.stream().anyMatch(t -> !t.agrees())) {
            hint = Diagnosis.ofLoss(dl4j.evidence(loss == null ? null : loss.values()[0],
                    dlogits == null ? null : dlogits.values(), rtol, r.atol()));
        }
        return new Result(n, k, anyFloat ? "float32" : "float64", tensors, written, hint);
    }

    /** The labels as ints, if they are N class indices in [0, K); otherwise one line naming the file. */
    private static int[] labels(NpyFiles.Indices y, int n, int k) {
        if (!Arrays.equals(y.shape(), new long[] {n})) {
            boolean oneHot = Arrays.equals(y.shape(), new long[] {n, k});
            throw new IllegalArgumentException(y.file() + ": shape " + y.shapeText() + "; expected (" + n + ",) (n): "
                    + "one class index per row of the logits" + (oneHot ? ", not one-hot rows (labels.argmax(axis=1))"
                    : ""));
        }
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            long v = y.values()[i];
            if (v < 0 || v >= k) {
                throw new IllegalArgumentException(y.file() + ": label " + v + " at (" + i + ") is outside [0, " + k
                        + "): the logits have K = " + k + " classes");
            }
            labels[i] = (int) v;
        }
        return labels;
    }

    /** Your mean loss: one number, saved 0-d (np.save(f, loss)) or as (1); per-example losses are refused. */
    private static NpyFiles.Array scalar(NpyFiles.Array a) {
        if (a.values().length != 1 || a.shape().length > 1) {
            throw new IllegalArgumentException(a.file() + ": shape " + a.shapeText() + "; expected the MEAN loss, "
                    + "one number: 0-d () or (1,), np.save(f, np.float64(loss))");
        }
        return a;
    }
}
