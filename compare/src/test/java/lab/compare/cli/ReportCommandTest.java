package lab.compare.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lab report} and {@code --shard}: a plan run in shards, each into its own folder, joined by
 * {@code lab report} in any order, gives the report.md the plan run whole gives (but its Time line), for a
 * sweep and for {@code lab run}; a folder's report is rebuilt from the folder alone; a sweep with fewer
 * --seeds than its folder holds does not shrink its report; runs a report does not read are said.
 */
class ReportCommandTest {

    @TempDir
    Path dir;

    private static final String[] SWEEP = {"sweep", "--arch", "mlp,cnn", "--pixels", "standard,permuted", "--lr",
        "0.005,0.02", "--seeds", "2", "--epochs", "1", "--train-size", "100"};

    @Test
    void threeShardsOfASweepJoinedInAnyOrderReportAsTheWholeSweep() throws IOException {
        Path whole = run(SWEEP, "whole");
        Path one = run(SWEEP, "one", "--shard", "1/3");
        List<String> reversed = new ArrayList<>(List.of(SWEEP)); // the same grid, its lists typed in another order
        reversed.set(reversed.indexOf("0.005,0.02"), "0.02,0.005");
        reversed.set(reversed.indexOf("mlp,cnn"), "cnn,mlp");
        Path two = run(reversed.toArray(String[]::new), "two", "--shard", "2/3");
        Path three = run(SWEEP, "three", "--shard", "3/3");
        List<Integer> sizes = new ArrayList<>();
        Set<String> specs = new HashSet<>();
        for (Path p : List.of(one, two, three)) {
            List<String> lines = Files.readAllLines(p.resolve("results.jsonl"));
            sizes.add(lines.size());
            for (String line : lines) {
                assertTrue(specs.add(line.substring(0, line.indexOf("\"status\""))), "no run in two shards");
            }
        }
        assertEquals(List.of(5, 5, 6), sizes, "the shards split the 16 runs, a seed's cells across two of them");
        assertTrue(Files.readString(one.resolve("report.md")).startsWith("# lab sweep: arch mlp,cnn; pixels "
                + "standard,permuted; lr 0.005,0.02 (shard 1 of 3)\n"), "a shard's report says it is one");

        String expected = LabTest.withoutTime(Files.readString(whole.resolve("report.md")));
        for (List<Path> order : List.of(List.of(one, two, three), List.of(three, two, one))) {
            Path joined = dir.resolve("joined-" + order.get(0).getFileName());
            LabTest.Outcome o = LabTest.lab("report", order.get(0).toString(), order.get(1).toString(),
                    order.get(2).toString(), "--out", joined.toString());
            assertEquals(0, o.code(), o.err());
            assertEquals(expected, LabTest.withoutTime(Files.readString(joined.resolve("report.md"))),
                    "joined " + order + " as the whole sweep");
            assertEquals(16, Files.readAllLines(joined.resolve("results.jsonl")).size(), "a results folder like any");
        }
        LabTest.Outcome again = LabTest.lab(with(SWEEP, "--out", dir.resolve("joined-one").toString()));
        assertTrue(again.err().contains("16 of 16 runs already in"), "the joined folder resumes: " + again.err());
    }

    @Test
    void twoShardsOfLabRunJoinedReportAsTheWholeRun() throws IOException {
        String[] quick = {"run", "--quick", "--epochs", "1", "--stacks", "reference"};
        Path whole = run(quick, "run-whole");
        Path one = run(quick, "run-one", "--shard", "1/2");
        Path two = run(quick, "run-two", "--shard", "2/2");
        Path joined = dir.resolve("run-joined");
        LabTest.Outcome o = LabTest.lab("report", two.toString(), one.toString(), "--out", joined.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(LabTest.withoutTime(Files.readString(whole.resolve("report.md"))),
                LabTest.withoutTime(Files.readString(joined.resolve("report.md"))));
        int halves = Files.readAllLines(one.resolve("results.jsonl")).size()
                + Files.readAllLines(two.resolve("results.jsonl")).size();
        assertEquals(Files.readAllLines(whole.resolve("results.jsonl")).size(), halves, "each run in one shard");
        assertEquals(4, Files.readAllLines(one.resolve("results.jsonl")).size(), "8 runs: 4 a shard");
    }

    @Test
    void aFoldersReportIsRebuiltFromTheFolderAloneAndBadFoldersAreOneLineErrors() throws IOException {
        Path sweep = run(SWEEP, "rebuild");
        String before = Files.readString(sweep.resolve("report.md"));
        Files.delete(sweep.resolve("report.md"));
        Files.delete(sweep.resolve("contrast.png"));
        LabTest.Outcome o = LabTest.lab("report", sweep.toString());
        assertEquals(0, o.code(), o.err());
        assertEquals(before, Files.readString(sweep.resolve("report.md")), "the same report, Time line and all");
        assertTrue(Files.exists(sweep.resolve("contrast.png")));
        assertTrue(o.err().contains("nothing run"), o.err());

        LabTest.Outcome tooMany = LabTest.lab(with(SWEEP, "--shard", "1/17", "--out", dir.resolve("17").toString()));
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("--shard 1/17: the plan has 16 run(s), so some of 17 shards would be empty; "
                + "use at most 16"), tooMany.err());
        LabTest.Outcome none = LabTest.lab("report", dir.resolve("nosuch").toString());
        assertEquals(2, none.code());
        assertTrue(none.err().contains("nosuch is not a folder"), none.err());
        Files.createDirectories(dir.resolve("empty"));
        LabTest.Outcome empty = LabTest.lab("report", dir.resolve("empty").toString());
        assertEquals(2, empty.code());
        assertTrue(empty.err().contains("holds no results.jsonl: not a results folder"), empty.err());
        Path run = run(new String[] {"run", "--quick", "--epochs", "1", "--stacks", "reference", "--seeds", "1"}, "mixed");
        LabTest.Outcome mixed = LabTest.lab("report", sweep.toString(), run.toString(), "--out",
                dir.resolve("m").toString());
        assertEquals(2, mixed.code());
        assertTrue(mixed.err().contains("a sweep's folder joins only sweeps' folders"), mixed.err());
    }

    @Test
    void fewerSeedsThanTheFolderHoldsDoNotShrinkTheReportAndAnotherGridsRunsAreSaid() throws IOException {
        Path sweep = run(SWEEP, "seeds");
        List<String> oneSeed = new ArrayList<>(List.of(SWEEP));
        oneSeed.set(oneSeed.indexOf("--seeds") + 1, "1");
        LabTest.Outcome fewer = LabTest.lab(with(oneSeed.toArray(String[]::new), "--out", sweep.toString()));
        assertEquals(0, fewer.code(), fewer.err());
        assertTrue(fewer.err().contains("the folder holds seeds 0-1 of this grid (from an earlier --seeds 2); the "
                + "report reads them all"), fewer.err());
        String md = Files.readString(sweep.resolve("report.md"));
        assertTrue(md.contains("8 cell(s) x 2 seed(s) = 16 runs; 16 finished"), md);

        LabTest.Outcome other = LabTest.lab("sweep", "--arch", "mlp", "--lr", "0.005", "--seeds", "2", "--epochs", "1",
                "--train-size", "100", "--out", sweep.toString());
        assertEquals(0, other.code(), other.err());
        String otherMd = Files.readString(sweep.resolve("report.md"));
        assertTrue(otherMd.contains("**Left out.** results.jsonl holds 14 run(s) this report does not read: 14 of "
                + "cells or seeds this plan does not run (another sweep, or another shard of this one, into the same "
                + "folder)."), otherMd);
    }

    @Test
    void twoSweepsOfOneQuestionJoinInEitherOrderIntoOneReportAndACopyKeepsItsPlan() throws IOException {
        String[] question = {"sweep", "--arch", "mlp,cnn", "--pixels", "standard,permuted", "--seeds", "2", "--epochs",
            "1"};
        Path a = run(with(question, "--lr", "0.005", "--train-size", "100"), "a");
        Path b = run(with(question, "--lr", "0.02"), "b"); // every training image: train size "all" beside 100
        Path ab = dir.resolve("ab");
        Path ba = dir.resolve("ba");
        assertEquals(0, LabTest.lab("report", a.toString(), b.toString(), "--out", ab.toString()).code());
        LabTest.Outcome o = LabTest.lab("report", b.toString(), a.toString(), "--out", ba.toString());
        assertEquals(0, o.code(), o.err());
        String md = Files.readString(ab.resolve("report.md"));
        assertEquals(md, Files.readString(ba.resolve("report.md")), "the same folders in another order");
        assertTrue(md.startsWith("# lab sweep: arch cnn,mlp; pixels standard,permuted; lr 0.005,0.02; train size "
                + "100,all\n"), "two plans joined: in the store's order of settings, not the folders' " + md);
        assertTrue(md.contains("| 0.005 | 100 |") && md.contains("| 0.02 | all |"), "the two questions asked: " + md);
        assertTrue(!md.contains("| 0.02 | 100 |") && !md.contains("No gap"), "no contrast row the plans never asked");

        LabTest.Outcome into = LabTest.lab("report", a.toString(), b.toString(), "--out", a.toString());
        assertEquals(2, into.code());
        assertTrue(into.err().contains("is one of the folders to join: join into a folder of its own"), into.err());

        Path copy = dir.resolve("copy");
        assertEquals(0, LabTest.lab("report", a.toString(), "--out", copy.toString()).code());
        String copied = Files.readString(copy.resolve("report.md"));
        assertEquals(0, LabTest.lab("report", copy.toString()).code());
        assertEquals(copied, Files.readString(copy.resolve("report.md")), "the copy has its plan.json: the same report");
    }

    @Test
    void aStudysReportSaysItLeavesASweepsRunsOut() throws IOException {
        Path both = run(new String[] {"sweep", "--arch", "mlp", "--seeds", "2", "--epochs", "1", "--train-size", "100"},
                "both");
        run(new String[] {"run", "--quick", "--epochs", "1", "--stacks", "reference", "--seeds", "1"}, "both");
        String md = Files.readString(both.resolve("report.md"));
        assertTrue(md.startsWith("# Permuted-pixel control (quick)"), md);
        assertTrue(md.contains("**Left out.** results.jsonl holds 2 run(s) of lab sweep, which this report does not "
                + "read"), md);
    }

    private Path run(String[] args, String name, String... more) {
        Path out = dir.resolve(name);
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        all.addAll(List.of("--out", out.toString()));
        LabTest.Outcome o = LabTest.lab(all.toArray(String[]::new));
        assertEquals(0, o.code(), o.err());
        return out;
    }

    private static String[] with(String[] args, String... more) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }
}
