package lab.compare.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;

import lab.compare.agree.Agreement;
import lab.compare.agree.AgreementCases;
import lab.compare.agree.Equivariance;
import lab.compare.agree.Lockstep;
import lab.compare.run.OptimizerKind;
import lab.compare.run.ResultsFile;
import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Architecture;
import lab.reference.Init;
import lab.reference.Network;
import lab.reference.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab agree}: does the hand-written stack compute what DL4J computes, and where do they part? */
@Command(name = "agree", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Check that the reference stack and DL4J compute the same thing, tensor by tensor.",
        description = {
            "Run the same batch through the reference stack and DL4J from the same weights, and compare the",
            "forward output, the loss and every named gradient, element by element (|dl4j - ref| <= rtol S, S the size of",
            "the terms summed; rtol 1e-10 in double, 1e-4 in float). Then train both in lockstep and compare every",
            "parameter after every step, and measure translation equivariance on both. One case is run at extreme",
            "logits (mlp after 2 SGD steps at lr 1000), where probabilities underflow: there DL4J's score clips",
            "each probability to [1e-10, 1 - 1e-10] and its gradient does not, so the loss row compares DL4J with the",
            "reference's loss clipped the same way (the reference itself keeps the exact loss). Exits 4 on disagreement.",
            "",
            "Examples:",
            "  ./lab agree                                  (the presets, and 20 generated architectures)",
            "  ./lab agree --arch 'conv(6,k5x3,s2,p2)-tanh-avgpool(2)-dense(10)' --dtype float",
            ""})
final class AgreeCommand implements Callable<Integer> {

    @Option(names = "--arch", paramLabel = "ARCH", split = ";",
            description = "Architectures to check, separated by ';'. Default: every preset, plus --cases generated ones.")
    List<String> archs;

    @Option(names = "--cases", paramLabel = "N", description = "Generated architectures to check (with random input "
            + "sides, channels and batch sizes). Default: 20, or 0 when --arch is given.")
    Integer cases;

    @Option(names = "--dtype", paramLabel = "TYPE", description = "DL4J's precision: double or float. Default: double.")
    String dtype = "double";

    @Option(names = "--lockstep", paramLabel = "STEPS", description = "Steps of lockstep training (SGD, Nesterov, "
            + "Adam) on digits8 for book-cnn and cnn, double only; 0 skips. Default: 200.")
    int lockstep = 200;

    @Option(names = "--seed", paramLabel = "S", description = "Seed for weights, inputs and generated cases. Default: 0.")
    long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Append every case's per-tensor report as a JSON line.")
    Path json;

    @picocli.CommandLine.Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        DataType type = switch (dtype) {
            case "double" -> DataType.DOUBLE;
            case "float" -> DataType.FLOAT;
            default -> throw new IllegalArgumentException("unknown dtype '" + dtype + "'; choose double or float");
        };
        Random rng = new Random(seed);
        List<Object[]> todo = new ArrayList<>(); // {architecture text, input shape, batch}
        for (String a : archs != null ? archs : Architecture.PRESET_ORDER) {
            int side = Architecture.preset(a).map(Architecture.Preset::side).orElse(28); // a preset's own images
            todo.add(new Object[] {a, new Shape(1, side, side), 8});
        }
        int generated = cases != null ? cases : archs != null ? 0 : 20;
        for (int made = 0, tries = 0; made < generated && tries < 100 * generated; tries++) {
            String text = AgreementCases.randomArchitecture(rng);
            int side = 4 + rng.nextInt(25);
            Shape in = new Shape(1 + rng.nextInt(3), side, side);
            try {
                Architecture.parse(text).layers(in);
            } catch (IllegalArgumentException doesNotFit) {
                continue;
            }
            todo.add(new Object[] {text, in, 1 + rng.nextInt(16)});
            made++;
        }

        int disagreements = 0;
        double worstSeen = 0;
        for (Object[] c : todo) {
            Architecture arch = Architecture.of((String) c[0]);
            Shape in = (Shape) c[1];
            int n = (Integer) c[2];
            Network ref = Network.create(arch, in, Init.XAVIER, rng.nextLong());
            double[] x = AgreementCases.inputWithZerosAndTies(n, in, rng);
            int[] y = rng.ints(n, 0, arch.classes()).toArray();
            Agreement.Report report = Agreement.compare(ref, x, y, n, type);
            Lab.out().print(report.table());
            Lab.out().println("  verdict: " + (report.agrees() ? "agree" : "DISAGREE"));
            for (Agreement.Tensor t : report.tensors()) {
                worstSeen = Math.max(worstSeen, t.worstRel());
            }
            if (!report.agrees()) {
                disagreements++;
            }
            if (json != null) {
                ResultsFile.append(json, report);
            }
        }

        // Extreme logits: the weights after a few steps at a huge learning rate, where probabilities underflow.
        Shape small = new Shape(1, 8, 8);
        Network blown = Network.create(Architecture.of(AgreementCases.EXTREME), small, Init.XAVIER, seed);
        double[] bx = AgreementCases.inputWithZerosAndTies(8, small, rng);
        int[] by = rng.ints(8, 0, 10).toArray();
        AgreementCases.blowUp(blown, bx, by, 8, 1e3, AgreementCases.EXTREME_STEPS);
        Agreement.Report extreme = Agreement.compare(blown, bx, by, 8, type);
        Lab.out().printf("%nextreme logits (%s after %d SGD steps at lr 1000 on its batch):%n", AgreementCases.EXTREME,
                AgreementCases.EXTREME_STEPS);
        Lab.out().print(extreme.table());
        if (extreme.lossNote() != null) {
            Lab.out().println("  " + extreme.lossNote());
        }
        Lab.out().println("  verdict: " + (extreme.agrees() ? "agree" : "DISAGREE"));
        todo.add(new Object[] {"extreme logits", small, 8});
        for (Agreement.Tensor t : extreme.tensors()) {
            worstSeen = Math.max(worstSeen, t.worstRel());
        }
        if (!extreme.agrees()) {
            disagreements++;
        }
        if (json != null) {
            ResultsFile.append(json, extreme);
        }

        if (lockstep > 0 && type == DataType.DOUBLE) {
            Split split = DataSource.load("digits8", 0.25, 0);
            Lab.out().printf("%nlockstep training on digits8, %d steps, batch 32, double (bound 1e-9):%n", lockstep);
            for (String preset : List.of("book-cnn", "cnn")) {
                for (String[] opt : new String[][] {{"sgd", "0.1"}, {"nesterovs", "0.05"}, {"adam", "0.005"}}) {
                    Network ref = Network.create(Architecture.of(preset), split.train().shape(), Init.HE, seed);
                    Lockstep.Result r = Lockstep.run(ref, split.train(), split.test(), OptimizerKind.parse(opt[0]),
                            Double.parseDouble(opt[1]), 0.9, lockstep, 32, seed);
                    boolean samePredictions = java.util.Arrays.equals(r.referencePredictions(), r.dl4jPredictions());
                    boolean ok = r.worstDiff() <= 1e-9 && samePredictions;
                    Lab.out().printf("  %-9s %-10s worst parameter difference %.2e (step %d, %s); test predictions %s%s%n",
                            preset, opt[0], r.worstDiff(), r.worstStep(), r.worstParam(),
                            samePredictions ? "identical" : "DIFFER", ok ? "" : "  DISAGREE");
                    if (!ok) {
                        disagreements++;
                    }
                }
            }
        }

        Lab.out().printf("%ntranslation equivariance, worst interior error / output scale:%n");
        for (Equivariance.Row r : Equivariance.measure(seed)) {
            Lab.out().printf("  %-26s input shift %d, output shift %d:  reference %.2e   dl4j %.2e%n", r.layers(),
                    r.shift(), r.outputShift(), r.reference(), r.dl4j());
        }
        Lab.out().println("  (a conv is equivariant to every shift; 2x2 max-pooling keeps that only for even shifts)");

        Lab.out().printf("%n%d case(s), worst relative error %.2e (rtol %.0e): %s%n", todo.size(), worstSeen,
                Agreement.rtol(type), disagreements == 0 ? "the stacks agree" : disagreements + " DISAGREE");
        return disagreements == 0 ? 0 : 4;
    }
}
