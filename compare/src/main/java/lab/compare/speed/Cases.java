package lab.compare.speed;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Layer;
import lab.reference.Optimizer;
import lab.reference.Param;
import lab.reference.Shape;

/**
 * What the benchmarks run, at the experiment's shapes, and what each costs in floating-point operations,
 * counted from the shapes once, here: the JMH benchmarks (module {@code bench}) and {@code lab lesson}'s
 * table of what the library costs both time these cases ({@link Ways} builds them). Not a timer: the
 * benchmark classes and the lesson time, the bench's {@code Table} divides.
 *
 * <pre>
 * A model is a preset: book-cnn on 1x8x8, mlp and cnn on 1x28x28. A layer case is "model:i", the
 * reference layer i of that model (cnn:0 is its first conv, cnn:3 its second, mlp:0 its hidden dense).
 * FLOPs count multiply-adds as 2, in conv and dense layers only (activations, pooling, the loss and the
 * optimizer are left out), and count padded taps as work (the nominal count everyone quotes):
 *   forward of a layer with weights W, per example:  2 * |W| * OH * OW   (dense: OH = OW = 1)
 *   backward (dx and dW):                            2 * forward
 *   a training step:                                 3 * forward, summed over the layers
 * </pre>
 */
public final class Cases {

    /** The experiment's batch size. */
    public static final int BATCH = 32;

    /** The layer cases of the conv and dense benchmarks: every conv layer and the hidden dense ones. */
    public static final List<String> CONV_LAYERS = List.of("book-cnn:0", "cnn:0", "cnn:3");
    public static final List<String> DENSE_LAYERS = List.of("mlp:0", "cnn:6");

    private Cases() {
    }

    /** The input shape a preset was made for ({@link Architecture.Preset#side}): book-cnn 8x8, mlp and cnn 28x28. */
    public static Shape inputOf(String model) {
        int side = Architecture.preset(model).orElseThrow(() -> new IllegalArgumentException(
                "benchmarks run presets; '" + model + "' is not one")).side();
        return new Shape(1, side, side);
    }

    /**
     * The optimizer {@code lab} trains a benchmarked model with: the book's protocol (SGD, lr 0.1) for the
     * book's models on their 8x8 digits, the experiment's (Adam, lr 0.005) for the others.
     */
    public static Optimizer optimizerOf(String model) {
        return inputOf(model).h() == 8 ? Optimizer.sgd(0.1) : Optimizer.adam(0.005);
    }

    /** "cnn:3" -> the model's name. */
    public static String modelOf(String layerCase) {
        int colon = layerCase.indexOf(':');
        return colon < 0 ? layerCase : layerCase.substring(0, colon);
    }

    /** "cnn:3" -> 3. */
    public static int indexOf(String layerCase) {
        int colon = layerCase.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("a layer case is model:index, e.g. cnn:3; got '" + layerCase + "'");
        }
        return Integer.parseInt(layerCase.substring(colon + 1));
    }

    /** The reference layer of a layer case (parameters zero: only its shapes are wanted here). */
    public static Layer layerOf(String layerCase) {
        String model = modelOf(layerCase);
        return Architecture.of(model).layers(inputOf(model)).get(indexOf(layerCase));
    }

    /** Forward FLOPs of one example through one layer: 2 * |W| * OH * OW; 0 for layers without weights. */
    public static long forwardFlops(Layer layer) {
        for (Param p : layer.params()) {
            if (p.name().equals("W")) {
                Shape out = layer.outputShape();
                long positions = out.isVector() ? 1 : (long) out.h() * out.w();
                return 2L * p.size() * positions;
            }
        }
        return 0;
    }

    /** Forward FLOPs of one example through a whole model. */
    public static long forwardFlops(String model) {
        long sum = 0;
        for (Layer layer : Architecture.of(model).layers(inputOf(model))) {
            sum += forwardFlops(layer);
        }
        return sum;
    }

    /** FLOPs of one example for an operation: "train" on a model, or "fwd"/"bwd"/"fwd+bwd" on a layer case. */
    public static long flopsPerExample(String op, String subject) {
        return switch (op) {
            case "train" -> 3 * forwardFlops(subject);
            case "fwd" -> forwardFlops(layerOf(subject));
            case "bwd" -> 2 * forwardFlops(layerOf(subject));
            case "fwd+bwd" -> 3 * forwardFlops(layerOf(subject));
            default -> throw new IllegalArgumentException("unknown operation '" + op + "'");
        };
    }
}
