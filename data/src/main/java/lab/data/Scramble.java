package lab.data;

import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

import lab.reference.Dataset;
import lab.reference.Shuffle;

/**
 * A ladder of pixel scrambles, from harmless to total: each is a rule for drawing ONE fixed permutation
 * of an image's pixel positions from a seed (applied alike to every image, see
 * {@link Dataset#permutePixels}), and {@link #locality} measures how much of the image's neighbourhood
 * structure a drawn permutation leaves.
 *
 * <pre>
 *   full          every pixel anywhere (the permuted-pixel control)
 *   blocks:K      the image cut into K x K blocks; whole blocks change places, each block intact inside
 *   within:K      the image cut into K x K blocks; pixels change places only inside their own block
 *   fraction:P    a random share P of the pixels change places among themselves; the rest stay
 * </pre>
 *
 * Blocks need a side divisible by K. {@code fraction:0} is the identity, {@code fraction:1} a full
 * permutation drawn another way.
 */
public record Scramble(Kind kind, int block, double fraction) {

    public enum Kind { FULL, BLOCKS, WITHIN, FRACTION }

    public static final Scramble FULL = new Scramble(Kind.FULL, 0, 1);

    public Scramble {
        if ((kind == Kind.BLOCKS || kind == Kind.WITHIN) && block < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + block);
        }
        if (kind == Kind.FRACTION && !(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, got " + fraction);
        }
    }

    /** {@code full}, {@code blocks:K}, {@code within:K} or {@code fraction:P}; null means full. */
    public static Scramble parse(String text) {
        if (text == null || text.isBlank() || text.trim().equalsIgnoreCase("full")) {
            return FULL;
        }
        String t = text.trim().toLowerCase(Locale.ROOT);
        int colon = t.indexOf(':');
        String name = colon < 0 ? t : t.substring(0, colon);
        String arg = colon < 0 ? "" : t.substring(colon + 1);
        try {
            return switch (name) {
                case "blocks" -> new Scramble(Kind.BLOCKS, Integer.parseInt(arg), 1);
                case "within" -> new Scramble(Kind.WITHIN, Integer.parseInt(arg), 1);
                case "fraction" -> new Scramble(Kind.FRACTION, 0, Double.parseDouble(arg));
                default -> throw new IllegalArgumentException("unknown kind '" + name + "'");
            };
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new IllegalArgumentException("scramble '" + text + "': " + (e instanceof NumberFormatException
                    ? "'" + arg + "' is not a number" : e.getMessage()) + "; use full, blocks:K, within:K or "
                    + "fraction:P (K a block side, P between 0 and 1)");
        }
    }

    @Override
    public String toString() {
        return switch (kind) {
            case FULL -> "full";
            case BLOCKS -> "blocks:" + block;
            case WITHIN -> "within:" + block;
            case FRACTION -> "fraction:" + fraction;
        };
    }

    /**
     * The permutation for {@code h x w} images drawn from {@code seed}: output pixel j takes input pixel
     * {@code perm[j]} (positions row-major), as {@link Dataset#permutePixels} reads it.
     */
    public int[] permutation(int h, int w, long seed) {
        Random rng = new Random(seed);
        return switch (kind) {
            case FULL -> Dataset.randomPermutation(h * w, seed);
            case FRACTION -> fractionOf(h * w, rng);
            case BLOCKS, WITHIN -> blockwise(h, w, rng);
        };
    }

    /** round(P * n) positions drawn at random, then shuffled among themselves. */
    private int[] fractionOf(int n, Random rng) {
        int[] perm = identity(n);
        int[] chosen = identity(n);
        Shuffle.shuffle(chosen, rng);
        int m = (int) Math.round(fraction * n);
        int[] moved = Arrays.copyOf(chosen, m);
        Shuffle.shuffle(moved, rng);
        for (int i = 0; i < m; i++) {
            perm[chosen[i]] = moved[i];
        }
        return perm;
    }

    private int[] blockwise(int h, int w, Random rng) {
        if (h % block != 0 || w % block != 0) {
            throw new IllegalArgumentException("scramble " + this + " cuts the image into " + block + " x " + block
                    + " blocks, but " + h + " x " + w + " images do not divide into them");
        }
        int rows = h / block;
        int cols = w / block;
        int[] perm = new int[h * w];
        int[] blockOrder = identity(rows * cols);
        if (kind == Kind.BLOCKS) {
            Shuffle.shuffle(blockOrder, rng);
        }
        for (int b = 0; b < rows * cols; b++) {
            int src = blockOrder[b]; // output block b shows input block src
            int[] inside = identity(block * block);
            if (kind == Kind.WITHIN) {
                Shuffle.shuffle(inside, rng); // each block its own shuffle, in block order
            }
            for (int k = 0; k < block * block; k++) {
                int outRow = (b / cols) * block + k / block;
                int outCol = (b % cols) * block + k % block;
                int inRow = (src / cols) * block + inside[k] / block;
                int inCol = (src % cols) * block + inside[k] % block;
                perm[outRow * w + outCol] = inRow * w + inCol;
            }
        }
        return perm;
    }

    /**
     * How much locality a permutation leaves: of the pairs of output pixels that are 4-neighbours, the
     * fraction whose source pixels were 4-neighbours too. 1 for the identity; near 4/(h*w) for a full
     * permutation (what chance gives).
     */
    public static double locality(int[] perm, int h, int w) {
        Dataset.checkPermutation(perm, h * w);
        int pairs = 0;
        int kept = 0;
        for (int r = 0; r < h; r++) {
            for (int c = 0; c < w; c++) {
                if (c + 1 < w) {
                    pairs++;
                    kept += adjacent(perm[r * w + c], perm[r * w + c + 1], w) ? 1 : 0;
                }
                if (r + 1 < h) {
                    pairs++;
                    kept += adjacent(perm[r * w + c], perm[(r + 1) * w + c], w) ? 1 : 0;
                }
            }
        }
        return pairs == 0 ? 1 : (double) kept / pairs;
    }

    private static boolean adjacent(int a, int b, int w) {
        int dr = Math.abs(a / w - b / w);
        int dc = Math.abs(a % w - b % w);
        return dr + dc == 1;
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        Arrays.setAll(a, i -> i);
        return a;
    }
}
