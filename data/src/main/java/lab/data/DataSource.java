package lab.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Data sets by name, as the command line takes them:
 * <pre>
 *   digits8           embedded 1,797 pre-pooled 8x8 digits (stratified split)
 *   mnist10k          embedded 10,000 raw 28x28 MNIST digits (stratified split)
 *   optdigits:DIR     UCI optdigits.tra / optdigits.tes in DIR (the book's 3,823 / 1,797 split)
 *   idx:DIR           train-images-idx3-ubyte[.gz], train-labels-idx1-ubyte[.gz], t10k-... in DIR
 *                     (MNIST, Fashion-MNIST; their own split)
 *   fashion           idx:/usr/share/datasets/fashion-mnist (Debian package dataset-fashion-mnist)
 * </pre>
 */
public final class DataSource {

    public static final String HELP = """
            digits8 (embedded, 8x8), mnist10k (embedded, 28x28), optdigits:DIR (UCI optdigits.tra/.tes), \
            idx:DIR (MNIST-style IDX files), fashion (Debian's dataset-fashion-mnist)""";

    private static final Path FASHION = Path.of("/usr/share/datasets/fashion-mnist");

    private DataSource() {
    }

    /** Whether Debian's Fashion-MNIST is installed where {@code fashion} looks for it. */
    public static boolean fashionInstalled() {
        return Files.isDirectory(FASHION);
    }

    /**
     * Loads {@code name} and its split. Sets without their own split are split stratified with
     * {@code testFraction} and {@code splitSeed}.
     */
    public static Split load(String name, double testFraction, long splitSeed) {
        String spec = name.trim();
        if (spec.equals("digits8")) {
            return Split.stratified(DataSets.digits8(), testFraction, splitSeed);
        }
        if (spec.equals("mnist10k")) {
            return Split.stratified(DataSets.mnist10k(), testFraction, splitSeed);
        }
        if (spec.equals("fashion")) {
            if (!fashionInstalled()) {
                throw new DataException("fashion: " + FASHION + " does not exist; install Debian's package "
                        + "dataset-fashion-mnist (apt-get install dataset-fashion-mnist), or give idx:DIR");
            }
            return idxDir("fashion", FASHION);
        }
        if (spec.startsWith("optdigits:")) {
            Path dir = Path.of(spec.substring("optdigits:".length()));
            Path tra = dir.resolve("optdigits.tra");
            Path tes = dir.resolve("optdigits.tes");
            return new Split(DataSets.optdigitsCsv(tra, "optdigits-train"), DataSets.optdigitsCsv(tes, "optdigits-test"),
                    "UCI optdigits split (" + tra + " / " + tes + ")");
        }
        if (spec.startsWith("idx:")) {
            Path dir = Path.of(spec.substring("idx:".length()));
            return idxDir(dir.getFileName() == null ? "idx" : dir.getFileName().toString(), dir);
        }
        throw new DataException("unknown data set '" + name + "'; known: " + HELP);
    }

    private static Split idxDir(String name, Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DataException(dir + ": not a directory (idx:DIR wants the folder holding the IDX files)");
        }
        return new Split(
                DataSets.idx(find(dir, "train-images-idx3-ubyte"), find(dir, "train-labels-idx1-ubyte"), name + "-train"),
                DataSets.idx(find(dir, "t10k-images-idx3-ubyte"), find(dir, "t10k-labels-idx1-ubyte"), name + "-test"),
                "the set's own train/test split (" + dir + ")");
    }

    private static Path find(Path dir, String base) {
        for (String candidate : List.of(base, base + ".gz", base.replace("-idx", ".idx"),
                base.replace("-idx", ".idx") + ".gz")) {
            if (Files.isRegularFile(dir.resolve(candidate))) {
                return dir.resolve(candidate);
            }
        }
        throw new DataException(dir + ": no " + base + " or " + base + ".gz");
    }
}
