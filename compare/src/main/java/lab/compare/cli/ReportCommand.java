package lab.compare.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import lab.compare.run.Origin;
import lab.compare.run.PlanFile;
import lab.compare.run.ResultStore;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Shard;
import lab.compare.run.Workflow;
import lab.compare.study.FolderReport;
import lab.compare.sweep.Axis;
import lab.compare.sweep.SweepReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code lab report}: a folder's report rebuilt from its results.jsonl and plan.json, nothing run; or several
 * folders' (shards of one plan, sweeps of one question, a rerun with more seeds) joined into one.
 */
@Command(name = "report", sortOptions = false, mixinStandardHelpOptions = true,
        header = "Rebuild a results folder's report without running anything, or join several folders into one.",
        description = {
            "Reads each folder's results.jsonl (the runs) and plan.json (what its command planned: lab run, a",
            "study and lab sweep write it before their first run) and writes report.md, report.html, results.csv",
            "and the plots, as the command that filled the folder would. Given several folders of one kind (the",
            "shards of one plan, sweeps asking one question, a rerun with more seeds), it reports their union as one",
            "plan: one result per run (a run's first ok or diverged result, as in any folder), the plans joined (in",
            "the plan's order for shards of one plan, else seed by seed in the store's order of settings), and",
            "writes the joined results.jsonl and plan.json into --out, where the same command resumes. Shards of",
            "one plan joined give the report the whole plan run in one folder gives, but for its Time line. A report",
            "says which stored runs it leaves out and why. Folders written before plans were kept (no plan.json)",
            "are read as planning the runs they hold.",
            "",
            "  ./lab report results/sweep-1a2b3c4d",
            "  ./lab report results/quick-shard1of2 results/quick-shard2of2 --out results/quick-joined",
            ""})
final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", arity = "1..*", description = "Results folders (each with a results.jsonl).")
    List<Path> dirs;

    @Option(names = "--out", paramLabel = "DIR", description = "Where the report goes, with the runs and plan it "
            + "reads. Default: the folder itself; with several, results/joined-<8 hex digits> named after the joined "
            + "plan (never one of the folders joined).")
    Path out;

    /** A folder as read: its plan (from plan.json, or taken from its runs) and its store. */
    private record Folder(Path dir, PlanFile plan, ResultStore store) {
    }

    @Override
    @SuppressWarnings("try") // the folder's lock is held, not used: nothing runs here
    public Integer call() {
        List<Folder> folders = dirs.stream().map(d -> d.toAbsolutePath().normalize()).distinct().sorted()
                .map(ReportCommand::read).toList(); // sorted: any order of the same folders reports alike
        String kind = folders.get(0).plan().kind();
        for (Folder f : folders) {
            if (!f.plan().kind().equals(kind)) {
                throw new IllegalArgumentException("cannot join " + folders.get(0).dir() + " (" + kind + ") and "
                        + f.dir() + " (" + f.plan().kind() + "): a sweep's folder joins only sweeps' folders");
            }
        }
        boolean alone = folders.size() == 1;
        boolean samePlan = folders.stream().allMatch(f -> samePlan(f, folders.get(0)));
        List<RunSpec> planned = joinedPlan(folders, samePlan);
        Path target = (out != null ? out : alone ? folders.get(0).dir() : Path.of("results", "joined-"
                + hash(planned))).toAbsolutePath().normalize();
        if (!alone && folders.stream().anyMatch(f -> f.dir().equals(target))) {
            throw new IllegalArgumentException("--out " + target + " is one of the folders to join: join into a "
                    + "folder of its own, so that each input keeps its own runs and plan");
        }
        if (kind.equals(PlanFile.SWEEP) && planned.stream().map(RunSpec::kernels).distinct().count() > 1) {
            throw new IllegalArgumentException("cannot join sweeps run with different --kernels: their runs are the "
                    + "same cells, and kernels are not a setting a sweep's report compares");
        }
        // The folder written (the input itself, or --out) is this command's until it ends: a run writing there
        // would overwrite the report, and a join appends to its results.jsonl.
        try (Workflow flow = Workflow.take(target, Lab.command())) {
            boolean inPlace = alone && target.equals(folders.get(0).dir());
            List<RunResult> results = inPlace ? folders.get(0).store().results(planned)
                    : store(target, folders, planned);
            PlanFile joined = !alone ? null : folders.get(0).plan();
            List<Axis> axes = kind.equals(PlanFile.SWEEP) ? axes(folders, planned) : List.of();
            String title = title(folders, planned, samePlan, axes);
            String md;
            if (kind.equals(PlanFile.SWEEP)) {
                md = SweepReport.write(target, title, axes, planned, results);
                joined = joined != null ? joined : new PlanFile(kind, SweepReport.title(axes, planned),
                        axes.stream().map(Axis::name).toList(), null, planned);
            } else {
                md = FolderReport.write(target, results, planned, title);
                joined = joined != null ? joined
                        : new PlanFile(kind, folders.get(0).plan().title(), List.of(), null, planned);
            }
            if (!inPlace) {
                joined.write(target); // a results folder like any: lab report and its command read it
            }
            Lab.out().print(Console.withoutPictures(md));
            Lab.err().printf("report: %s (from %d folder(s), %d planned run(s), %d stored; nothing run)%n",
                    String.join(", ", Workflow.reports(target).stream().map(Path::toString).toList()), folders.size(),
                    planned.size(), results.size());
            return 0;
        }
    }

    /** A results folder, or a one-line error naming what is wrong with it. */
    private static Folder read(Path dir) {
        Path file = dir.resolve("results.jsonl");
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a folder");
        }
        if (!Files.exists(file)) {
            throw new IllegalArgumentException(dir + " holds no results.jsonl: not a results folder (lab run, the "
                    + "studies and lab sweep write one)");
        }
        // Read as it is, never repaired: the command that fills it may be writing there now.
        ResultStore store = ResultStore.read(file, line -> Lab.err().println(line));
        List<RunResult> results = store.results(List.of());
        PlanFile plan = PlanFile.read(dir);
        if (plan == null) {
            Lab.err().printf("lab report: %s has no %s (written before plans were kept): its plan is taken to be the "
                    + "%d run(s) it holds%n", dir, PlanFile.NAME, results.size());
            List<RunSpec> held = results.stream().map(RunResult::spec).toList();
            boolean sweep = !held.isEmpty() && held.stream().allMatch(s -> s.study() == Origin.SWEEP);
            plan = sweep ? new PlanFile(PlanFile.SWEEP, "", List.of(), null, held)
                    : new PlanFile(PlanFile.STUDIES, "Results in " + dir, List.of(), null, held);
        }
        return new Folder(dir, plan, store);
    }

    /**
     * The folders' plans as one: when every folder holds (a shard of) the same plan, the jobs of it that
     * some folder runs, in its order (so shards joined read as the plan run whole); otherwise every folder's
     * jobs once each, seed-major and then in the store's order of settings, whatever order the folders
     * are given in.
     */
    static List<RunSpec> joinedPlan(List<Folder> folders, boolean samePlan) {
        Set<RunSpec> run = new LinkedHashSet<>();
        folders.forEach(f -> run.addAll(f.plan().mine()));
        if (samePlan) {
            return folders.get(0).plan().jobs().stream().filter(run::contains).toList();
        }
        return run.stream().sorted(Shard.ORDER).toList();
    }

    /** Whether two folders hold (shards of) one plan: the same runs, listed in any order. */
    private static boolean samePlan(Folder a, Folder b) {
        return Set.copyOf(a.plan().jobs()).equals(Set.copyOf(b.plan().jobs()));
    }

    /**
     * The report's title: the plan's (a sweep's from its joined values; several studies' plans, the first's
     * by folder name), saying which part of it the folders run when it is not all.
     */
    private static String title(List<Folder> folders, List<RunSpec> planned, boolean samePlan, List<Axis> axes) {
        PlanFile plan = folders.get(0).plan();
        String title = plan.kind().equals(PlanFile.SWEEP) ? SweepReport.title(axes,
                samePlan ? plan.jobs() : planned) : plan.title(); // a shard's title names its whole grid's values
        if (samePlan && planned.size() < plan.jobs().size()) {
            return folders.size() == 1 && plan.shard() != null ? title + " (" + Shard.parse(plan.shard()).words() + ")"
                    : title + String.format(" (%d of the plan's %d runs)", planned.size(), plan.jobs().size());
        }
        return title;
    }

    /**
     * A sweep's columns: every axis a folder's grid varies, and any other whose value differs across the
     * joined plan but for one that follows the data set (each set's usual epochs).
     */
    static List<Axis> axes(List<Folder> folders, List<RunSpec> planned) {
        List<Axis> axes = new ArrayList<>();
        for (Axis a : Axis.values()) {
            boolean named = folders.stream().anyMatch(f -> f.plan().axes().contains(a.name()));
            if (named || varies(a, planned)) {
                axes.add(a);
            }
        }
        return axes;
    }

    /** Whether {@code a} takes more than one value in {@code planned}, not as a function of the data set alone. */
    private static boolean varies(Axis a, List<RunSpec> planned) {
        if (planned.stream().map(a::value).distinct().count() < 2) {
            return false;
        }
        if (a == Axis.DATA) {
            return true;
        }
        Map<String, Set<String>> byData = new LinkedHashMap<>();
        planned.forEach(s -> byData.computeIfAbsent(s.data(), k -> new LinkedHashSet<>()).add(a.value(s)));
        return byData.values().stream().anyMatch(v -> v.size() > 1);
    }

    /**
     * The joined folder's store: {@code target}'s results.jsonl with every folder's results it lacks appended
     * (the store's rule decides between two of one run), so the joined folder is a results folder like any.
     */
    private static List<RunResult> store(Path target, List<Folder> folders, List<RunSpec> planned) {
        ResultStore store = ResultStore.open(target.resolve("results.jsonl"), line -> Lab.err().println(line));
        for (Folder f : folders) {
            for (RunResult r : f.store().results(List.of())) {
                if (!store.settled(r.spec())) { // a failed run: the latest failure stands, as in any folder
                    store.append(r);
                }
            }
        }
        return store.results(planned);
    }

    /** 8 hex digits of a hash of the joined plan: the same folders, in any order, join into the same folder. */
    private static String hash(List<RunSpec> planned) {
        List<String> lines = new ArrayList<>(planned.stream().map(lab.compare.run.ResultsFile::toJson).toList());
        java.util.Collections.sort(lines);
        return PlanFile.hash(String.join("\n", lines));
    }
}
