package lab.compare.study;

import java.util.ArrayList;
import java.util.List;

import lab.compare.run.Stack;
import lab.reference.Architecture;
import lab.reference.Shape;

/**
 * The rungs of {@link Params}: each family's network over a ladder of widths, as the text form both stacks
 * build from, and which stack runs which rung. Parameter counts come from the layers themselves
 * ({@link Architecture#parameterCount}), never typed. Not the study's report: only what it trains.
 */
public final class Ladder {

    /** A family of networks: one line of the plot. The book's two models are marked points, not a line. */
    public enum Family {
        MLP, CNN, LCN, BOOK;

        @Override
        public String toString() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * One network of the ladder: its family, its width in words ("128" units, "8/16" channels, or the book
     * model's name) and its text form.
     */
    public record Rung(Family family, String width, String arch) {

        /** Its trainable parameters on {@code side x side} grey images. */
        long parameters(int side) {
            return Architecture.of(arch).parameterCount(new Shape(1, side, side));
        }

        /** "mlp 128", "cnn 8/16", "book-cnn". */
        public String label() {
            return family == Family.BOOK ? width : family + " " + width;
        }

        /** The rung a text form of this ladder (or a book preset's name) stands for. */
        public static Rung of(String arch) {
            if (arch.startsWith("book-")) {
                return new Rung(Family.BOOK, arch, arch);
            }
            List<Architecture.Spec> specs = Architecture.of(arch).specs();
            List<Integer> conv = specs.stream().filter(Architecture.Conv.class::isInstance)
                    .map(s -> ((Architecture.Conv) s).filters()).toList();
            List<Integer> local = specs.stream().filter(Architecture.Local.class::isInstance)
                    .map(s -> ((Architecture.Local) s).filters()).toList();
            if (!conv.isEmpty()) {
                return new Rung(Family.CNN, conv.get(0) + "/" + conv.get(1), arch);
            }
            if (!local.isEmpty()) {
                return new Rung(Family.LCN, local.get(0) + "/" + local.get(1), arch);
            }
            return new Rung(Family.MLP, Integer.toString(((Architecture.Dense) specs.get(0)).units()), arch);
        }
    }

    /** The mlp's hidden units: a handful up to about a thousand, doubling. */
    static final List<Integer> MLP_UNITS = List.of(4, 8, 16, 32, 64, 128, 256, 512, 1024);

    /** The cnn's and lcn's first-block channels (the second block has twice as many): the preset's 8/16 x 1/8 .. 4. */
    static final List<Integer> CHANNELS = List.of(1, 2, 4, 8, 16, 32);

    /** The preset widths: mlp 128 units, cnn and lcn 8/16 channels. */
    static final int PRESET_UNITS = 128;
    static final int PRESET_CHANNELS = 8;

    /**
     * The lcn's widest first block on images larger than 8x8 (on 8x8 it climbs the whole ladder). Its locally
     * connected layers run only on the naive loops, and their cost grows with the product of the two blocks'
     * channels and with the positions: on 28x28 about 380 images/s at 8/16 (20 s a run of 7,500 images) but
     * 50 at 16/32 (2.7 min a run with its evaluation: 16 runs on each of two 28x28 sets would add about 45
     * minutes on 2 workers); on 8x8 32/64 takes about 20 s a run.
     */
    static final int LCN_MAX_CHANNELS_28 = 8;

    private static final List<Integer> QUICK_UNITS = List.of(8, 32, 128);
    private static final List<Integer> QUICK_CHANNELS = List.of(2, 8);

    private Ladder() {
    }

    /** The mlp family's text form at {@code units} hidden units. */
    public static String mlp(int units) {
        return "dense(" + units + ")-relu-dense(10)";
    }

    /** The cnn preset's two conv blocks with {@code c} and {@code 2c} channels; lcn the same with local layers. */
    public static String twoBlocks(String layer, int c) {
        return layer + "(" + c + ",k3,p1)-relu-maxpool(2)-" + layer + "(" + 2 * c + ",k3,p1)-relu-maxpool(2)-dense(10)";
    }

    /** The lcn's widest first block for images of this side: the whole ladder on 8x8, else capped. */
    static int lcnCap(int side) {
        return side <= 8 ? CHANNELS.get(CHANNELS.size() - 1) : LCN_MAX_CHANNELS_28;
    }

    /**
     * The rungs for images of {@code side}, family by family, narrowest first: mlp, cnn, lcn (capped, see
     * {@link #lcnCap}), and on 8x8 the book's two models. Quick: three mlp widths, two channel counts.
     */
    static List<Rung> rungs(int side, boolean quick) {
        List<Rung> rungs = new ArrayList<>();
        for (int units : quick ? QUICK_UNITS : MLP_UNITS) {
            rungs.add(new Rung(Family.MLP, Integer.toString(units), mlp(units)));
        }
        List<Integer> channels = quick ? QUICK_CHANNELS : CHANNELS;
        for (int c : channels) {
            rungs.add(new Rung(Family.CNN, c + "/" + 2 * c, twoBlocks("conv", c)));
        }
        for (int c : channels) {
            if (c <= lcnCap(side)) {
                rungs.add(new Rung(Family.LCN, c + "/" + 2 * c, twoBlocks("local", c)));
            }
        }
        if (side == 8) {
            rungs.add(new Rung(Family.BOOK, "book-mlp", "book-mlp"));
            rungs.add(new Rung(Family.BOOK, "book-cnn", "book-cnn"));
        }
        return rungs;
    }

    /** Whether a rung is at a preset's width (mlp 128, cnn and lcn 8/16) or is one of the book's models. */
    static boolean preset(Rung r) {
        return switch (r.family()) {
            case MLP -> r.width().equals(Integer.toString(PRESET_UNITS));
            case CNN, LCN -> r.width().equals(PRESET_CHANNELS + "/" + 2 * PRESET_CHANNELS);
            case BOOK -> true;
        };
    }

    /**
     * Whether {@code stack} runs a rung, when the plan has {@code stacks}: the reference runs every rung;
     * DL4J (about 10x slower on these CNNs, and slower still on locally connected layers) runs every rung
     * only when it runs alone, and beside the reference only the preset rungs ({@link #preset}), without
     * the lcn on images larger than 8x8 (there about 180 images/s: 40 s a run).
     */
    static boolean runs(Stack stack, Rung r, int side, List<Stack> stacks) {
        if (stack == Stack.REFERENCE || !stacks.contains(Stack.REFERENCE)) {
            return true;
        }
        return preset(r) && !(r.family() == Family.LCN && side > 8);
    }

    /** The rule of {@link #runs} in words, for the report and --help. */
    static final String DL4J_RULE = "DL4J runs the preset widths (mlp 128, cnn 8/16, lcn 8/16 on 8x8 only) and the "
            + "book's two models; the reference runs every rung";
}
