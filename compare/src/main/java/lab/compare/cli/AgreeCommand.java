package lab.compare.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import lab.compare.agree.AgreeSuite;
import lab.compare.run.DType;
import lab.compare.run.ResultsFile;
import lab.kit.NpyCheck;
import lab.kit.NpyLossCheck;
import lab.reference.Architecture;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code lab agree}: does the hand-written stack compute what DL4J computes, and where do they part? Or,
 * with {@code --layer}, does YOUR layer (any language, through .npy files) compute what DL4J's does? And with
 * {@code --layer softmax-ce}, your softmax + cross-entropy loss?
 */
@Command(name = "agree", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Check a hand-written stack, or your own layer's (or loss's) .npy results, against DL4J, tensor by "
                + "tensor.",
        description = {
            "Run the same batch through the reference stack and DL4J from the same weights, and compare the",
            "forward output, the loss and every named gradient, element by element (|dl4j - ref| <= rtol S, S the size of",
            "the terms summed; rtol 1e-10 in double, 1e-4 in float). Then train both in lockstep and compare every",
            "parameter after every step, and measure translation equivariance on both. With --dtype float both",
            "stacks compute in float (the reference on its float path, its master weights in double), and the",
            "lockstep trains the reference in double beside them: the float stacks may part by at most "
                    + AgreeSuite.FLOAT_DRIFT_MULTIPLE + " times as",
            "much as DL4J's float run moves from that double run (docs/dl4j.md has the measured drift).",
            "One case is run at extreme logits (mlp after 2 SGD steps at lr 1000), where probabilities underflow:",
            "there DL4J's score clips each probability to [1e-10, 1 - 1e-10] and its gradient does not, so the loss",
            "row compares DL4J with the reference's loss clipped the same way (the reference itself keeps the exact",
            "loss). Exits 4 on disagreement.",
            "",
            "Your own layer, written in any language: save its input, weights, an upstream gradient and your",
            "results as .npy files (float64, or float32: then rtol 1e-4), name DL4J's equivalent with --layer, and",
            "DL4J runs on the same tensors (in double, or float with --dtype float: then rtol 1e-4). Gradients are",
            "those of L = sum(out * dout): plain sums over the batch. Without --dout, only --output is checked.",
            "Exits 4 on disagreement, 2 for a missing file, a wrong shape or dtype, or a NaN or infinity in an",
            "input (named by file and element). --arch, --cases, --lockstep and --seed are the stack check's.",
            "",
            "Your own loss (softmax + cross-entropy, the mean over the batch): --layer softmax-ce, the logits (N, K)",
            "as --input, the labels (N) as integer class indices (int64 or int32) as --labels, your mean loss (0-d or",
            "(1,)) as --output and your dlogits = (p - onehot) / N as --grad dlogits=FILE. DL4J's LossMCXENT on a",
            "softmax runs on the same logits and judges both, as lab grade does a Java loss; no --param, no --dout.",
            "Exits 4 on disagreement, 2 for a bad file or a label outside [0, K).",
            "",
            "Examples:",
            "  ./lab agree                   (the presets, and 20 generated architectures: about 14 s on 2 cores)",
            "  ./lab agree --arch 'conv(6,k5x3,s2,p2)-tanh-avgpool(2)-dense(10)' --dtype float",
            "  ./lab agree --layer 'conv(4,k3)' --input x.npy --param W=W.npy --param b=b.npy --dout dy.npy --output y.npy",
            "  ./lab agree --layer 'maxpool(2)' --input x.npy --dout dy.npy --output y.npy --grad dx=dx.npy",
            "  ./lab agree --layer gap --input x.npy --output y.npy --dtype float --json verdict.jsonl  (forward only)",
            "  ./lab agree --layer softmax-ce --input z.npy --labels y.npy --output loss.npy --grad dlogits=dz.npy",
            "  ./lab agree --layer batchnorm --input x.npy --param gamma=g.npy --param beta=b.npy --output y.npy",
            "  ./lab agree --layer batchnorm --input x.npy --param gamma=g.npy --param beta=b.npy --running mean=m.npy",
            "Each of --output and --grad (dx=, dW=, db=, dgamma=, dbeta=: a --grad each) that is given is checked,",
            "and batchnorm's --running mean= and var=: your running statistics after one step from mean 0, var 1.",
            ""})
final class AgreeCommand implements Callable<Integer> {

    @Option(names = "--arch", paramLabel = "ARCH", split = ";",
            description = "Architectures to check, separated by ';'. Default: every preset, plus --cases generated ones.")
    List<String> archs;

    @Option(names = "--cases", paramLabel = "N", description = "Generated architectures to check (with random input "
            + "sides, channels and batch sizes). Default: 20, or 0 when --arch is given.")
    Integer cases;

    @Option(names = "--dtype", paramLabel = "TYPE", converter = Converters.ToDType.class, description = "Both "
            + "stacks' precision: double or float (DL4J's float network against the reference's float path; then "
            + "rtol 1e-4); with --layer, DL4J's (not softmax-ce). Default: double.")
    DType dtype = DType.DOUBLE;

    @Option(names = "--lockstep", paramLabel = "STEPS", description = "Steps of lockstep training (SGD, Nesterov, "
            + "Adam) on digits8 for book-cnn and cnn, in --dtype's precision; 0 skips. Default: 200.")
    Integer lockstep;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for weights, inputs and generated cases. Default: 0.")
    Long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Append every case's per-tensor report as a JSON line;"
            + " with --layer, the check's: per tensor the verdict, the worst element, both values, the error and its "
            + "bound.")
    Path json;

    @Option(names = "--layer", paramLabel = "LAYER", description = "Check your own layer's .npy results instead: "
            + "DL4J's equivalent in the text form, e.g. 'conv(4,k3,s2,p1)', 'maxpool(2)', 'dense(10)', "
            + "'conv(4,k3)-relu'; or softmax-ce, your loss's.")
    String layer;

    @Option(names = "--input", paramLabel = "FILE", description = "With --layer: the input x, (N, C, H, W), or (N, D);"
            + " with softmax-ce, the logits (N, K).")
    Path input;

    @Option(names = "--labels", paramLabel = "FILE", description = "With --layer softmax-ce: the labels (N), class "
            + "indices in [0, K), int64 or int32.")
    Path labels;

    @Option(names = "--param", paramLabel = "NAME=FILE", description = "With --layer: a weight by DL4J's name: "
            + "W=FILE (conv (F, C, KH, KW), dense (in, out), dwconv (C, M, KH, KW), deconv (C, F, KH, KW)) and b=FILE "
            + "(F); batchnorm's gamma=FILE and beta=FILE (C).")
    Map<String, Path> params = new LinkedHashMap<>();

    @Option(names = "--dout", paramLabel = "FILE", description = "With --layer: the upstream gradient, the output's "
            + "shape; without it only --output is checked (a forward pass alone).")
    Path dout;

    @Option(names = "--output", paramLabel = "FILE", description = "With --layer: your forward output; with "
            + "softmax-ce, your mean loss (0-d or (1,)).")
    Path output;

    @Option(names = "--grad", paramLabel = "NAME=FILE", description = "With --layer: your gradients, dx=FILE, dW=FILE, "
            + "db=FILE (batchnorm: dgamma=FILE, dbeta=FILE), any you have; with softmax-ce, dlogits=FILE (N, K).")
    Map<String, Path> grads = new LinkedHashMap<>();

    @Option(names = "--running", paramLabel = "NAME=FILE", description = "With --layer batchnorm: your running "
            + "statistics (C) after one training step on --input from mean 0 and variance 1: mean=FILE and var=FILE "
            + "(DL4J's: decay 0.9, the BIASED batch variance, running = 0.9 running + 0.1 batch); no --dout needed.")
    Map<String, Path> running = new LinkedHashMap<>();

    @Option(names = "--write-reference", paramLabel = "DIR", description = "With --layer: write DL4J's output and "
            + "gradients as DIR/output.npy, dx.npy, dW.npy, db.npy (softmax-ce: loss.npy, dlogits.npy; batchnorm: "
            + "runningMean.npy, runningVar.npy too) (float64), for your own tests.")
    Path writeReference;

    @Option(names = "--rtol", paramLabel = "R", description = "With --layer: relative tolerance, on the size of the "
            + "terms summed. Default: 1e-10, or 1e-4 if any of your results is float32.")
    Double rtol;

    @Option(names = "--atol", paramLabel = "A", description = "With --layer: absolute tolerance. Default: 0.")
    Double atol;

    @picocli.CommandLine.Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        if (layer != null) {
            return checkYourLayer();
        }
        if (input != null || labels != null || dout != null || output != null || !params.isEmpty()
                || !grads.isEmpty() || !running.isEmpty() || writeReference != null || rtol != null || atol != null) {
            throw new IllegalArgumentException("--input, --labels, --param, --dout, --output, --grad, --running, "
                    + "--write-reference, --rtol and --atol check your own layer: name DL4J's equivalent with --layer");
        }
        int generated = cases != null ? cases : archs != null ? 0 : 20;
        int disagreements = AgreeSuite.run(new AgreeSuite.Plan(archs == null ? null
                : archs.stream().map(ArchName::of).toList(), generated, dl4jType(), lockstep != null ? lockstep : 200,
                seed != null ? seed : 0, json), Lab.out());
        return disagreements == 0 ? 0 : 4;
    }

    /** --dtype as DL4J's DataType. */
    private DataType dl4jType() {
        return dtype == DType.FLOAT ? DataType.FLOAT : DataType.DOUBLE;
    }

    private int checkYourLayer() {
        // The stack check's flags would do nothing here: DL4J runs once on your files, nothing is drawn or trained.
        List<String> stackOnly = new java.util.ArrayList<>();
        if (archs != null) {
            stackOnly.add("--arch");
        }
        if (cases != null) {
            stackOnly.add("--cases");
        }
        if (lockstep != null) {
            stackOnly.add("--lockstep");
        }
        if (seed != null) {
            stackOnly.add("--seed");
        }
        if (!stackOnly.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", stackOnly) + (stackOnly.size() == 1 ? " is" : " are")
                    + " the reference stack's (lab agree without --layer); --layer runs DL4J once on your own files, "
                    + "nothing drawn, nothing trained: drop " + (stackOnly.size() == 1 ? "it" : "them"));
        }
        if (!running.isEmpty() && (layer.equals(NpyLossCheck.NAME)
                || !Architecture.parseLayers(layer).contains(new Architecture.BatchNorm()))) {
            throw new IllegalArgumentException("--running is a batch norm's: --layer batchnorm; " + layer
                    + " keeps no running statistics");
        }
        if (layer.equals(NpyLossCheck.NAME)) {
            return checkYourLoss();
        }
        if (labels != null) {
            throw new IllegalArgumentException("--labels is the loss's: --layer " + NpyLossCheck.NAME);
        }
        if (input == null) {
            throw new IllegalArgumentException("--layer needs --input FILE (and --dout FILE, the upstream gradient, "
                    + "to check gradients)");
        }
        Map<String, Path> yours = new LinkedHashMap<>();
        if (output != null) {
            yours.put("output", output);
        }
        yours.putAll(grads);
        for (Map.Entry<String, Path> e : running.entrySet()) {
            switch (e.getKey()) {
                case "mean" -> yours.put(NpyCheck.RUNNING_MEAN, e.getValue());
                case "var" -> yours.put(NpyCheck.RUNNING_VAR, e.getValue());
                default -> throw new IllegalArgumentException("--running " + e.getKey() + "=FILE: the running "
                        + "statistics are mean=FILE and var=FILE");
            }
        }
        NpyCheck.Result r = NpyCheck.run(new NpyCheck.Request(layer, input, params, dout, yours, writeReference, rtol,
                atol != null ? atol : 0, dl4jType()));
        Lab.out().print(r.table());
        for (Path p : r.written()) {
            Lab.out().println("wrote " + p);
        }
        if (json != null) {
            ResultsFile.append(json, r.report());
        }
        return r.agrees() ? 0 : 4;
    }

    private int checkYourLoss() {
        if (dl4jType() == DataType.FLOAT) {
            throw new IllegalArgumentException("--dtype float: --layer " + NpyLossCheck.NAME + " runs DL4J's loss in "
                    + "double only; float32 results of yours are judged at float's tolerance (rtol 1e-4) without it");
        }
        if (!params.isEmpty() || dout != null) {
            throw new IllegalArgumentException("--param and --dout are a layer's: " + NpyLossCheck.NAME + " has no "
                    + "weights and no upstream gradient (the chain rule starts at it); give --input (the logits), "
                    + "--labels, --output (your loss) and --grad dlogits=FILE");
        }
        if (input == null || labels == null) {
            throw new IllegalArgumentException("--layer " + NpyLossCheck.NAME + " needs --input FILE (the logits) and "
                    + "--labels FILE (the class indices)");
        }
        Map<String, Path> yours = new LinkedHashMap<>();
        if (output != null) {
            yours.put("loss", output);
        }
        yours.putAll(grads);
        NpyLossCheck.Result r = NpyLossCheck.run(new NpyLossCheck.Request(input, labels, yours, writeReference, rtol,
                atol != null ? atol : 0));
        Lab.out().print(r.table());
        for (Path p : r.written()) {
            Lab.out().println("wrote " + p);
        }
        if (json != null) {
            ResultsFile.append(json, r.report());
        }
        return r.agrees() ? 0 : 4;
    }
}
