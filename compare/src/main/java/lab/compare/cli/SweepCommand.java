package lab.compare.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import lab.compare.run.Engine;
import lab.compare.run.Experiment;
import lab.compare.run.Label;
import lab.compare.run.OptimizerKind;
import lab.compare.run.PlanFile;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.SpecCheck;
import lab.compare.run.Stack;
import lab.compare.run.Workflow;
import lab.compare.sweep.Axis;
import lab.compare.sweep.Grid;
import lab.compare.sweep.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code lab sweep}: a grid of one's own, every combination over seeds, resumable, with its report. */
@Command(name = "sweep", sortOptions = false, mixinStandardHelpOptions = true,
        header = "A grid of your own: comma lists on the usual settings, every combination over seeds, one table.",
        description = {
            "Every combination of the values given (as in Hydra's multirun), each over --seeds seeds (each seed its",
            "own initial weights, batch order, permutation and training subset, the same in every cell). Before it",
            "starts it says how many runs there are and, after timing each kind of run on a few epochs, how long",
            "they should take (--dry-run stops there). Results go to results.jsonl in the sweep's folder the moment",
            "each run ends, on any engine; the same command resumes, and more --seeds adds seeds to the same",
            "folder (a grid's folder is named after its values as sets: any order resumes it). Then the report:",
            "report.md, report.html, results.csv and sweep.png, one table over the settings given more than one",
            "value (mean test accuracy [95%% interval], seeds per cell, runs that diverged or failed) and a plot",
            "along the first numeric one (lr, batch, epochs, train size; a panel per value of the second; a bar",
            "per cell if none). A grid with both pixels and a dense and a convolutional model opens with the lab's",
            "question: each model's drop and their difference per combination of the other settings, paired by",
            "seed, in contrast.png, words and a table. --shard I/N runs a slice; lab report joins the folders.",
            "Exit code 3 if a run failed.",
            "",
            "  ./lab sweep --arch mlp,cnn --lr 0.001,0.005,0.02 --seeds 3 --dry-run",
            "  ./lab sweep --data digits8,mnist10k --pixels standard,permuted --scramble full,blocks:4",
            "  ./lab sweep --arch mlp,cnn --train-size 100,300,1000 --data mnist10k --epochs 3",
            "  ./lab sweep --arch mlp,cnn --pixels standard,permuted --lr 0.005,0.02 --train-size 100,400 --seeds 3",
            "  ./lab sweep --arch mlp,cnn --pixels standard,permuted --seeds 4 --shard 1/2   (then 2/2, lab report)",
            "  ./lab sweep --optimizer sgd,adam --lr 0.01,0.1 --engine spark --master local[2]",
            "  ./lab sweep --arch mlp,cnn --stacks reference,dl4j --dtype float --seeds 2   (float32, both stacks)",
            "  ./lab sweep --arch mlp,cnn,lcn --seeds 10 --master spark://HOST:7077   (a cluster: see docs/sweeps.md)",
            ""})
final class SweepCommand implements Callable<Integer> {

    @Option(names = "--data", paramLabel = "SET", split = ",", description = "Data sets (lab train --data): "
            + "digits8, mnist10k, fashion, idx:DIR, optdigits:DIR. Default: digits8.")
    List<String> data = List.of("digits8");

    @Option(names = "--arch", paramLabel = "ARCH", split = ",(?![^(]*\\))", splitSynopsisLabel = ",", description =
            "Models: presets (mlp, cnn, lcn, cnn-gap, book-mlp, book-cnn) or text forms (commas inside brackets "
            + "stay: 'mlp,conv(4,k3)-relu-dense(10)' is two). Default: mlp,cnn.")
    List<String> archs = List.of("mlp", "cnn");

    @Option(names = "--stacks", paramLabel = "STACK", split = ",", converter = Converters.ToStack.class,
            description = "reference, dl4j. Default: reference (dl4j computes the same numbers in double, close "
            + "ones in float; it is there to check that).")
    List<Stack> stacks = List.of(Stack.REFERENCE);

    @Option(names = "--optimizer", paramLabel = "NAME", split = ",", converter = Converters.ToOptimizer.class,
            description = "sgd, nesterovs, adam. Default: adam.")
    List<OptimizerKind> optimizers = List.of(OptimizerKind.ADAM);

    @Option(names = "--lr", paramLabel = "RATE", split = ",", description = "Learning rates. Default: 0.005.")
    List<Double> lrs = List.of(0.005);

    @Option(names = "--batch", paramLabel = "N", split = ",", description = "Minibatch sizes. Default: 32.")
    List<Integer> batches = List.of(32);

    @Option(names = "--epochs", paramLabel = "N", split = ",", description = "Epochs. Default: 10 on 8x8 "
            + "digits, 1 on 28x28 images.")
    List<Integer> epochs = new ArrayList<>();

    @Option(names = "--train-size", paramLabel = "N", split = ",", description = "Training images (spread over "
            + "the classes, drawn by the seed). Default: all.")
    List<Integer> trainSizes = new ArrayList<>();

    @Option(names = "--pixels", paramLabel = "P", split = ",", description = "standard, permuted. Default: "
            + "standard (permuted if --scramble is given).")
    List<String> pixels;

    @Option(names = "--scramble", paramLabel = "RULE", split = ",", description = "How permuted pixels are "
            + "scrambled: full, blocks:K, within:K, fraction:P (lab locality --help). Default: full.")
    List<String> scrambles;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per cell: 0 to N-1. Default: 3.")
    int seeds = 3;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: results/sweep-<8 hex "
            + "digits>, the same for the same grid (whatever --seeds), so a rerun resumes.")
    Path out;

    @Option(names = "--dry-run", description = "Say how many runs and how long (after timing each kind of run), "
            + "then stop; nothing is stored.")
    boolean dryRun;

    @Mixin
    KernelsOption kernels;

    @Mixin
    DTypeOption dtype;

    @Mixin
    EngineOption engine;

    @Mixin
    ShardOption shard;

    @Mixin
    Verbosity verbosity;

    @Override
    public Integer call() {
        Grid grid = new Grid(data, archs.stream().map(ArchName::of).toList(), stacks, optimizers, lrs, batches, epochs,
                trainSizes, pixels(), seeds, kernels.value(), dtype.value());
        Experiment.Plan whole = new Experiment.Plan("sweep", grid.plan());
        SpecCheck.plan(whole.jobs(), Label.RUN::of); // a bad cell stops the sweep here, before anything is printed
        Experiment.Plan plan = shard.slice(whole);
        Path dir = out != null ? out : shard.value() == null ? grid.folder(Path.of("results"))
                : Path.of("results", shard.folder(grid.folderName()));
        List<String> axes = grid.axes().stream().map(Axis::name).toList();
        String title = SweepReport.title(grid.axes(), whole.jobs());
        // --dry-run writes nothing into the folder, so it needs no lock (and runs beside the command that has it).
        try (Workflow flow = dryRun ? null : Workflow.take(dir, Lab.command()); Engine runs = engine.create()) {
            Lab.err().printf("lab sweep%s: %d runs (%s%d cell(s) x %d seed(s)) into %s; %s%s; engine %s, %d at "
                    + "once%n", shard.value() == null ? "" : " (" + shard.value().words() + ")", plan.jobs().size(),
                    shard.value() == null ? "" : "of the plan's " + whole.jobs().size() + ": ", grid.cells(), seeds,
                    dir, SweepReport.varying(grid.axes(), whole.jobs()), dtype.isFloat() ? ", in float" : "",
                    engine.name(), runs.workers());
            Console console = Console.current();
            if (dryRun) {
                console.estimated(plan, Workflow.estimate(plan, runs, dir, console));
                return 0;
            }
            shard.record(dir, PlanFile.SWEEP, title, axes, whole);
            Workflow.Done done = flow.run(plan, runs, console, results -> report(grid, whole, plan, dir, results));
            console.print(done);
            return done.outcome().failed() > 0 ? 3 : 0;
        }
    }

    /**
     * The report over the plan; the whole sweep's also over every seed of the same grid the folder holds
     * from an earlier command with more --seeds (said on the terminal, and kept in plan.json), never fewer.
     */
    private String report(Grid grid, Experiment.Plan whole, Experiment.Plan plan, Path dir, List<RunResult> stored) {
        List<RunSpec> planned = plan.jobs();
        // The title names the whole grid's values, also in a shard's report, whose runs may not hold them all.
        String title = SweepReport.title(grid.axes(), whole.jobs());
        int held = shard.value() == null ? grid.seedsHeld(stored.stream().map(RunResult::spec).toList()) : 0;
        if (held > grid.seeds()) {
            planned = grid.withSeeds(held).plan();
            Lab.err().printf("lab sweep: the folder holds seeds 0-%d of this grid (from an earlier --seeds %d); the "
                    + "report reads them all%n", held - 1, held);
            shard.record(dir, PlanFile.SWEEP, title, grid.axes().stream().map(Axis::name).toList(),
                    new Experiment.Plan("sweep", planned));
        }
        return SweepReport.write(dir, shard.title(title), grid.axes(), planned, stored);
    }

    /** The pixels axis: standard, and each scramble of the permuted pixels. */
    private List<String> pixels() {
        List<String> kinds = pixels != null ? pixels : List.of(lab.compare.run.Pixels.of(scrambles != null).toString());
        List<String> out = new ArrayList<>();
        for (String p : kinds) {
            switch (p.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "standard" -> out.add("standard");
                case "permuted" -> out.addAll(scrambles != null ? scrambles : List.of("full"));
                default -> throw new IllegalArgumentException("--pixels takes standard and permuted, got '" + p
                        + "' (the scramble of permuted pixels is --scramble's)");
            }
        }
        if (scrambles != null && kinds.stream().noneMatch(k -> k.trim().equalsIgnoreCase("permuted"))) {
            throw new IllegalArgumentException("--scramble is for permuted pixels: add permuted to --pixels");
        }
        return out;
    }
}
