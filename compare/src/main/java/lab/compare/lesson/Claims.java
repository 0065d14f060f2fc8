package lab.compare.lesson;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import lab.compare.report.Plots;
import lab.compare.report.Stats;
import lab.compare.report.Summary;
import lab.compare.report.Tables;
import lab.compare.run.Engine;
import lab.compare.run.LocalEngine;
import lab.compare.run.Loops;
import lab.compare.run.RunResult;
import lab.compare.run.RunSpec;
import lab.compare.run.Splits;
import lab.compare.run.Stack;
import lab.compare.run.Study;
import lab.compare.study.Block;
import lab.compare.study.Control;
import lab.compare.study.Ladder;
import lab.compare.study.Match;
import lab.compare.study.Studies;
import lab.data.DataSource;
import lab.data.Split;
import lab.fast.FastNetwork;
import lab.reference.Architecture;
import lab.reference.Dataset;
import lab.reference.Evaluation;
import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Network;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Shape;
import lab.reference.Trainer;

/**
 * Part 5 of the lesson: the chapter's two claims, trained live on raw 28x28 digits on the reference's fast
 * path, in about a minute: the permuted-pixel control (the cnn loses accuracy when the pixels are scrambled,
 * the mlp does not; the same runs as {@code lab run}'s mnist10k cells, seed for seed), and accuracy
 * against parameters (how many weights the mlp needs to match a cnn, read off as {@code lab params} does),
 * with each model's parameters counted per layer. Then why the mlp's accuracy still moves a little when the
 * pixels are permuted: its training with the first layer's rows permuted alike is the same computation.
 */
final class Claims {

    static final String DATA = "mnist10k";

    /** One rung of the ladder: its family ("mlp", "cnn"), width in words, text form, parameters, accuracies by seed. */
    record Rung(String family, String width, String arch, long parameters, Map<Long, Double> accuracy) {
    }

    /**
     * What part 5 measured.
     *
     * @param control       the control's runs (mlp and cnn, standard and permuted)
     * @param ladder        the rungs on standard pixels, mlp then cnn, narrowest first
     * @param identityWorst the largest |logit difference| between the mlp trained on permuted pixels and the
     *                      mlp trained on standard pixels with its first rows permuted alike, over the test set
     * @param identityAgree whether their test predictions were all the same
     * @param seeds         seeds per cell
     */
    record Numbers(List<RunResult> control, List<Rung> ladder, double identityWorst, boolean identityAgree,
                   double identityAccuracy, int seeds) {
    }

    private Claims() {
    }

    static Numbers measure(Lesson.Settings s, Lesson.Progress progress) {
        int seeds = s.quick() ? 3 : 8; // 8: lab run's own mnist10k cells, all of them
        List<RunSpec> control = Studies.CONTROL.plan(new Control.Settings(
                List.of(Block.adam(DATA, List.of("mlp", "cnn"), 1)), List.of(Stack.REFERENCE), seeds,
                Loops.FAST)).stream().map(r -> r.toBuilder().seed(r.seed() + s.seed())
                .permuteSeed(r.permuted() ? r.seed() + s.seed() : null).build()).toList();
        // From 8 units: at 4, one seed in three ends with dead units and ~50%, and its interval spans the axis.
        List<Integer> units = s.quick() ? List.of(8, 32, 128, 256) : List.of(8, 16, 32, 64, 128, 256, 512);
        List<Integer> channels = s.quick() ? List.of(2, 8) : List.of(1, 2, 4, 8);
        int ladderSeeds = s.quick() ? 3 : 5;
        List<String> archs = new ArrayList<>();
        units.forEach(u -> archs.add(Ladder.mlp(u)));
        channels.forEach(c -> archs.add(Ladder.twoBlocks("conv", c)));
        List<RunSpec> ladder = new ArrayList<>();
        for (int seed = 0; seed < ladderSeeds; seed++) {
            for (String arch : archs) {
                ladder.add(control.get(0).toBuilder().study(Study.PARAMS).arch(arch).seed(seed + s.seed())
                        .permuteSeed(null).build());
            }
        }
        List<RunSpec> all = new ArrayList<>(control);
        all.addAll(ladder);
        List<RunResult> results = run(all, s.workers(), progress);
        for (RunResult r : results) {
            if (!r.completed()) {
                throw new IllegalStateException("a training run of the lesson did not finish: " + r.spec().arch() + " seed "
                        + r.spec().seed() + ": " + r.status() + " " + r.error());
            }
        }
        List<RunResult> controlRuns = results.stream().filter(r -> r.spec().study() == Study.CONTROL).toList();
        Shape shape = new Shape(1, 28, 28);
        List<Rung> rungs = new ArrayList<>();
        for (int k = 0; k < archs.size(); k++) {
            String arch = archs.get(k);
            boolean mlp = k < units.size();
            rungs.add(new Rung(mlp ? "mlp" : "cnn", mlp ? units.get(k) + " units" : channels.get(k - units.size()) + "/"
                    + 2 * channels.get(k - units.size()) + " channels", arch, Architecture.of(arch).parameterCount(shape),
                    Tables.bySeed(results, r -> r.spec().study() == Study.PARAMS && r.spec().arch().equals(arch))));
        }
        progress.say("lesson: the mlp trained twice, on permuted pixels and with its first rows permuted alike");
        Identity identity = identity(s.seed());
        return new Numbers(controlRuns, rungs, identity.worst(), identity.agree(), identity.accuracy(), seeds);
    }

    /** Runs the specs on the local engine, saying each result with the time left priced per model. */
    private static List<RunResult> run(List<RunSpec> specs, int workers, Lesson.Progress progress) {
        List<RunResult> results = new ArrayList<>();
        Map<String, Integer> left = new LinkedHashMap<>(); // arch -> runs not yet finished
        Map<String, double[]> seconds = new LinkedHashMap<>(); // arch -> {sum, count} of finished runs
        specs.forEach(spec -> left.merge(spec.arch(), 1, Integer::sum));
        long start = System.nanoTime();
        try (Engine engine = new LocalEngine(workers)) {
            engine.run(specs, new Splits(), new Engine.Listener() {
                @Override
                public Trainer.Listener started(RunSpec spec) {
                    return new Trainer.Listener() {
                    };
                }

                @Override
                public synchronized void finished(RunResult r) {
                    results.add(r);
                    left.merge(r.spec().arch(), -1, Integer::sum);
                    double[] sc = seconds.computeIfAbsent(r.spec().arch(), a -> new double[2]);
                    sc[0] += r.seconds();
                    sc[1]++;
                    // priced per model from its runs so far; a model not run yet at the mean of all runs so far
                    double mean = seconds.values().stream().mapToDouble(v -> v[0]).sum()
                            / seconds.values().stream().mapToDouble(v -> v[1]).sum();
                    double rest = left.entrySet().stream().mapToDouble(e -> e.getValue() * (seconds.containsKey(e.getKey())
                            ? seconds.get(e.getKey())[0] / seconds.get(e.getKey())[1] : mean)).sum() / workers;
                    String when = results.size() == specs.size()
                            ? "done in " + Summary.duration((System.nanoTime() - start) / 1e9)
                            : "about " + Summary.duration(rest + 0.5) + " left";
                    progress.say(String.format("  [%d/%d] %s %s %s seed %d: %.2f%% (%.1f s) | %s", results.size(),
                            specs.size(), r.spec().data(), label(r.spec().arch()),
                            r.spec().pixels(), r.spec().seed(), 100 * r.testAccuracy(),
                            r.seconds(), when));
                }
            });
        }
        return results;
    }

    /** The identity behind the mlp's indifference, and the accuracy of the run on permuted pixels. */
    record Identity(double worst, boolean agree, double accuracy) {
    }

    /**
     * Two mlps: one trained on permuted pixels from the seed's weights; the other on the digits as they are,
     * from the same weights with its first layer's rows permuted the same way (row perm[j] of one is row j of
     * the other), on the same batches. x[perm] . W is x . W' summed in another order: the same training,
     * the same logits up to rounding, the same predictions.
     */
    static Identity identity(long seed) {
        Split split = DataSource.load(DATA, 0.25, 0);
        Shape shape = split.train().shape();
        int[] perm = Dataset.randomPermutation(shape.h() * shape.w(), seed);
        Network permuted = Network.create(Architecture.of("mlp"), shape, Init.HE, seed);
        Network rows = Network.create(Architecture.of("mlp"), shape, Init.HE, seed);
        Param from = permuted.param("0_W"); // (D, U)
        Param to = rows.param("0_W");
        int units = from.shape()[1];
        for (int j = 0; j < perm.length; j++) {
            System.arraycopy(from.value(), j * units, to.value(), perm[j] * units, units);
        }
        Trainer.Config config = new Trainer.Config(1, 32, seed);
        FastNetwork a = new FastNetwork(permuted, 1);
        FastNetwork b = new FastNetwork(rows, 1);
        Trainer.train(a, Optimizer.adam(0.005), split.train().permutePixels(perm), config, new Trainer.Listener() {
        });
        Trainer.train(b, Optimizer.adam(0.005), split.train(), config, new Trainer.Listener() {
        });
        Dataset test = split.test();
        Dataset testPermuted = test.permutePixels(perm);
        double[] la = a.forward(testPermuted.x(), test.size()).clone();
        double[] lb = b.forward(test.x(), test.size()).clone();
        double worst = 0;
        for (int k = 0; k < la.length; k++) {
            worst = Math.max(worst, Math.abs(la[k] - lb[k]));
        }
        boolean agree = java.util.Arrays.equals(Network.argmax(la, test.size(), 10), Network.argmax(lb, test.size(), 10));
        return new Identity(worst, agree, Evaluation.of(a, testPermuted, 256).accuracy());
    }

    static Lesson.Part write(Path dir, Numbers m) {
        StringBuilder md = new StringBuilder("## 5. The chapter's two claims, live\n\n");
        // Claim 1: the control.
        Map<String, List<Double>> drops = new LinkedHashMap<>();
        md.append(String.format("**Claim 1: the convolution's prior is worth something on raw pixels, and only while the "
                + "pixels keep their neighbours.** `mlp` (`dense(128)-relu-dense(10)`) and `cnn` trained for one epoch on "
                + "%s's 7,500 training digits (28 x 28), on the digits as they are and with every image's pixels moved "
                + "by one fixed permutation, %d seeds (each its own weights, batch order and permutation; the same runs, "
                + "seed for seed, as `./lab run`'s %s cells), on the reference's fast path:%n%n", DATA, m.seeds(), DATA));
        md.append("| model | parameters | standard % | permuted % | drop (points) [95% CI] |\n|---|---:|---|---|---|\n");
        Map<String, Map<Long, Double>> standard = new LinkedHashMap<>();
        Map<String, Map<Long, Double>> permuted = new LinkedHashMap<>();
        for (String model : List.of("mlp", "cnn")) {
            standard.put(model, Tables.bySeed(m.control(), r -> r.spec().arch().equals(model) && !r.spec().permuted()));
            permuted.put(model, Tables.bySeed(m.control(), r -> r.spec().arch().equals(model) && r.spec().permuted()));
            List<Double> drop = Tables.paired(standard.get(model), permuted.get(model));
            drops.put(model, drop);
            md.append(String.format("| %s | %,d | %s | %s | %s |%n", model,
                    Architecture.of(model).parameterCount(new Shape(1, 28, 28)), Tables.withCi(standard.get(model).values()),
                    Tables.withCi(permuted.get(model).values()), Tables.withCi(drop)));
        }
        List<Double> gap = Control.dropDifference(m.control(), Stack.REFERENCE, "mlp", "cnn");
        double lo = Stats.mean(gap) - Stats.ci95(gap);
        md.append(String.format("%nThe cnn's drop minus the mlp's, paired by seed: **%s points**: %s. On raw pixels the "
                + "convolution's assumption that neighbours belong together pays, and when the permutation breaks it the "
                + "cnn pays back; the mlp, which assumed nothing about where pixels are, loses nothing. (`./lab run "
                + "--quick`, on 8 x 8 digits whose pixels are already ink counts over 4 x 4 blocks, cannot show this "
                + "beyond seed noise.)%n%n", Tables.withCi(gap), lo > 0 ? "its interval lies above 0, beyond seed noise"
                : "its interval reaches 0: not beyond seed noise in this run"));

        // Claim 2: the ladder.
        List<Rung> mlps = m.ladder().stream().filter(r -> r.family().equals("mlp")).toList();
        List<Rung> cnns = m.ladder().stream().filter(r -> r.family().equals("cnn")).toList();
        List<Match.Point> curve = mlps.stream().map(r -> new Match.Point(r.parameters(),
                Stats.mean(List.copyOf(r.accuracy().values())), Stats.ci95(List.copyOf(r.accuracy().values())))).toList();
        List<Plots.Line> lines = List.of(new Plots.Line("mlp (one hidden layer)", series(mlps), 0, Plots.Stroke.SOLID),
                new Plots.Line("cnn (two conv blocks)", series(cnns), 1, Plots.Stroke.SOLID));
        Plots.lines(dir.resolve("ladder.png"), "Accuracy against parameters, 28x28 digits, one epoch",
                "trainable parameters (log scale)", "test accuracy % (mean, 95% CI)", lines, true);
        int ladderSeeds = mlps.get(0).accuracy().size();
        md.append(String.format("**Claim 2: a small cnn matches a larger mlp with a fraction of the weights.** The mlp "
                + "with one hidden layer of %s units and the cnn's two conv blocks at %s channels, on standard pixels, "
                + "%d seeds each, one epoch. For each cnn, the parameters the mlp needs to reach its mean accuracy, "
                + "read off the mlp's curve between the two widths it passes (linear in log parameters, as `./lab "
                + "params` reads them; in brackets where the curve's 95%% bounds cross):%n%n",
                String.join(", ", mlps.stream().map(r -> r.width().replace(" units", "")).toList()),
                String.join(", ", cnns.stream().map(r -> r.width().replace(" channels", "")).toList()), ladderSeeds));
        md.append("![Part 5: test accuracy against trainable parameters for the mlp and the cnn, one epoch on 28x28 "
                + "digits, with 95% intervals](ladder.png)\n\n");
        md.append("| cnn | parameters | cnn % | the mlp needs | as a multiple of the cnn's |\n|---|---:|---|---|---|\n");
        String preset = "";
        for (Rung c : cnns) {
            List<Double> acc = List.copyOf(c.accuracy().values());
            Match match = Match.of(curve, Stats.mean(acc), Stats.ci95(acc));
            md.append(String.format("| %s | %,d | %s | %s | %s |%n", c.width(), c.parameters(), Tables.withCi(acc),
                    match.parametersText(), match.ratioText(c.parameters())));
            if (c.arch().equals(Architecture.of("cnn").toString())) {
                preset = match.estimate().ratioText(c.parameters());
            }
        }
        Match.Point best = curve.stream().max(java.util.Comparator.comparingDouble(Match.Point::mean)).orElseThrow();
        md.append(String.format("%nThe mlp's best here is %.2f%% with %,.0f parameters.%n%n", best.mean(),
                best.parameters()));

        // Where the weights are.
        md.append("**Where the weights are.** Each model's parameters, layer by layer (counted from the layers "
                + "themselves):\n\n");
        md.append(breakdown("cnn")).append(breakdown("mlp"));
        md.append(String.format("%nThe cnn keeps %s of its weights in its final dense layer, which reads the 16 x 7 x 7 "
                + "maps position by position; its two convolutions, which see every position of every image, hold "
                + "%s.%n%n", share("cnn", true), share("cnn", false)));

        // Why the mlp's accuracy moves at all.
        md.append(String.format("**Why the mlp's accuracy still moves a little when the pixels are permuted.** A fixed "
                + "permutation is invisible to a dense layer in distribution, not draw by draw: with the same seed, "
                + "the permuted run starts from the same weights, which now meet other pixels. Permute the first layer's "
                + "rows the same way and the two runs are one computation: trained here on permuted pixels, and on "
                + "the digits as they are from the seed's weights with their rows permuted alike, on the same batches, "
                + "the two mlps end with test logits at most **%.1e** apart (the same sums in another order) and "
                + "%s (test accuracy %.2f%%). The project's test `PermutationTest` checks this identity on every "
                + "build.%n%n", m.identityWorst(), m.identityAgree() ? "the same prediction for every test digit"
                : "**some predictions differ**", 100 * m.identityAccuracy()));
        String summary = String.format("trained live on 28x28 digits over %d seeds, the cnn lost %s points on permuted "
                + "pixels and the mlp %s; to match the preset cnn's accuracy on standard pixels an mlp needs %s its "
                + "parameters (part 5 has the interval)", m.seeds(), Tables.withCi(drops.get("cnn")),
                Tables.withCi(drops.get("mlp")),
                preset.isEmpty() ? "(not measured)" : preset);
        return new Lesson.Part(md.toString(), summary);
    }

    /** A point per rung: x = parameters, y = mean accuracy %, with its 95% half-width. */
    private static Plots.Points series(List<Rung> rungs) {
        Plots.Points xy = Plots.Points.withErrors(rungs.size());
        for (int k = 0; k < rungs.size(); k++) {
            Tables.point(xy, k, rungs.get(k).parameters(), rungs.get(k).accuracy().values());
        }
        return xy;
    }

    /** A model's layers on 28x28 with their parameters and share. */
    private static String breakdown(String model) {
        Shape in = new Shape(1, 28, 28);
        List<Layer> layers = Architecture.of(model).layers(in);
        long total = Architecture.of(model).parameterCount(in);
        StringBuilder sb = new StringBuilder(String.format("`%s` (%,d parameters):%n%n| layer | output | parameters | "
                + "share |%n|---|---|---:|---:|%n", model, total));
        for (Layer l : layers) {
            long p = l.params().stream().mapToLong(Param::size).sum();
            if (p > 0) {
                sb.append(String.format("| `%s` | %s | %,d | %.1f%% |%n", l.describe(), l.outputShape(), p, 100.0 * p / total));
            }
        }
        return sb.append('\n').toString();
    }

    /** The share of the model's parameters in its last dense layer ({@code last}) or in the rest. */
    private static String share(String model, boolean last) {
        Shape in = new Shape(1, 28, 28);
        List<Layer> layers = Architecture.of(model).layers(in);
        long total = Architecture.of(model).parameterCount(in);
        long tail = layers.get(layers.size() - 1).params().stream().mapToLong(Param::size).sum();
        return String.format("%.0f%% (%,d of %,d)", 100.0 * (last ? tail : total - tail) / total, last ? tail
                : total - tail, total);
    }

    private static String label(String arch) {
        return arch.equals("mlp") || arch.equals("cnn") ? arch : Ladder.Rung.of(arch).label();
    }
}
