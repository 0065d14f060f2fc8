package lab.compare.exercise;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;

import lab.kit.CaseReport;
import lab.kit.LayerCase;
import lab.kit.LayerCheck;
import lab.kit.LossCheck;
import lab.kit.NpyLossCheck;
import lab.kit.Setting;
import lab.kit.Verdict;
import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Loss;
import lab.reference.Shape;

/**
 * The exercises of {@code lab exercise} and {@code lab grade}: for each, the student's class and its
 * constructor, DL4J's equivalent and the settings the grader's cases vary, and the files handed out (a
 * Java solution under {@code resources/lab/compare/exercise/}, its method bodies between {@code //>> NAME}
 * and {@code //<< NAME} lines, blanked for the skeleton; a NumPy twin, {@code #>>} and {@code #<<}). One
 * source per exercise: the skeleton is the solution with its bodies taken out, so the two cannot drift.
 * Not the grading: {@link Grader} compiles and finds the class, the kit ({@link LayerCheck}, {@link
 * LossCheck}) judges it.
 */
public enum Exercise {
    CONV("conv", "MyConv", "conv(4,k3,s2,p1)", "a 2-D convolution: cross-correlation with stride and zero padding",
            "x (N, C, H, W) -> out (N, F, OH, OW), OH = (H + 2 PH - KH) / SH + 1; W (F, C, KH, KW); b (F)",
            List.of(Setting.FILTERS, Setting.KERNEL, Setting.STRIDE, Setting.PADDING)),
    DENSE("dense", "MyDense", "dense(5)", "a fully connected layer: out = x . W + b",
            "x (N, D) (any input read as D = C*H*W features) -> out (N, U); W (D, U); b (U)", List.of(Setting.UNITS)),
    MAXPOOL("maxpool", "MyMaxPool", "maxpool(2)", "max pooling: ties to the first maximum, as DL4J",
            "x (N, C, H, W) -> out (N, C, OH, OW), OH = (H - KH) / SH + 1; no parameters",
            List.of(Setting.KERNEL, Setting.STRIDE)),
    RELU("relu", "MyReLU", "relu", "ReLU, with DL4J's derivative at 0", "x -> out, the same shape; no parameters",
            List.of()),
    SOFTMAX_CE("softmax-ce", "MySoftmaxCrossEntropy", null,
            "the loss: softmax + cross-entropy, the mean over the batch, and its gradient",
            "logits (N, K), labels (N) in [0, K) -> the mean loss; dlogits (N, K) = (p - onehot) / N", List.of()),
    LOCAL("local", "MyLocal", "local(2,k2,s1,p1)", "a locally connected layer: a conv's windows, no weight sharing",
            "x (N, C, H, W) -> out (N, F, OH, OW); W (OH*OW, C*KH*KW, F); b (F)",
            List.of(Setting.KERNEL, Setting.STRIDE, Setting.PADDING));

    /** The name on the command line: {@code conv}, {@code softmax-ce}. */
    public final String id;
    /** The student's class, and its file's name without {@code .java}. */
    public final String className;
    /** DL4J's equivalent in the text form; null for the loss (DL4J's LossMCXENT on a softmax). */
    public final String layer;
    public final String what;
    public final String shapes;
    /** The settings the grader's cases vary, beyond batch, channels and sides. */
    public final List<Setting> varying;

    Exercise(String id, String className, String layer, String what, String shapes, List<Setting> varying) {
        this.id = id;
        this.className = className;
        this.layer = layer;
        this.what = what;
        this.shapes = shapes;
        this.varying = varying;
    }

    /** The exercise called {@code id}; one line naming every exercise if there is none. */
    public static Exercise named(String id) {
        return Arrays.stream(values()).filter(e -> e.id.equalsIgnoreCase(id.trim())).findFirst().orElseThrow(() ->
                new IllegalArgumentException("unknown exercise '" + id + "'; choose one of " + ids()));
    }

    /** {@code conv, dense, maxpool, relu, softmax-ce, local}. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(e -> e.id).toList());
    }

    /** The NumPy file's name: {@code conv.py}, {@code softmax_ce.py} (a name Python could import). */
    public String pythonFile() {
        return id.replace('-', '_') + ".py";
    }

    /** Which method bodies a skeleton leaves for the student to write. */
    public enum Part {
        /** forward and backward. */
        BOTH,
        /** backward only: forward is written (the classic first exercise). */
        BACKWARD
    }

    /** The Java file handed out: the solution, or the skeleton with the bodies of {@code part} blanked. */
    public String javaSource(Part part, boolean solution) {
        return fill(resource(className + ".java"), part, solution, "//", body -> List.of(
                "// TODO: write " + body + " (the contract and DL4J's conventions are in the comment above)",
                "throw new UnsupportedOperationException(\"TODO: " + className + "." + body + " is not written yet\");"));
    }

    /** The NumPy file handed out, its docstring naming the command that grades its results in {@code out}. */
    public String pythonSource(Part part, boolean solution, String agreeCommand) {
        return fill(resource(pythonFile()), part, solution, "#", body -> List.of(
                "# TODO: write " + body + " (the contract and DL4J's conventions are in the docstring above)",
                "raise NotImplementedError(\"TODO: " + body + " is not written yet\")"))
                .replace("@AGREE@", agreeCommand);
    }

    /**
     * The command line that grades the NumPy file's results, written to {@code out}: {@code ./lab agree --layer
     * 'conv(4,k3,s2,p1)' --input OUT/x.npy ...}; for the loss, {@code ./lab agree --layer softmax-ce --input
     * OUT/logits.npy --labels OUT/labels.npy ...}.
     */
    public String agreeCommand(String out) {
        if (this == SOFTMAX_CE) {
            return "./lab agree --layer " + NpyLossCheck.NAME + " --input " + out + "/logits.npy --labels " + out
                    + "/labels.npy --output " + out + "/loss.npy --grad dlogits=" + out + "/dlogits.npy";
        }
        boolean params = this == CONV || this == DENSE || this == LOCAL;
        return "./lab agree --layer '" + layer + "' --input " + out + "/x.npy"
                + (params ? " --param W=" + out + "/W.npy --param b=" + out + "/b.npy" : "")
                + " --dout " + out + "/dout.npy --output " + out + "/y.npy --grad dx=" + out + "/dx.npy"
                + (params ? " --grad dW=" + out + "/dW.npy --grad db=" + out + "/db.npy" : "");
    }

    /**
     * The kit's verdict on the student's class: the exercise's cases, every one run (for the score), from
     * {@code seed}. A constructor that does not fit the skeleton's is refused in one line.
     */
    public Verdict check(Class<?> yours, int cases, long seed) {
        if (this == SOFTMAX_CE) {
            Constructor<?> make = constructor(yours);
            Supplier<Loss> loss = () -> (Loss) construct(make);
            return LossCheck.of(loss).cases(cases).seed(seed).everyCase().run();
        }
        Constructor<?> make = constructor(yours);
        return LayerCheck.of(layer, c -> (Layer) construct(make, arguments(c)))
                .varying(varying.toArray(Setting[]::new)).cases(cases).seed(seed).everyCase().run();
    }

    /** The skeleton's constructor's parameter types. */
    private Class<?>[] parameterTypes() {
        int ints = switch (this) {
            case CONV, LOCAL -> 7;
            case MAXPOOL -> 4;
            case DENSE -> 1;
            case RELU -> 0;
            case SOFTMAX_CE -> -1;
        };
        if (ints < 0) {
            return new Class<?>[0];
        }
        Class<?>[] types = new Class<?>[1 + ints];
        types[0] = Shape.class;
        Arrays.fill(types, 1, types.length, int.class);
        return types;
    }

    /** The case's settings, in the order of the skeleton's constructor. */
    private Object[] arguments(LayerCase c) {
        return switch (this) {
            case CONV -> {
                Architecture.Conv k = c.layer(Architecture.Conv.class);
                yield new Object[] {c.input(), k.filters(), k.kh(), k.kw(), k.sh(), k.sw(), k.ph(), k.pw()};
            }
            case LOCAL -> {
                Architecture.Local k = c.layer(Architecture.Local.class);
                yield new Object[] {c.input(), k.filters(), k.kh(), k.kw(), k.sh(), k.sw(), k.ph(), k.pw()};
            }
            case MAXPOOL -> {
                Architecture.Pool p = c.layer(Architecture.Pool.class);
                yield new Object[] {c.input(), p.kh(), p.kw(), p.sh(), p.sw()};
            }
            case DENSE -> new Object[] {c.input(), c.layer(Architecture.Dense.class).units()};
            case RELU -> new Object[] {c.input()};
            case SOFTMAX_CE -> new Object[0];
        };
    }

    private Constructor<?> constructor(Class<?> yours) {
        try {
            return yours.getConstructor(parameterTypes());
        } catch (NoSuchMethodException e) {
            String skeleton = javaSource(Part.BOTH, false);
            int at = skeleton.indexOf("public " + className + "(");
            String signature = skeleton.substring(at, skeleton.indexOf(')', at) + 1);
            throw new IllegalArgumentException(yours.getName() + " needs the skeleton's constructor, " + signature
                    .replace(className, yours.getName()) + ": the grader builds it for every case with it");
        }
    }

    /** A new instance; what its constructor throws is the student's, named with their file and line. */
    private static Object construct(Constructor<?> make, Object... arguments) {
        try {
            return make.newInstance(arguments);
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            StackTraceElement at = CaseReport.where(cause);
            throw new IllegalArgumentException("your constructor threw " + cause + (at == null ? "" : " at " + at),
                    cause);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("cannot build " + make.getDeclaringClass().getName() + ": " + e, e);
        }
    }

    /**
     * The template with its marked bodies kept (solution), or those of {@code part} replaced by {@code todo}'s
     * lines at the body's indentation. Marker lines never reach the student.
     */
    private static String fill(String template, Part part, boolean solution, String comment,
                               java.util.function.Function<String, List<String>> todo) {
        StringBuilder out = new StringBuilder();
        String blanking = null;
        for (String line : template.split("\n", -1)) {
            String trimmed = line.trim();
            if (trimmed.startsWith(comment + ">> ")) {
                String body = trimmed.substring(comment.length() + 3);
                if (!solution && (part == Part.BOTH || body.equals("backward"))) {
                    blanking = body;
                    String indent = line.substring(0, line.indexOf(comment));
                    for (String t : todo.apply(body)) {
                        out.append(indent).append(t).append('\n');
                    }
                }
                continue;
            }
            if (trimmed.startsWith(comment + "<< ")) {
                blanking = null;
                continue;
            }
            if (blanking == null) {
                out.append(line).append('\n');
            }
        }
        return out.substring(0, out.length() - 1);
    }

    private static String resource(String name) {
        try (InputStream in = Exercise.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the build lost the exercise file " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
