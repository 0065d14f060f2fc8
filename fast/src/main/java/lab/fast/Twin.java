package lab.fast;

import java.util.List;
import java.util.Optional;

import lab.reference.Init;
import lab.reference.Layer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * What every fast twin is besides its kernels: its spec layer's shapes, text form, parameters (the same
 * {@code Param} objects, so training the twin trains the spec) and fans, all asked of the spec layer.
 * A twin writes only forward and backward; it is not a place for anything else.
 */
abstract class Twin<L extends Layer> implements Layer {

    /** The spec layer this twin runs faster: its geometry, its parameters. */
    protected final L spec;

    Twin(L spec) {
        this.spec = spec;
    }

    @Override
    public final List<Param> params() {
        return spec.params();
    }

    @Override
    public final Optional<Init.Fans> fans() {
        return spec.fans();
    }

    @Override
    public final Shape inputShape() {
        return spec.inputShape();
    }

    @Override
    public final Shape outputShape() {
        return spec.outputShape();
    }

    @Override
    public final String describe() {
        return spec.describe();
    }
}
