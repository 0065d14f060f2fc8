package lab.compare.sweep;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

import lab.compare.run.DType;
import lab.compare.run.DataRef;
import lab.compare.run.InitChoice;
import lab.compare.run.Loops;
import lab.compare.run.OptimizerKind;
import lab.compare.run.Origin;
import lab.compare.run.PlanFile;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.data.Scramble;

/**
 * A user's own grid, as in Hydra's multirun: a list of values per setting, and every combination of them run
 * over {@code seeds} seeds (each seed its own initial weights, batch order, permutation and subset, shared
 * by every cell). Its jobs carry {@link Origin#SWEEP}. Not a study: it has no question of its own; its report
 * ({@link SweepReport}) is one table over the axes that vary.
 *
 * @param epochs     empty: each data set's usual, a study's ({@link DataRef.Mode#STUDY})
 * @param trainSizes empty: every training image
 * @param pixels     "standard", or a scramble rule ({@link Scramble}: full, blocks:K, within:K, fraction:P)
 * @param dtype      the precision of every cell, on both stacks (one per grid, as the loops are: a float grid is
 *                   another folder, not an axis, so that a double grid's report and folder stay as they were)
 */
public record Grid(List<String> data, List<String> archs, List<Stack> stacks, List<OptimizerKind> optimizers,
                   List<Double> lrs, List<Integer> batches, List<Integer> epochs, List<Integer> trainSizes,
                   List<String> pixels, int seeds, Loops kernels, DType dtype) {

    public Grid {
        data = distinct("--data", data, false);
        archs = distinct("--arch", archs, false);
        stacks = distinct("--stacks", stacks, false);
        optimizers = distinct("--optimizer", optimizers, false);
        lrs = distinct("--lr", lrs, false);
        batches = distinct("--batch", batches, false);
        epochs = distinct("--epochs", epochs, true);
        trainSizes = distinct("--train-size", trainSizes, true);
        pixels = distinct("--pixels", pixels.stream().map(Grid::pixels).toList(), false);
        if (seeds < 1) {
            throw new IllegalArgumentException("--seeds must be at least 1, got " + seeds);
        }
    }

    /** "standard", or the scramble rule written as {@link Scramble} writes it (a bad rule is a one-line error). */
    private static String pixels(String value) {
        return value.trim().equals("standard") ? "standard" : Scramble.parse(value).toString();
    }

    /** The values once each, in the order given; none is an error unless the setting has a default. */
    private static <T> List<T> distinct(String option, List<T> values, boolean mayBeEmpty) {
        if (values == null || values.isEmpty() && !mayBeEmpty) {
            throw new IllegalArgumentException(option + " needs at least one value");
        }
        return List.copyOf(new LinkedHashSet<>(values));
    }

    /** Every job: seed by seed, and within a seed every cell, in the order of the axes. */
    public List<RunSpec> plan() {
        List<RunSpec> jobs = new ArrayList<>();
        for (long seed = 0; seed < seeds; seed++) {
            for (String set : data) {
                for (String arch : archs) {
                    for (Stack stack : stacks) {
                        for (String pixel : pixels) {
                            for (OptimizerKind optimizer : optimizers) {
                                for (double lr : lrs) {
                                    for (int batch : batches) {
                                        for (int epoch : epochsOf(set)) {
                                            for (Integer size : trainSizes.isEmpty() ? nothing() : trainSizes) {
                                                jobs.add(job(seed, set, arch, stack, pixel, optimizer, lr, batch,
                                                        epoch, size));
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return jobs;
    }

    private RunSpec job(long seed, String set, String arch, Stack stack, String pixel, OptimizerKind optimizer,
                        double lr, int batch, int epochs, Integer trainSize) {
        boolean standard = pixel.equals("standard");
        return RunSpec.builder().study(Origin.SWEEP).stack(stack).kernels(kernels).dtype(dtype).data(set).arch(arch)
                .optimizer(optimizer).lr(lr).batch(batch).epochs(epochs).init(InitChoice.AUTO).seed(seed)
                .permuteSeed(standard ? null : seed).scramble(standard || pixel.equals("full") ? null : pixel)
                .trainSize(trainSize).build();
    }

    /** The epochs a set's cells train for: those given, else the set's usual, a study's. */
    private List<Integer> epochsOf(String set) {
        return epochs.isEmpty() ? List.of(DataRef.of(set).epochs(DataRef.Mode.STUDY)) : epochs;
    }

    private static List<Integer> nothing() {
        List<Integer> all = new ArrayList<>();
        all.add(null); // every training image
        return all;
    }

    /** The axes given more than one value, in the grid's order: the report's columns. */
    public List<Axis> axes() {
        List<Axis> axes = new ArrayList<>();
        for (Axis a : Axis.values()) {
            if (values(a).size() > 1) {
                axes.add(a);
            }
        }
        return axes;
    }

    /** The values an axis takes, as the report writes them ("usual" for epochs by data set, "all" images). */
    public List<String> values(Axis a) {
        return switch (a) {
            case DATA -> data;
            case ARCH -> archs;
            case STACK -> stacks.stream().map(Stack::toString).toList();
            case PIXELS -> pixels.stream().map(Axis::pixels).toList();
            case OPTIMIZER -> optimizers.stream().map(OptimizerKind::toString).toList();
            case LR -> lrs.stream().map(Axis::decimal).toList();
            case BATCH -> batches.stream().map(String::valueOf).toList();
            case EPOCHS -> epochs.isEmpty() ? List.of("usual") : epochs.stream().map(String::valueOf).toList();
            case TRAIN_SIZE -> trainSizes.isEmpty() ? List.of("all") : trainSizes.stream().map(String::valueOf).toList();
        };
    }

    /** The same grid over {@code n} seeds. */
    public Grid withSeeds(int n) {
        return new Grid(data, archs, stacks, optimizers, lrs, batches, epochs, trainSizes, pixels, n, kernels, dtype);
    }

    /**
     * How many seeds (0 to the highest, plus one) of this grid's cells {@code stored} holds: a folder that an
     * earlier command with more --seeds filled; 0 if it holds none.
     */
    public int seedsHeld(List<RunSpec> stored) {
        java.util.Set<RunSpec> cells = new java.util.HashSet<>(withSeeds(1).plan());
        int held = 0;
        for (RunSpec s : stored) {
            if (cells.contains(cell(s))) {
                held = (int) Math.max(held, s.seed() + 1);
            }
        }
        return held;
    }

    /** A run's cell: its spec at seed 0 (with the permutation's seed, which follows the seed, moved alike). */
    static RunSpec cell(RunSpec s) {
        return s.toBuilder().seed(0).permuteSeed(s.permuteSeed() == null ? null : s.permuteSeed() - s.seed()).build();
    }

    /** The number of cells: runs per seed. */
    public int cells() {
        return plan().size() / seeds;
    }

    /**
     * This grid's folder under {@code parent}: {@link #folderName()}, or, if only that exists, the folder an
     * earlier version named after the same grid ({@link #legacyFolderName()}), so its runs resume there; never
     * for a float grid, which no earlier version ran.
     */
    public Path folder(Path parent) {
        Path now = parent.resolve(folderName());
        Path before = parent.resolve(legacyFolderName());
        return dtype == DType.DOUBLE && !Files.exists(now) && Files.isDirectory(before) ? before : now;
    }

    /**
     * A name for this grid's folder that the same grid always gets, whatever the number of seeds (so more
     * seeds resume into it) and whatever the order its values were given in (--arch cnn,mlp is --arch
     * mlp,cnn): sweep- and 8 hex digits of a hash of every setting's values as a sorted set, float's added to
     * the key (a double grid's key, and so its folder, is the one it had before float grids existed).
     */
    public String folderName() {
        StringBuilder key = new StringBuilder(kernels.toString());
        for (Axis a : Axis.values()) {
            key.append(';').append(a.name()).append('=').append(String.join(",", new TreeSet<>(values(a))));
        }
        if (dtype == DType.FLOAT) {
            key.append(";DTYPE=float");
        }
        return "sweep-" + PlanFile.hash(key.toString());
    }

    /**
     * The name versions before 2026-12-07 gave: a hash of the values in the order given, with permuted
     * pixels written as their scramble rule alone ("full").
     */
    String legacyFolderName() {
        StringBuilder key = new StringBuilder(kernels.toString());
        for (Axis a : Axis.values()) {
            key.append(';').append(a.name()).append('=').append(String.join(",", a == Axis.PIXELS ? pixels : values(a)));
        }
        return "sweep-" + PlanFile.hash(key.toString());
    }
}
