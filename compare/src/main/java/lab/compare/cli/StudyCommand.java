package lab.compare.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import lab.compare.run.Engine;
import lab.compare.run.Experiment;
import lab.compare.run.Label;
import lab.compare.run.PlanFile;
import lab.compare.run.SpecCheck;
import lab.compare.run.Study;
import lab.compare.run.Workflow;
import lab.compare.study.FolderReport;
import lab.compare.study.Scale;
import lab.compare.study.Studies;
import lab.data.DataSource;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code lab locality | sharing | translation | samples | params}: one study each (see {@link Studies}), run like
 * {@code lab run}: independent jobs on an engine (--engine, --workers), appended to results.jsonl as they
 * finish (rerun to resume), then the report in the same folder. {@code lab run --full} runs them all
 * beside the control.
 */
abstract class StudyCommand implements Callable<Integer> {

    /** The options every study shares. */
    static final class Options {

        @Option(names = "--quick", description = "The CI-sized version: digits8 only, 1 seed, 3 epochs, a short "
                + "ladder (7 to 14 s on 2 cores, by study).")
        boolean quick;

        @Option(names = "--seeds", paramLabel = "N", description = "Seeds per cell. Default: 3 (lab params: 8), 1 with "
                + "--quick.")
        Integer seeds;

        @Mixin
        StacksOption stacks;

        @Option(names = "--data", paramLabel = "SET", split = ",", description = "Data sets, comma-separated, "
                + "from mnist10k and digits8 (lab params: and fashion). Default: those (fashion when installed), "
                + "digits8 only with --quick.")
        List<String> data;

        @Option(names = "--out", paramLabel = "DIR", description = "Output folder. Default: results/<study> "
                + "(results/<study>-quick with --quick).")
        Path out;

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
    }

    @Mixin
    Options options;

    abstract Study study();

    abstract String title();

    /** Seeds per cell without --seeds and --quick; null for the scale's own (3). */
    Integer defaultSeeds() {
        return null;
    }

    /** Data sets without --data and --quick; null for the scale's own (mnist10k and digits8). */
    List<String> defaultData() {
        return null;
    }

    @Override
    public Integer call() {
        Integer seeds = options.seeds != null || options.quick ? options.seeds : defaultSeeds();
        Scale scale = Scale.of(options.stacks.value(), options.kernels.value(), seeds, options.quick, false);
        List<String> data = options.data != null || options.quick ? options.data : defaultData();
        if (data != null) {
            scale = scale.only(data);
        }
        Experiment.Plan whole = new Experiment.Plan(study().toString(),
                options.dtype.on(Studies.of(study()).plan(scale)));
        SpecCheck.plan(whole.jobs(), Label.RUN::of); // a bad spec stops the study here, before anything is printed
        Experiment.Plan plan = options.shard.slice(whole);
        String folder = options.dtype.folder(study() + (options.quick ? "-quick" : ""));
        Path dir = options.out != null ? options.out : Path.of("results", options.shard.folder(folder));
        try (Workflow flow = Workflow.take(dir, Lab.command()); Engine runs = options.engine.create()) {
            Lab.err().printf("lab %s: %d runs into %s; data %s, epochs %s, %d seed(s), stacks %s%s; engine %s, %d "
                    + "at once%n", options.shard.title(study().toString()), plan.jobs().size(), dir, scale.datas(),
                    scale.epochs(), scale.seeds(), scale.stacks(), options.dtype.isFloat() ? " in float" : "",
                    options.engine.name(), runs.workers());
            String title = "lab " + study() + ": " + title().toLowerCase(java.util.Locale.ROOT)
                    + (options.dtype.isFloat() ? " (float)" : "");
            options.shard.record(dir, PlanFile.STUDIES, title, List.of(), whole);
            Console console = Console.current();
            Workflow.Done done = flow.run(plan, runs, console,
                    results -> FolderReport.write(dir, results, plan.jobs(), options.shard.title(title)));
            console.print(done);
            return done.outcome().failed() > 0 ? 3 : 0;
        }
    }

    @Command(name = "locality", sortOptions = false, mixinStandardHelpOptions = true,
            header = "Dose-response: accuracy against how much locality a scramble leaves.",
            description = {
                "MLP and CNN on a ladder of scrambles, from harmless to total: whole KxK blocks change places",
                "(K = 14, 7, 4, 2 on 28x28; 4, 2 on 8x8), pixels move only inside their block, a random share P",
                "of the pixels move (P = 0, 0.1, 0.25, 0.5, 1), and the full permutation. For each, the share of",
                "neighbouring pixel pairs still neighbours (locality) and the accuracy; a plot of one against the",
                "other. The MLP's line should be flat and the CNN's should fall: the report says whether it does.",
                "Default: mnist10k 1 epoch, digits8 10 epochs, 3 seeds, both stacks: 8 min 30 s on 2 cores "
                        + "(--quick: 9 s).",
                ""})
    static final class Locality extends StudyCommand {
        @Override
        Study study() {
            return Study.LOCALITY;
        }

        @Override
        String title() {
            return "Dose-response of locality";
        }
    }

    @Command(name = "sharing", sortOptions = false, mixinStandardHelpOptions = true,
            header = "Locality versus weight sharing: cnn against the same net with locally connected layers.",
            description = {
                "mlp, cnn, and lcn (the cnn with each convolution replaced by a locally connected layer: the same",
                "receptive fields, every position its own kernel) on standard and permuted pixels, with their",
                "parameter counts. Sharing's worth is cnn over lcn on standard pixels; locality's alone is what",
                "lcn loses when the pixels are permuted.",
                "Default: mnist10k 1 epoch, digits8 10 epochs, 3 seeds, both stacks: 4 min 00 s on 2 cores "
                        + "(--quick: 14 s).",
                ""})
    static final class Sharing extends StudyCommand {
        @Override
        Study study() {
            return Study.SHARING;
        }

        @Override
        String title() {
            return "Locality versus weight sharing";
        }
    }

    @Command(name = "translation", sortOptions = false, mixinStandardHelpOptions = true,
            header = "Accuracy on test digits shifted by 1 to 4 pixels, for mlp, cnn and cnn-gap.",
            description = {
                "Trained on the digits as they are; tested on copies shifted by 0..4 pixels on 28x28 (0..2 on 8x8),",
                "zero fill, the mean over up, down, left and right. cnn-gap ends in global average pooling:",
                "convolution is equivariant to shifts, and only pooling makes a network invariant.",
                "Default: mnist10k 1 epoch, digits8 10 epochs, 3 seeds, both stacks: 4 min 39 s on 2 cores "
                        + "(--quick: 7 s).",
                ""})
    static final class Translation extends StudyCommand {
        @Override
        Study study() {
            return Study.TRANSLATION;
        }

        @Override
        String title() {
            return "Translation";
        }
    }

    @Command(name = "samples", sortOptions = false, mixinStandardHelpOptions = true,
            header = "Sample efficiency: accuracy against training-set size, standard and permuted.",
            description = {
                "MLP and CNN trained on 100 up to all 7,498 mnist10k training images (50 up to all 1,346 of digits8's),",
                "standard and permuted. Every run sees about the same number of images (two epochs of the largest set;",
                "small sets get more epochs). A right prior should pay most when data is scarce.",
                "Default: mnist10k and digits8, 3 seeds, both stacks: 9 min 57 s on 2 cores (--quick: 10 s).",
                ""})
    static final class Samples extends StudyCommand {
        @Override
        Study study() {
            return Study.SAMPLES;
        }

        @Override
        String title() {
            return "Sample efficiency";
        }
    }

    @Command(name = "params", sortOptions = false, mixinStandardHelpOptions = true,
            header = "Accuracy against parameters: how many weights each family needs, standard and permuted.",
            description = {
                "The chapter's claim (a small CNN matches a larger MLP with a fraction of its weights) as a curve. Each",
                "family over a ladder of widths, on standard and on permuted pixels: mlp (one hidden layer of 4 to 1,024",
                "units), cnn (the preset's two conv blocks at 1/2 up to 32/64 channels), lcn (the same with locally",
                "connected layers: locality without sharing), and the book's book-mlp and book-cnn as marked points on",
                "8x8. On 28x28 the lcn stops at 8/16: its layers run only on the reference's naive loops, whose cost",
                "grows with the product of the two blocks' channels (on 28x28 about 380 images/s at 8/16 but 50 at",
                "16/32, measured at commit 086d5f7, where that rung would have added about 45 minutes).",
                "The report plots accuracy against parameters (log scale, 95%% error bars, standard pixels solid,",
                "permuted dashed) and gives, for each cnn width, the parameters an mlp needs to match it: where the mlp's",
                "curve of mean accuracy against log(parameters) first reaches the cnn's mean, interpolated between two",
                "rungs, with an interval read off the seeds' 95%% intervals, or 'not reached' within the ladder.",
                "Stacks: the reference runs every rung; DL4J (about 10x slower on these CNNs, slower still on locally",
                "connected layers) runs the preset widths (mlp 128, cnn 8/16, lcn 8/16 on 8x8 only) and the book's",
                "models, and the report compares the two where both ran (with --stacks dl4j alone it runs every rung).",
                "Default: mnist10k (1 epoch), digits8 (10 epochs), and fashion (1 epoch on 7,500 of its 60,000 images)",
                "when Debian's dataset-fashion-mnist is installed (apt-get install dataset-fashion-mnist; otherwise it",
                "is left out, and the command says so); 8 seeds; Adam 0.005, batch 32, He init (the book's models: their",
                "own uniform init). 26 min 23 s on 2 cores with 2 workers without fashion (30.3 min with it, on",
                "another machine); the plan prints its measured estimate first. --quick: digits8, 3 epochs, 1 seed,",
                "mlp 8/32/128, cnn and lcn 2/4 and 8/16 (14 s).",
                ""})
    static final class Params extends StudyCommand {
        @Override
        Study study() {
            return Study.PARAMS;
        }

        @Override
        String title() {
            return "Accuracy against parameters";
        }

        @Override
        Integer defaultSeeds() {
            return 8;
        }

        @Override
        List<String> defaultData() {
            return DataSource.fashionInstalled() ? List.of("mnist10k", "digits8", "fashion")
                    : List.of("mnist10k", "digits8");
        }

        @Override
        public Integer call() {
            if (options.data == null && !options.quick && !DataSource.fashionInstalled()) {
                Lab.err().println("lab params: fashion left out: Debian's dataset-fashion-mnist is not installed "
                        + "(apt-get install dataset-fashion-mnist adds it)");
            }
            return super.call();
        }
    }
}
