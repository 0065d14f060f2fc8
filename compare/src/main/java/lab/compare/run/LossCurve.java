package lab.compare.run;

import java.util.Arrays;

import lab.reference.Trainer;

/**
 * The training loss of a run at {@value #POINTS} points, so that a run of one epoch still draws a curve: the
 * run's steps (over all epochs) are cut into {@value #POINTS} equal slices, and point i is the mean of the
 * batch losses (each before its update) in slice i. It passes every step on to the listener it wraps.
 */
final class LossCurve implements Trainer.Listener {

    /** Points per run: enough for a curve, small enough that a result line stays a few KB. */
    static final int POINTS = 20;

    private final Trainer.Listener next;
    private final int epochs;
    private final double[] sum = new double[POINTS];
    private final int[] count = new int[POINTS];

    /** Records a run of {@code epochs} epochs, passing every step and epoch on to {@code next}. */
    LossCurve(int epochs, Trainer.Listener next) {
        this.epochs = epochs;
        this.next = next;
    }

    @Override
    public void onStep(int epoch, int step, int steps, double loss) {
        long done = (long) (epoch - 1) * steps + (step - 1); // steps before this one
        int slice = (int) (done * POINTS / ((long) epochs * steps));
        sum[slice] += loss;
        count[slice]++;
        next.onStep(epoch, step, steps, loss);
    }

    @Override
    public void onEpoch(Trainer.EpochStats stats) {
        next.onEpoch(stats);
    }

    /**
     * The mean loss of each slice, in order; NaN for a slice no step reached (a run of fewer than
     * {@value #POINTS} steps, or one stopped early).
     */
    double[] points() {
        double[] out = new double[POINTS];
        Arrays.setAll(out, i -> count[i] == 0 ? Double.NaN : sum[i] / count[i]);
        return out;
    }
}
