package lab.reference;

import java.util.List;

/**
 * One update of every parameter from its gradient, in exactly DL4J's formulation, so that the two stacks
 * can train in lockstep. {@code g} is the gradient of the MEAN loss (DL4J divides its summed gradient by
 * the batch size before its updater; ours is already a mean). Parameters move by {@code theta -= update}.
 * Each optimizer keeps its own state per parameter, so one instance serves one network.
 */
public interface Optimizer {

    void step(List<Param> params);

    /** Plain SGD: {@code update = lr * g}. */
    static Optimizer sgd(double lr) {
        return new Sgd(lr);
    }

    /** DL4J's Nesterovs: {@code v = mu*vPrev - lr*g;  update = mu*vPrev - (1+mu)*v}. */
    static Optimizer nesterovs(double lr, double momentum) {
        return new Nesterovs(lr, momentum);
    }

    /** DL4J's Adam with its defaults for beta1, beta2 and epsilon (0.9, 0.999, 1e-8). */
    static Optimizer adam(double lr) {
        return new Adam(lr, 0.9, 0.999, 1e-8);
    }
}
