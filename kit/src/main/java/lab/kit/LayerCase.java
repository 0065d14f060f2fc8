package lab.kit;

import java.util.List;

import lab.reference.Architecture;
import lab.reference.Shape;

/**
 * One case a layer is checked on: the batch size, the shape of one input example and the layer's own
 * settings, as the text form's layers ({@code conv(4,k3,s2,p1)}). What the user's factory receives to
 * build their layer for the case: read the settings from {@link #layer(Class)}.
 *
 * @param batch  examples in the batch, N
 * @param input  one example's shape, C x H x W
 * @param layers the layers DL4J runs for this case (one, or a layer and its activation)
 */
public record LayerCase(int batch, Shape input, List<Architecture.Spec> layers) {

    public LayerCase {
        layers = List.copyOf(layers);
    }

    /** The case's layers in the text form, e.g. {@code conv(4,k3,s2,p1)}. */
    public String text() {
        return Architecture.text(layers);
    }

    /**
     * The first layer of this type, with this case's settings: {@code c.layer(Architecture.Conv.class).kh()}.
     */
    public <T extends Architecture.Spec> T layer(Class<T> type) {
        return layers.stream().filter(type::isInstance).map(type::cast).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(text() + " has no " + type.getSimpleName()
                        + " layer"));
    }

    /** The output shape of one example, as the reference's layers compute it. */
    public Shape output() {
        List<lab.reference.Layer> built = Architecture.layers(layers, input);
        return built.get(built.size() - 1).outputShape();
    }

    /** E.g. {@code conv(4,k3,s2,p1) on 2 x 3x9x7 -> 2 x 4x5x4 (N x C x H x W)}. */
    @Override
    public String toString() {
        Shape out = output();
        return text() + " on " + batch + " x " + dims(input) + " -> " + batch + " x " + dims(out) + " (N x C x H x W)";
    }

    private static String dims(Shape s) {
        return s.c() + "x" + s.h() + "x" + s.w();
    }
}
