package lab.compare.cli;

import java.io.PrintStream;

import lab.reference.Trainer;

/**
 * Training progress on stderr: within an epoch a bar redrawn in place (only on a terminal, so logs stay
 * clean), and after each epoch one line with loss, accuracy and images per second.
 */
final class Progress implements Trainer.Listener {

    private final PrintStream err;
    private final boolean interactive;
    private final boolean epochLines;
    private final int epochs;
    private final String label;

    /**
     * @param epochLines print a line per epoch (a single run), or only the in-place bar (a sweep)
     */
    Progress(PrintStream err, boolean interactive, boolean epochLines, int epochs, String label) {
        this.err = err;
        this.interactive = interactive;
        this.epochLines = epochLines;
        this.epochs = epochs;
        this.label = label;
    }

    @Override
    public void onStep(int epoch, int step, int steps, double loss) {
        if (interactive && (step % 10 == 0 || step == steps)) {
            int width = 24;
            int filled = (int) ((long) width * step / steps);
            err.printf("\r%s epoch %d/%d [%s%s] %d/%d loss %.4f   ", label, epoch, epochs, "#".repeat(filled),
                    ".".repeat(width - filled), step, steps, loss);
            err.flush();
        }
    }

    @Override
    public void onEpoch(Trainer.EpochStats s) {
        if (interactive) {
            err.print("\r" + " ".repeat(100) + "\r");
        }
        if (epochLines) {
            err.printf("%s epoch %3d/%d  loss %.4f  train acc %5.1f%%  %,8.0f img/s%n", label, s.epoch(), epochs,
                    s.meanLoss(), 100 * s.trainAccuracy(), s.examples() / Math.max(s.seconds(), 1e-9));
        }
    }
}
