package lab.compare.cli;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * The real names nearest to a mistyped one, for "did you mean": those the fewest edits away, and none if even
 * they are too far. Not picocli's suggestions, which are the options sharing the word's first two letters:
 * those miss {@code --sacks} (for --stacks) and offer --stacks for {@code --strange}.
 */
final class Nearest {

    private Nearest() {
    }

    /**
     * The names fewest edits from {@code word} (a letter inserted, deleted or changed, or two neighbours
     * swapped; case ignored), if that is at most 2 and at most half the word's letters (its leading dashes
     * not counted): {@code --stack} finds --stacks and {@code --epoc} finds --epochs, while {@code --bar}
     * finds nothing, though it is two edits from --lr.
     */
    static List<String> to(String word, Collection<String> names) {
        int letters = word.replaceFirst("^-+", "").length();
        int most = Math.min(2, letters / 2);
        int best = names.stream().mapToInt(n -> edits(word, n)).min().orElse(Integer.MAX_VALUE);
        return best > most ? List.of() : names.stream().filter(n -> edits(word, n) == best).distinct().toList();
    }

    /** The optimal-string-alignment distance between a and b, ignoring case (a swap of neighbours is one edit). */
    static int edits(String a, String b) {
        String s = a.toLowerCase(Locale.ROOT);
        String t = b.toLowerCase(Locale.ROOT);
        int[][] d = new int[s.length() + 1][t.length() + 1]; // d[i][j]: edits from s's first i to t's first j
        for (int i = 0; i <= s.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= t.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= s.length(); i++) {
            for (int j = 1; j <= t.length(); j++) {
                int change = s.charAt(i - 1) == t.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + change);
                if (i > 1 && j > 1 && s.charAt(i - 1) == t.charAt(j - 2) && s.charAt(i - 2) == t.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1); // neighbours swapped
                }
            }
        }
        return d[s.length()][t.length()];
    }
}
