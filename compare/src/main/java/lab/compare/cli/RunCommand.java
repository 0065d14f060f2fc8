package lab.compare.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import lab.compare.run.DataRef;
import lab.compare.run.Engine;
import lab.compare.run.Experiment;
import lab.compare.run.Label;
import lab.compare.run.PlanFile;
import lab.compare.run.RunSpec;
import lab.compare.run.SpecCheck;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.run.Workflow;
import lab.compare.study.Block;
import lab.compare.study.Control;
import lab.compare.study.FolderReport;
import lab.compare.study.Scale;
import lab.compare.study.Studies;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code lab run}: the experiment, resumable, with its report. */
@Command(name = "run", sortOptions = false, mixinStandardHelpOptions = true,
        header = "The experiment: MLP vs CNN on standard and permuted pixels, both stacks, with its report.",
        description = {
            "The experiment: mlp and cnn, standard and permuted pixels, on both stacks, over seeds; then the",
            "report (report.md, a self-contained report.html, results.csv, PNG plots) in the output folder.",
            "Each run's result is appended to results.jsonl the moment it ends, whichever engine ran it (--engine,",
            "--workers); run the same command again to resume: what is there is not run again, a line cut short",
            "by a crash is moved aside to a file the warning names, and a run that failed (it threw: its error",
            "and stack trace are in results.jsonl, status failed) runs again. Exit code 3 if a run failed.",
            "",
            "  ./lab run --quick     digits8 only, 2 seeds, 5 epochs: about 13 s on 2 cores",
            "  ./lab run             digits8 (10 epochs) and mnist10k (1 epoch), 8 seeds: about 3 min 11 s on 2 cores",
            "  ./lab run --full      digits8 (20 epochs) and mnist10k (3 epochs), 10 seeds, and every study",
            "                        (lab locality, sharing, translation, samples, params) at 5 seeds: hours (never",
            "                        timed whole; like every plan, it prints its measured estimate first)",
            "  ./lab run --quick --dtype float   the same in float32 on both stacks, into results/quick-float: the",
            "                        report gives how close the stacks came, as float runs need not agree to the bit",
            "Every plan first times each kind of run (model, stack, data set) on 3 epochs of 256 images and says",
            "how long it expects to take; each line after a run says what is done, running and failed, images per",
            "second, and the time left, priced per kind from the runs finished and shared out over the workers.",
            "All runs: Adam, lr 0.005, batch 32, He init; each seed its own weights, batch order and permutation.",
            "A run that diverges (lab train --help, at --lr, says the rule) is recorded and never averaged: the",
            "report lists the runs that did not finish, counts the seeds in every cell, flags cells short of the",
            "plan or of the other stack, and compares the stacks only over seeds both finished. One cell again, alone:",
            "lab train --data D --arch M --seed S (--permute for a permuted one) gets its accuracy to the last digit.",
            ""})
final class RunCommand implements Callable<Integer> {

    @Option(names = "--quick", description = "The quick version: digits8 only, 2 seeds, 5 epochs (about 13 s on "
            + "2 cores).")
    boolean quick;

    @Option(names = "--full", description = "More seeds and epochs, and every study (hours; never timed whole).")
    boolean full;

    @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: results/<quick|default|full>.")
    Path out;

    @Option(names = "--data", paramLabel = "SET", split = ",", description = "Data sets, comma-separated (any "
            + "--data of lab train whose images are square with a side divisible by 4). Default: by mode.")
    List<String> data;

    @picocli.CommandLine.Mixin
    StacksOption stacksOption;

    @Option(names = "--seeds", paramLabel = "N", description = "Seeds per cell. Default: by mode.")
    Integer seeds;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs for every data set. Default: by mode.")
    Integer epochs;

    @Option(names = "--optdigits", paramLabel = "DIR", description = "Also run the book's protocol (book-mlp and "
            + "book-cnn, SGD lr 0.1, batch 32, 40 epochs, uniform init) on the UCI optdigits split in DIR "
            + "(optdigits.tra and optdigits.tes).")
    Path optdigits;

    @picocli.CommandLine.Mixin
    KernelsOption kernels;

    @picocli.CommandLine.Mixin
    DTypeOption dtype;

    @picocli.CommandLine.Mixin
    EngineOption engine;

    @picocli.CommandLine.Mixin
    ShardOption shard;

    @picocli.CommandLine.Mixin
    Verbosity verbosity;

    /** The experiment's two models, the dense one and the convolutional one. */
    static final List<String> MODELS = List.of("mlp", "cnn");

    /** Whose epochs and data sets a mode takes: each data set's own for that mode ({@link DataRef.Mode}). */
    static DataRef.Mode epochs(String mode) {
        return switch (mode) {
            case "quick" -> DataRef.Mode.RUN_QUICK;
            case "full" -> DataRef.Mode.RUN_FULL;
            default -> DataRef.Mode.RUN;
        };
    }

    /**
     * A data set's block in the default {@code lab run}, the one its report's cells come from: what
     * {@code lab train} (--protocol run) trains, so that it reproduces a cell.
     */
    static Block block(String data) {
        return Block.adam(data, MODELS, DataRef.of(data).epochs(DataRef.Mode.RUN));
    }

    /** What the options ask for: the mode, the epochs per data set, the seeds, and the plan. */
    record Setup(String mode, Map<String, Integer> epochs, int seeds, Experiment.Plan plan) {
    }

    /** The plan, every spec built (a setting bad in itself fails here; {@link #call} checks them on their data). */
    Setup setup() {
        if (quick && full) {
            throw new IllegalArgumentException("choose --quick or --full, not both");
        }
        String mode = quick ? "quick" : full ? "full" : "default";
        DataRef.Mode byMode = epochs(mode);
        List<Stack> stacks = stacksOption.value();
        List<String> sets = data != null ? data : byMode.sets().stream().map(DataRef::name).toList();
        Map<String, Integer> perSet = new LinkedHashMap<>();
        for (String set : sets) {
            perSet.put(set, epochs != null ? epochs : DataRef.of(set).epochs(byMode));
        }
        int n = seeds != null ? seeds : quick ? 2 : full ? 10 : 8;
        if (n < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + n);
        }
        List<Block> blocks = new java.util.ArrayList<>();
        for (String set : sets) {
            blocks.add(Block.adam(set, MODELS, perSet.get(set)));
        }
        if (optdigits != null) {
            Block book = Protocol.BOOK.block("optdigits:" + optdigits);
            blocks.add(new Block(book.data(), book.models(), book.optimizer(), book.lr(), book.batch(),
                    epochs != null ? epochs : book.epochs(), book.init()));
        }
        List<RunSpec> jobs = new java.util.ArrayList<>(Studies.CONTROL.plan(new Control.Settings(blocks, stacks, n,
                kernels.value())));
        if (full) {
            Scale scale = Scale.of(stacks, kernels.value(), null, false, true);
            for (Study study : Studies.NAMES) {
                jobs.addAll(Studies.of(study).plan(data != null ? scale.only(data) : scale));
            }
        }
        Experiment.Plan plan = new Experiment.Plan(mode, dtype.on(jobs));
        return new Setup(mode, perSet, n, plan);
    }

    @Override
    public Integer call() {
        Setup setup = setup();
        SpecCheck.plan(setup.plan().jobs(), Label.RUN::of); // a bad spec stops here, before anything is printed
        String mode = setup.mode();
        Experiment.Plan plan = shard.slice(setup.plan());
        Path dir = out != null ? out : Path.of("results", shard.folder(dtype.folder(mode)));
        try (Workflow flow = Workflow.take(dir, Lab.command()); Engine runs = engine.create()) {
            Lab.err().printf("lab run (%s): %d runs into %s; data %s, epochs %s, %d seeds, stacks %s%s%s; engine "
                    + "%s, %d at once%n", shard.title(mode), plan.jobs().size(), dir,
                    List.copyOf(setup.epochs().keySet()), setup.epochs(), setup.seeds(), stacksOption.value(),
                    dtype.isFloat() ? " in float" : "",
                    optdigits != null ? ", and the book's protocol on " + optdigits : "", engine.name(), runs.workers());
            String title = "Permuted-pixel control (" + mode + (dtype.isFloat() ? ", float" : "") + ")";
            shard.record(dir, PlanFile.STUDIES, title, List.of(), setup.plan());
            Console console = Console.current();
            Workflow.Done done = flow.run(plan, runs, console,
                    results -> FolderReport.write(dir, results, plan.jobs(), shard.title(title)));
            console.print(done);
            return done.outcome().failed() > 0 ? 3 : 0;
        }
    }
}
