package lab.kit;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

import lab.reference.Architecture;
import lab.reference.Shape;

/**
 * The cases of one check as vectors of whole numbers, which is what the shrinker works on: batch 1..4,
 * channels 1..3, height and width 1..10, then each setting the user lets vary ({@link Setting}), layer by
 * layer, one number per axis. A vector whose layers do not fit its input is not a case ({@link #decode}
 * says so). Not a generator of architectures: the layers are the user's, only their numbers move.
 */
final class CaseSpace {

    /** One whole number of the case: its name (for messages) and range; shrinking goes toward min. */
    record Slot(String name, int min, int max) {
    }

    private final List<Architecture.Spec> layers;
    private final Set<Setting> varying;
    private final List<Slot> slots = new ArrayList<>();

    CaseSpace(List<Architecture.Spec> layers, Set<Setting> varying) {
        this.layers = List.copyOf(layers);
        this.varying = Set.copyOf(varying);
        slots.add(new Slot("batch", 1, 4));
        slots.add(new Slot("channels", 1, 3));
        slots.add(new Slot("height", 1, 10));
        slots.add(new Slot("width", 1, 10));
        for (Architecture.Spec spec : layers) {
            for (Setting s : Setting.values()) {
                if (!varying.contains(s)) {
                    continue;
                }
                for (String axis : axes(spec, s)) {
                    slots.add(new Slot(spec + " " + s.name().toLowerCase() + axis, s.min, s.max));
                }
            }
        }
    }

    /**
     * The axes a setting has on a layer: none if the layer has no such setting. Padding does not vary where the
     * layer computes its own (Same) or has none (the short form of a pool, whose windows tile).
     */
    private static List<String> axes(Architecture.Spec spec, Setting s) {
        boolean convLike = spec instanceof Architecture.Conv || spec instanceof Architecture.Local
                || spec instanceof Architecture.DepthwiseConv || spec instanceof Architecture.Deconv;
        boolean pool = spec instanceof Architecture.Pool;
        boolean ownPadding = spec instanceof Architecture.Conv k && k.same()
                || spec instanceof Architecture.Pool q && (q.same() || q.tiles());
        return switch (s) {
            case FILTERS -> convLike ? List.of("") : List.of();
            case UNITS -> spec instanceof Architecture.Dense ? List.of("") : List.of();
            case KERNEL, STRIDE -> convLike || pool ? List.of(" H", " W") : List.of();
            case PADDING -> (convLike || pool) && !ownPadding ? List.of(" H", " W") : List.of();
        };
    }

    List<Slot> slots() {
        return slots;
    }

    int[] minimum() {
        return slots.stream().mapToInt(Slot::min).toArray();
    }

    int[] random(Random rng) {
        return slots.stream().mapToInt(s -> s.min() + rng.nextInt(s.max() - s.min() + 1)).toArray();
    }

    /** The case this vector stands for, or empty if its layers do not fit its input. */
    Optional<LayerCase> decode(int[] v) {
        Cursor c = new Cursor(v);
        List<Architecture.Spec> specs = new ArrayList<>();
        List<Integer> tiling = new ArrayList<>();
        for (Architecture.Spec spec : layers) {
            // Every setting not varying is kept as written (dilation, Same, nobias, a pool's form).
            if (spec instanceof Architecture.Conv k) {
                specs.add(new Architecture.Conv(c.take(Setting.FILTERS, k.filters()), c.take(Setting.KERNEL, k.kh()),
                        c.take(Setting.KERNEL, k.kw()), c.take(Setting.STRIDE, k.sh()), c.take(Setting.STRIDE, k.sw()),
                        k.same() ? 0 : c.take(Setting.PADDING, k.ph()), k.same() ? 0 : c.take(Setting.PADDING, k.pw()),
                        k.dh(), k.dw(), k.same(), k.bias()));
            } else if (spec instanceof Architecture.Local k) {
                specs.add(new Architecture.Local(c.take(Setting.FILTERS, k.filters()), c.take(Setting.KERNEL, k.kh()),
                        c.take(Setting.KERNEL, k.kw()), c.take(Setting.STRIDE, k.sh()), c.take(Setting.STRIDE, k.sw()),
                        c.take(Setting.PADDING, k.ph()), c.take(Setting.PADDING, k.pw()), k.bias()));
            } else if (spec instanceof Architecture.DepthwiseConv k) {
                specs.add(new Architecture.DepthwiseConv(c.take(Setting.FILTERS, k.multiplier()),
                        c.take(Setting.KERNEL, k.kh()), c.take(Setting.KERNEL, k.kw()), c.take(Setting.STRIDE, k.sh()),
                        c.take(Setting.STRIDE, k.sw()), c.take(Setting.PADDING, k.ph()), c.take(Setting.PADDING, k.pw()),
                        k.bias()));
            } else if (spec instanceof Architecture.Deconv k) {
                specs.add(new Architecture.Deconv(c.take(Setting.FILTERS, k.filters()), c.take(Setting.KERNEL, k.kh()),
                        c.take(Setting.KERNEL, k.kw()), c.take(Setting.STRIDE, k.sh()), c.take(Setting.STRIDE, k.sw()),
                        c.take(Setting.PADDING, k.ph()), c.take(Setting.PADDING, k.pw()), k.bias()));
            } else if (spec instanceof Architecture.Pool q && q.tiles()) {
                // The short form's promise, that its windows tile the input, holds for every case drawn from it
                // (checked below), whatever window and stride the case varies to.
                tiling.add(specs.size());
                specs.add(new Architecture.Pool(q.kind(), c.take(Setting.KERNEL, q.kh()), c.take(Setting.KERNEL, q.kw()),
                        c.take(Setting.STRIDE, q.sh()), c.take(Setting.STRIDE, q.sw())));
            } else if (spec instanceof Architecture.Pool q) {
                specs.add(new Architecture.Pool(q.kind(), c.take(Setting.KERNEL, q.kh()), c.take(Setting.KERNEL, q.kw()),
                        c.take(Setting.STRIDE, q.sh()), c.take(Setting.STRIDE, q.sw()),
                        q.same() ? 0 : c.take(Setting.PADDING, q.ph()), q.same() ? 0 : c.take(Setting.PADDING, q.pw()),
                        q.same(), false));
            } else if (spec instanceof Architecture.Dense d) {
                specs.add(new Architecture.Dense(c.take(Setting.UNITS, d.units()), d.bias()));
            } else {
                specs.add(spec);
            }
        }
        Shape in = new Shape(v[1], v[2], v[3]);
        List<lab.reference.Layer> built;
        try {
            built = Architecture.layers(specs, in);
        } catch (IllegalArgumentException doesNotFit) {
            return Optional.empty();
        }
        for (int i : tiling) {
            Architecture.Pool q = (Architecture.Pool) specs.get(i);
            Shape at = built.get(i).inputShape();
            if ((at.h() - q.kh()) % q.sh() != 0 || (at.w() - q.kw()) % q.sw() != 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new LayerCase(v[0], in, specs));
    }

    /** Reads the varying settings' numbers in the order the constructor laid out their slots. */
    private final class Cursor {
        private final int[] v;
        private int at = 4; // after batch, channels, height, width

        Cursor(int[] v) {
            this.v = v;
        }

        int take(Setting s, int written) {
            return varying.contains(s) ? v[at++] : written;
        }
    }
}
