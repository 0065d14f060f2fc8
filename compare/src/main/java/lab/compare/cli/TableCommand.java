package lab.compare.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.ResultsFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Runner;
import lab.compare.study.Control;
import lab.data.Split;
import lab.reference.Architecture;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lab table}: the permuted-pixel control. Each model is trained on standard pixels and on pixels
 * scrambled by one fixed permutation, over several seeds (each seed its own initialisation, batch order
 * and permutation, shared by the two conditions), and the drop in accuracy is reported per model.
 */
@Command(name = "table", sortOptions = false, mixinStandardHelpOptions = true,
        header = "The book's two models on standard and permuted pixels: a table in about 5 s.",
        description = {
            "Train each model on standard and on permuted pixels over several seeds, and print mean +- sd",
            "test accuracy, and the drop the permutation causes.",
            "",
            "A dense layer has no idea which pixels are neighbours, so scrambling them costs an MLP nothing",
            "(it is the same problem with its inputs renamed). A convolution assumes neighbours belong",
            "together, so scrambling breaks its prior: the CNN's extra drop measures what locality was worth.",
            "",
            "Examples:",
            "  ./lab table                                    (book-mlp and book-cnn on digits8: about 5 s on 2 cores)",
            "  ./lab table --protocol book --data optdigits:DIR --seeds 10   (the book's chapter-3 table)",
            ""})
final class TableCommand implements Callable<Integer> {

    @Option(names = "--arch", paramLabel = "ARCH", split = ";",
            description = "Models to compare, separated by ';'. Default: book-mlp;book-cnn.")
    List<String> archs = List.of("book-mlp", "book-cnn");

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds 0..N-1 per model and condition. "
            + "Default: 10.")
    Integer seeds;

    @Option(names = "--json", paramLabel = "FILE", description = "Append every run's result to FILE as it "
            + "finishes, one JSON line each.")
    Path json;

    @Option(names = "--protocol", paramLabel = "NAME", description = "A named set of settings: table = "
            + "plain SGD, lr 0.1, batch 32, 20 epochs, init auto; book = the chapter's protocol (plain SGD, lr 0.1, "
            + "batch 32, 40 epochs, uniform init, book-mlp and book-cnn), which needs --data optdigits:DIR. Options "
            + "given explicitly win. Default: table.")
    String protocol;

    @Mixin
    TrainingOptions options;

    @Mixin
    Verbosity verbosity;

    /** The protocol asked for: lab table's own unless --protocol names another. */
    Protocol settings() {
        return Protocol.parse(protocol, Protocol.TABLE, Protocol.TABLE, Protocol.BOOK);
    }

    @Override
    public Integer call() {
        int n = seeds != null ? seeds : 10;
        if (n < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + n);
        }
        Protocol settings = settings();
        archs = archs.stream().map(ArchName::of).toList(); // a preset in any case: its own name from here on
        RunSpec first = options.toSpec(settings, archs.get(0), 0, null, null);
        Split split = Runner.load(first);
        for (String arch : archs) {
            Architecture.of(arch).layers(split.train().shape()); // refuse a misfit before anything trains
        }
        Lab.err().printf("%s: %s; %s lr %s, batch %d, %d epochs, %d seed(s), %s stack%n", first.data(), split.how(),
                first.optimizer(), first.lr(), first.batch(), first.epochs(), n, first.stack());

        // Model by model (not the control's seed-major order): the terminal shows one model's seeds together.
        List<RunResult> results = new ArrayList<>();
        Map<String, Long> params = new LinkedHashMap<>();
        int total = archs.size() * n * 2;
        int done = 0;
        long start = System.nanoTime();
        for (String arch : archs) {
            for (int seed = 0; seed < n; seed++) {
                for (boolean permute : new boolean[] {false, true}) {
                    RunSpec spec = options.toSpec(settings, arch, seed, permute ? (long) seed : null, null);
                    String label = String.format("[%d/%d] %s %s seed %d", done + 1, total, arch,
                            spec.pixels(), seed);
                    RunResult r = Runner.run(spec, split,
                            new Progress(Lab.err(), Lab.interactive(), false, spec.epochs(), label));
                    done++;
                    results.add(r);
                    if (json != null) {
                        ResultsFile.append(json, r);
                    }
                    params.put(arch, r.parameters());
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    if (r.completed()) {
                        Lab.err().printf("%s: test accuracy %.2f%% (%.1f s; about %.0f s left)%n", label,
                                100 * r.testAccuracy(), r.seconds(), elapsed / done * (total - done));
                    } else {
                        Lab.err().printf("%s: %s%n", label, r.error());
                    }
                }
            }
        }
        List<Control.DropCell> cells = Control.DropCell.of(results, List.of(first.stack()),
                archs.stream().distinct().toList());
        Lab.out().print(render(cells, params));
        long unfinished = results.stream().filter(r -> !r.completed()).count();
        if (unfinished > 0) {
            // Diverged or failed: either way no accuracy, so the count names both.
            Lab.err().printf("lab: %d run(s) did not finish (diverged or failed) and are left out of the table%n",
                    unfinished);
            return 3;
        }
        return 0;
    }

    /**
     * The table, from the control's drop cells (one stack): per model, mean +- sd on standard and permuted
     * pixels, and the drop paired by seed (a seed whose run did not finish in either condition drops out of
     * the pairs instead of shifting them).
     */
    static String render(List<Control.DropCell> cells, Map<String, Long> params) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%n%-12s %10s   %-16s %-16s %-16s%n", "model", "parameters", "standard %",
                "permuted %", "drop (points)"));
        Map<String, Double> meanDrop = new LinkedHashMap<>();
        for (Control.DropCell c : cells) {
            List<Double> drops = c.drop(); // same seed: same initial weights and batch order
            sb.append(String.format("%-12s %,10d   %-16s %-16s %-16s%n", c.model(), params.get(c.model()),
                    Tables.pm(c.standard().values()), Tables.pm(c.permuted().values()), Tables.pm(drops)));
            if (!drops.isEmpty()) {
                meanDrop.put(c.model(), Stats.mean(drops));
            }
        }
        if (meanDrop.size() == 2) {
            List<String> names = new ArrayList<>(meanDrop.keySet());
            sb.append(String.format("%ndrop of %s minus drop of %s: %.2f points%n", names.get(1), names.get(0),
                    meanDrop.get(names.get(1)) - meanDrop.get(names.get(0))));
        }
        return sb.toString();
    }
}
