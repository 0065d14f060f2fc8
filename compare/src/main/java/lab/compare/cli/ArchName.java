package lab.compare.cli;

import java.util.List;

import lab.reference.Architecture;

/**
 * An --arch value as a run records it: a preset named in another case ({@code CNN}, {@code Book-CNN}) becomes
 * the preset's own name, so the spec, the results and the report say {@code cnn}, and the preset's own
 * initialiser applies (auto is uniform for book-cnn). Not a second parser: a text form goes as given to
 * {@link Architecture#of}, which stays strict, and names no preset list of its own.
 */
final class ArchName {

    private ArchName() {
    }

    /**
     * The preset's own name if {@code given} names exactly one preset ignoring case, else {@code given}.
     * Presets are names, and a name typed in capitals means the same preset, but only when that is
     * unambiguous: an exact name wins, and a spelling that two presets share in different cases is left as
     * given, for {@link Architecture#of} to refuse with its list of presets.
     */
    static String of(String given) {
        if (Architecture.preset(given).isPresent()) {
            return given;
        }
        List<String> matches = Architecture.presets().stream().map(Architecture.Preset::name)
                .filter(name -> name.equalsIgnoreCase(given.trim())).toList();
        return matches.size() == 1 ? matches.get(0) : given;
    }
}
