package lab.compare.study;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import lab.compare.report.Plots;
import lab.compare.report.Tables;
import lab.compare.run.Pixels;
import lab.compare.run.RunResult;
import lab.compare.run.Stack;
import lab.data.DataSource;
import lab.data.Split;
import lab.reference.Dataset;
import lab.reference.Shape;

/**
 * The control's pictures of one data set beside its accuracy plot: learning curves, eight digits before and
 * after seed 0's permutation (the one picture that loads the data, not the results), and the cnn's
 * first-layer kernels.
 */
final class ControlPictures {

    private ControlPictures() {
    }

    /** The pictures' Markdown lines (the accuracy plot's first), and the shape of the data set's images. */
    record Drawn(String markdown, Shape shape) {
    }

    /** Draws one data set's pictures but the accuracy plot (the drop table draws that) into {@code dir}. */
    static Drawn write(Path dir, String data, List<RunResult> mine, Stack first, List<String> models) {
        Map<String, String> pictures = new LinkedHashMap<>(); // file -> caption
        pictures.put("accuracy-" + Tables.slug(data) + ".png", data + ": accuracy on standard and permuted pixels");
        String curves = "curves-" + Tables.slug(data) + ".png";
        Plots.curves(dir.resolve(curves), data + ": learning curves (" + (Tables.seeds(mine) < 2 ? "one seed"
                : "mean over seeds") + ", " + first + ")",
                curves(mine, first, models));
        pictures.put(curves, data + ": learning curves");
        String digits = "permutation-" + Tables.slug(data) + ".png";
        Shape shape = digitsBeforeAfter(dir.resolve(digits), data);
        pictures.put(digits, data + ": eight digits (top) and the same digits with seed 0's permutation (bottom)");
        String kernels = "kernels-" + Tables.slug(data) + ".png";
        if (kernels(dir.resolve(kernels), mine)) {
            pictures.put(kernels, data + ": the CNN's first-layer kernels after training (seed 0, reference "
                    + "stack): standard pixels (top), permuted (bottom)");
        }
        StringBuilder md = new StringBuilder("\n");
        pictures.forEach((file, caption) -> md.append("![").append(caption).append("](").append(file).append(")\n\n"));
        return new Drawn(md.toString(), shape);
    }

    /**
     * Mean training loss over seeds, per model and condition, on one stack, against epochs of training: at
     * the runs' {@link RunResult#lossCurve} points (the middle of each slice), or, where a result was written
     * before those, every run's epochs at their middles from their mean losses.
     */
    private static Map<String, Plots.Points> curves(List<RunResult> rs, Stack stack, List<String> models) {
        Map<String, Plots.Points> out = new LinkedHashMap<>();
        for (String model : models) {
            for (boolean permuted : new boolean[] {false, true}) {
                List<RunResult> sel = rs.stream().filter(r -> r.spec().stack() == stack
                        && r.spec().arch().equals(model) && r.spec().permuted() == permuted && r.completed())
                        .toList();
                if (sel.isEmpty()) {
                    continue;
                }
                boolean fine = sel.stream().allMatch(r -> r.lossCurve() != null); // else all by epoch, alike
                List<double[]> ys = sel.stream().map(r -> fine ? r.lossCurve()
                        : r.history().stream().mapToDouble(RunResult.Epoch::loss).toArray()).toList();
                int n = ys.stream().mapToInt(y -> y.length).min().orElse(0);
                int epochs = sel.get(0).spec().epochs();
                Plots.Points xy = new Plots.Points(new double[n], new double[n], null);
                for (int i = 0; i < n; i++) {
                    xy.x()[i] = (i + 0.5) * epochs / n;
                    for (double[] y : ys) {
                        xy.y()[i] += y[i] / ys.size();
                    }
                }
                out.put(model + " " + Pixels.of(permuted), xy);
            }
        }
        return out;
    }

    /** Eight test digits above the same digits permuted with seed 0's permutation; returns the image shape. */
    private static Shape digitsBeforeAfter(Path file, String data) {
        Split split = DataSource.load(data, 0.25, 0);
        Dataset test = split.test();
        int[] first = IntStream.range(0, 8).map(i -> i * (test.size() / 8)).toArray();
        Dataset some = test.subset("some", first);
        Dataset scrambled = some.permutePixels(Dataset.randomPermutation(test.shape().h() * test.shape().w(), 0));
        List<double[]> images = new ArrayList<>();
        int d = test.shape().size();
        for (Dataset ds : List.of(some, scrambled)) {
            for (int i = 0; i < ds.size(); i++) {
                images.add(Arrays.copyOfRange(ds.x(), i * d, (i + 1) * d));
            }
        }
        Plots.images(file, images, test.shape().h(), test.shape().w(), 8, test.shape().h() <= 8 ? 12 : 4);
        return test.shape();
    }

    /** First-layer conv kernels of the cnn, seed 0, reference stack; false if there are none. */
    private static boolean kernels(Path file, List<RunResult> rs) {
        List<double[]> images = new ArrayList<>();
        int kh = 0;
        int kw = 0;
        for (boolean permuted : new boolean[] {false, true}) {
            RunResult r = rs.stream().filter(x -> x.spec().arch().endsWith("cnn") && x.spec().seed() == 0
                    && x.spec().permuted() == permuted && x.firstLayerShape() != null
                    && x.firstLayerShape().length == 4).findFirst().orElse(null);
            if (r == null) {
                return false;
            }
            int[] s = r.firstLayerShape(); // (F, C, KH, KW): draw channel 0 of each filter
            kh = s[2];
            kw = s[3];
            for (int f = 0; f < s[0]; f++) {
                int from = f * s[1] * kh * kw;
                images.add(Arrays.copyOfRange(r.firstLayerWeights(), from, from + kh * kw));
            }
        }
        Plots.images(file, images, kh, kw, images.size() / 2, 16);
        return true;
    }
}
