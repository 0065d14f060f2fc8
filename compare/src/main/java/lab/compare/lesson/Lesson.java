package lab.compare.lesson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import lab.compare.report.ReportFiles;
import lab.compare.report.Summary;

/**
 * {@code lab lesson}: a page to project in a class on the chapter's two ideas (a convolution is locality
 * and weight sharing built in; a hand-written stack and a library each buy something), made from
 * measurements taken in this run, on this machine, on both stacks: every number on the page is computed
 * by the run that wrote it. The parts, in order: one kernel's gradient as a sum over positions (and the
 * locally connected layer where nothing is summed); equivariance measured; what the library buys and
 * costs, timed here; where the stacks differ on purpose; the chapter's two claims, trained live; the same
 * network written both ways; where to go next. Not a study: nothing is stored to resume, and a rerun
 * measures again.
 */
public final class Lesson {

    /**
     * What a lesson runs.
     *
     * @param quick   the CI-sized lesson: fewer images, seeds and timing rounds
     * @param dl4j    run DL4J beside the reference (off: the hand code only)
     * @param seed    the seed of every training run, batch and draw
     * @param workers training runs at once (part 5), and the fast path's threads elsewhere
     */
    public record Settings(boolean quick, boolean dl4j, long seed, int workers) {

        public Settings {
            if (workers < 1) {
                throw new IllegalArgumentException("workers must be at least 1, got " + workers);
            }
        }
    }

    /** Where the lesson says what it is doing: a line at a time (the command line prints them). */
    public interface Progress {
        void say(String line);
    }

    /** One part of the page: its Markdown, and its finding in a clause for the summary. */
    record Part(String markdown, String summary) {
    }

    static final String TITLE = "Lesson: what a convolution assumes, and what a library buys";

    private Lesson() {
    }

    /** Measures every part, writes report.md, report.html and the pictures into {@code dir}; returns the Markdown. */
    public static String write(Path dir, Settings s, Progress progress) {
        long start = System.nanoTime();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir + ": " + e.getMessage(), e);
        }
        List<Part> parts = new ArrayList<>();
        Step step = new Step(progress, start);

        step.begin(1, "training the cnn for the maps (one epoch on 28x28 digits)");
        Trained cnn = Trained.cnn(s.seed(), s.quick() ? 2_000 : 7_500, s.workers());
        step.begin(1, "one kernel's gradient, position by position" + (s.dl4j() ? ", on both stacks" : ""));
        parts.add(OneKernel.write(dir, cnn, OneKernel.measure(cnn.net(), cnn.batch(), s.dl4j()), s.dl4j()));
        step.begin(2, "equivariance: the digit shifted by 1 and 2 pixels");
        double[] digit = java.util.Arrays.copyOf(cnn.batch().x(), cnn.batch().shape().size());
        parts.add(Shifts.write(dir, cnn, Shifts.measure(cnn.net(), digit, s.dl4j()), s.dl4j()));
        step.begin(3, "what the library buys and costs: timing each way of training the cnn");
        Costs.Numbers costs = Costs.measure(s, progress);
        parts.add(Costs.write(dir, costs, s.dl4j()));
        step.begin(4, "where the stacks differ on purpose");
        parts.add(OnPurpose.write(OnPurpose.measure(s.dl4j()), s.dl4j()));
        step.begin(5, "the chapter's two claims, trained live");
        parts.add(Claims.write(dir, Claims.measure(s, progress)));
        step.begin(6, "the same network written both ways");
        parts.add(BothWays.write(dir, BothWays.measure(s.dl4j()), costs.fastLines(), s.dl4j()));
        parts.add(next());

        String md = "# " + TITLE + "\n\n" + summary(parts, s, (System.nanoTime() - start) / 1e9)
                + String.join("", parts.stream().map(Part::markdown).toList());
        ReportFiles.writePage(dir, md);
        progress.say(String.format("lesson: done in %s", Summary.duration((System.nanoTime() - start) / 1e9)));
        return md;
    }

    /** The summary: what the page shows, each part's finding, what ran and how long it took. */
    private static String summary(List<Part> parts, Settings s, double seconds) {
        StringBuilder sb = new StringBuilder("## Summary\n\n");
        sb.append("A convolution is two assumptions built into a network: locality (a unit looks at a few neighbouring "
                + "pixels) and weight sharing (it looks for the same thing everywhere). This page shows both from the "
                + "inside, on the project's hand-written stack" + (s.dl4j() ? " and on DL4J" : "") + ", and what a "
                + "library buys over hand code, and what it costs. Every number below was measured by the run that "
                + "wrote this page, on this machine.\n\n");
        int k = 1;
        for (Part p : parts) {
            if (!p.summary().isEmpty()) {
                String finding = p.summary();
                sb.append(k++).append(". ").append(Character.toUpperCase(finding.charAt(0))).append(finding.substring(1))
                        .append(".\n");
            }
        }
        sb.append(String.format("%n**What ran.** %s lesson, seed %d, %s; %d worker%s. **Time.** %s, commit %s.%n%n",
                s.quick() ? "The quick (CI-sized)" : "The full", s.seed(),
                s.dl4j() ? "the reference and DL4J 1.0.0-M2.1 (double, and float where a row says so)"
                        : "the reference only (DL4J not run: --stacks reference)",
                s.workers(), s.workers() == 1 ? "" : "s", Summary.duration(seconds), Summary.commit()));
        return sb.toString();
    }

    /** Part 7: where to go from here. */
    private static Part next() {
        return new Part("## 7. Next\n\n"
                + "- **Write the `+=` yourself.** `./lab exercise conv --out DIR` hands out a conv layer with its "
                + "backward blank (`./lab exercise list` for the others: dense, max-pool, ReLU, the loss, locally "
                + "connected); `./lab grade DIR` grades it against DL4J, names the tensor and element that differ, "
                + "and says which classic mistake it looks like.\n"
                + "- **Check any layer against DL4J.** `./lab agree --layer 'conv(4,k3,s2,p1)' ...` judges a layer "
                + "written in any language from its `.npy` files; `./lab agree` checks the whole hand-written stack.\n"
                + "- **The experiment itself.** `./lab run` (the permuted-pixel control over 8 seeds on both stacks, "
                + "with its report), and the studies: `./lab locality`, `sharing`, `translation`, `samples`, "
                + "`params`.\n"
                + "- **Read the code in class**, in this order: `Conv2D.java` (forward and backward side by side), "
                + "`LocallyConnected2D.java` (the same loops without the sharing), `MaxPool2D.java`, "
                + "`SoftmaxCrossEntropy.java` (where the chain rule starts), `Network.java` (the list), "
                + "`Trainer.java`; then `HandWrittenCnn.java` in the dl4j module for the same network on DL4J.\n", "");
    }

    /** Says each part as it starts, with the time so far. */
    private static final class Step {
        private final Progress progress;
        private final long start;

        Step(Progress progress, long start) {
            this.progress = progress;
            this.start = start;
        }

        void begin(int part, String what) {
            progress.say(String.format("lesson [part %d of 6, %s so far]: %s", part,
                    Summary.duration((System.nanoTime() - start) / 1e9), what));
        }
    }
}
