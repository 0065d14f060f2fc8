package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import lab.compare.report.Plots;
import lab.compare.report.Stats;
import lab.compare.report.Tables;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * Locality versus weight sharing: mlp, cnn and lcn (the cnn with locally connected layers: locality
 * without sharing) on standard and permuted pixels, with their parameter counts.
 */
final class Sharing extends ScaledStudy {

    Sharing() {
        super(Study.SHARING);
    }

    @Override
    public List<RunSpec> plan(Scale s) {
        List<RunSpec> jobs = new ArrayList<>();
        for (int seed = 0; seed < s.seeds(); seed++) {
            for (String data : s.datas()) {
                for (String model : List.of("mlp", "cnn", "lcn")) {
                    for (Stack stack : s.stacks()) {
                        for (boolean permuted : new boolean[] {false, true}) {
                            jobs.add(job(stack, s.kernels(), data, model, s.epochs().get(data), seed,
                                    permuted ? (long) seed : null, null, null, 0));
                        }
                    }
                }
            }
        }
        return jobs;
    }

    @Override
    String section(Path dir, List<RunResult> rs) {
        StringBuilder md = new StringBuilder(Tables.header("Locality versus weight sharing", "`lcn` is the `cnn` "
                + "with each convolution replaced by a locally connected layer: the same receptive fields, but "
                + "every position its own kernel. What `cnn` has over `lcn` on standard pixels is what sharing "
                + "buys; what `lcn` loses on permuted pixels is what locality alone was worth.", rs));
        for (String data : Tables.distinct(rs, r -> r.spec().data())) {
            md.append(dataSection(dir, data, rs.stream().filter(r -> r.spec().data().equals(data)).toList()));
        }
        return md.toString();
    }

    private static String dataSection(Path dir, String data, List<RunResult> mine) {
        StringBuilder md = new StringBuilder("### ").append(data).append(String.format("%n%n%s.%n%n| stack | model "
                + "| parameters | standard %% | permuted %% | drop (points) |%n|---|---|---:|---|---|---|%n",
                Tables.epochs(mine.get(0).spec().epochs())));
        List<String> groups = new ArrayList<>();
        List<List<Double>> bars = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
                new ArrayList<>()); // standard mean, ci, permuted mean, ci
        for (Stack stack : Tables.distinct(mine, r -> r.spec().stack())) {
            for (String model : Tables.distinct(mine, r -> r.spec().arch())) {
                Map<Long, Double> s = Tables.bySeed(mine, r -> r.spec().stack() == stack
                        && r.spec().arch().equals(model) && !r.spec().permuted());
                Map<Long, Double> p = Tables.bySeed(mine, r -> r.spec().stack() == stack
                        && r.spec().arch().equals(model) && r.spec().permuted());
                long params = mine.stream().filter(r -> r.spec().arch().equals(model)).findFirst()
                        .map(RunResult::parameters).orElse(0L);
                md.append(String.format("| %s | %s | %,d | %s | %s | %s |%n", stack, model, params,
                        Tables.withCi(s.values()), Tables.withCi(p.values()), Tables.withCi(Tables.paired(s, p))));
                groups.add(model + " / " + stack);
                int k = 0;
                for (Map<Long, Double> c : List.of(s, p)) {
                    List<Double> v = new ArrayList<>(c.values());
                    bars.get(k++).add(v.isEmpty() ? 0 : Stats.mean(v));
                    bars.get(k++).add(v.size() < 2 ? 0 : Stats.ci95(v));
                }
            }
        }
        String png = "sharing-" + Tables.slug(data) + ".png";
        Plots.accuracy(dir.resolve(png), data + ": convolution, locally connected, dense (mean, 95% CI)", groups,
                bars.get(0), bars.get(1), bars.get(2), bars.get(3));
        md.append("\n![").append(data).append(": accuracy of mlp, cnn and lcn](").append(png).append(")\n\n");
        return md.toString();
    }
}
