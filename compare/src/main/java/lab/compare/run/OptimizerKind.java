package lab.compare.run;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import lab.dl4j.Dl4jNetworks;
import lab.reference.Optimizer;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The optimizers both stacks have, in DL4J's formulation: the one place that maps a name to the
 * reference's {@link Optimizer} (and, through {@link Dl4jNetworks#updater}, to DL4J's updater).
 */
public enum OptimizerKind {
    SGD,
    NESTEROVS,
    ADAM;

    /** A fresh reference optimizer (each keeps its own state, so one per network). */
    public Optimizer reference(double lr, double momentum) {
        return switch (this) {
            case SGD -> Optimizer.sgd(lr);
            case NESTEROVS -> Optimizer.nesterovs(lr, momentum);
            case ADAM -> Optimizer.adam(lr);
        };
    }

    /** DL4J's updater for the same optimizer (mapped from the reference's by {@link Dl4jNetworks#updater}). */
    public IUpdater dl4j(double lr, double momentum) {
        return Dl4jNetworks.updater(reference(lr, momentum));
    }

    /** Parses sgd, nesterovs (or nesterov) or adam, in any case. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static OptimizerKind parse(String text) {
        if (text != null && text.trim().equalsIgnoreCase("nesterov")) {
            return NESTEROVS;
        }
        return Wire.parse(values(), text, "unknown optimizer '" + text + "'; choose sgd, nesterovs or adam");
    }

    @JsonValue
    @Override
    public String toString() {
        return Wire.name(this);
    }
}
