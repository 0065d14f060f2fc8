package lab.compare.study;

import java.util.List;

import lab.compare.run.InitChoice;
import lab.compare.run.OptimizerKind;
import lab.compare.run.RunSpec;

/**
 * One data set's part of a plan: its models and how they train. The control plans from a block per data
 * set; every other study trains with {@link #adam}'s settings; {@code lab train} and {@code lab table} take
 * a protocol's block. Not a job: the seed, stack and pixels are the plan's ({@link Axes}).
 */
public record Block(String data, List<String> models, OptimizerKind optimizer, double lr, int batch, int epochs,
                    InitChoice init) {

    /** The experiment's usual settings: Adam, lr 0.005, batch 32, He init (auto), on {@code models}. */
    public static Block adam(String data, List<String> models, int epochs) {
        return new Block(data, models, OptimizerKind.ADAM, 0.005, 32, epochs, InitChoice.AUTO);
    }

    /**
     * A job's settings from this block: its data set and training; every other setting is the builder's
     * default (double, 1 thread, DL4J from the reference's weights, the default split) until the caller sets it.
     */
    public RunSpec.Builder spec() {
        return RunSpec.builder().data(data).optimizer(optimizer).lr(lr).batch(batch).epochs(epochs).init(init);
    }
}
