package lab.reference;

import java.util.List;

/**
 * A network as {@link Trainer} and {@link Evaluation} use it: its parameters, one training step's loss and
 * gradient, and predictions. {@link Network} (the spec's loops) implements it, and so does the fast module's
 * {@code lab.fast.FastNetwork}, which runs faster kernels on a spec network's own parameters. Not the
 * network's structure: that is {@link Network}'s list of layers.
 */
public interface Model {

    /** Shape of one example going in. */
    Shape inputShape();

    /** Number of classes: the logits per example. */
    int classes();

    /** Every parameter, in layer order, W before b; named as in {@link Network#params()}. */
    List<Network.NamedParam> params();

    /** Sets every parameter's gradient to 0 (backward only adds into them). */
    void zeroGrad();

    /** Forward, loss, backward: returns the mean loss and ADDS its gradient into every parameter's grad. */
    double lossAndGradient(double[] x, int[] labels, int n);

    /** The probabilities of the last loss evaluation, (N, K). */
    double[] lastProbabilities();

    /** The most probable class of each example (the first, on a tie). */
    int[] predict(double[] x, int n);
}
