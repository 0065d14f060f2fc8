package lab.compare.study;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import lab.compare.run.Loops;
import lab.compare.run.Pixels;
import lab.compare.run.RunSpec;
import lab.compare.run.Stack;
import lab.compare.run.Study;

/**
 * The one loop every study plans through, so that a study says only what it varies and the order is
 * written once: seed-major (an interrupted run already holds whole seeds), then data set, the study's own
 * rung (a scramble, a training-set size, a ladder rung; one rung where it varies none), model, stack,
 * pixels. Not a sweep's grid ({@code lab.compare.sweep.Grid}), which crosses whatever settings a user names.
 *
 * @param blocks the data sets in the order they run, each with its training
 */
record Axes(Study study, List<Stack> stacks, Loops kernels, int seeds, List<Block> blocks) {

    /** Standard pixels, then the same images scrambled by the seed's permutation: the control's pair. */
    static final List<Pixels> BOTH_PIXELS = List.of(Pixels.STANDARD, Pixels.PERMUTED);

    /** Standard pixels only. */
    static final List<Pixels> STANDARD = List.of(Pixels.STANDARD);

    /** Scrambled pixels only (by the seed's permutation, or the rung's scramble drawn from it). */
    static final List<Pixels> PERMUTED = List.of(Pixels.PERMUTED);

    /**
     * What a study runs on one data set at one rung: its models, the pixels each is trained on, the stacks
     * that run it (of the plan's), and the settings the rung sets beyond the block's (a size, a scramble,
     * its epochs).
     */
    record Rung(List<String> models, List<Pixels> pixels, Predicate<Stack> runsOn,
                UnaryOperator<RunSpec.Builder> settings) {

        /** {@code models} on {@code pixels}, on every stack of the plan, with the block's settings. */
        static Rung of(List<String> models, List<Pixels> pixels) {
            return new Rung(models, pixels, stack -> true, job -> job);
        }

        /** This rung, setting also what {@code more} sets. */
        Rung with(UnaryOperator<RunSpec.Builder> more) {
            return new Rung(models, pixels, runsOn, job -> more.apply(settings.apply(job)));
        }

        /** This rung, run only on the stacks {@code which} accepts. */
        Rung on(Predicate<Stack> which) {
            return new Rung(models, pixels, which, settings);
        }
    }

    /**
     * The jobs, in the loop's order, each rung of a block as {@code rungs} gives them. A job is its block's
     * data set and training, the study, stack, loops, model and seed, its pixels (permuted: drawn from the
     * seed), then what its rung sets.
     */
    List<RunSpec> jobs(Function<Block, List<Rung>> rungs) {
        List<RunSpec> jobs = new ArrayList<>();
        for (int seed = 0; seed < seeds; seed++) {
            for (Block block : blocks) {
                for (Rung rung : rungs.apply(block)) {
                    for (String model : rung.models()) {
                        for (Stack stack : stacks) {
                            if (!rung.runsOn().test(stack)) {
                                continue;
                            }
                            for (Pixels pixels : rung.pixels()) {
                                RunSpec.Builder job = block.spec().study(study).stack(stack).kernels(kernels)
                                        .arch(model).seed(seed).permuteSeed(pixels == Pixels.PERMUTED ? (long) seed : null);
                                jobs.add(rung.settings().apply(job).build());
                            }
                        }
                    }
                }
            }
        }
        return jobs;
    }
}
