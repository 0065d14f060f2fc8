package lab.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import lab.reference.Dataset;
import lab.reference.Shape;

/**
 * Loaders: the two embedded sets, IDX files (MNIST, Fashion-MNIST), and UCI optdigits CSV. Pixels are
 * normalised to [0, 1] (IDX bytes / 255, optdigits counts / 16). Nothing is downloaded: files come
 * from the class path or from paths the user gives. Every problem is a {@link DataException} that
 * names the file.
 */
public final class DataSets {

    /** MNIST, Fashion-MNIST and optdigits all have ten classes. */
    public static final int CLASSES = 10;

    private static final String RESOURCES = "/lab/data/";

    private DataSets() {
    }

    /** The embedded 1,797 pre-pooled 8x8 digits (the UCI optdigits test set), no split of its own. */
    public static Dataset digits8() {
        try (InputStream in = resource("digits8.csv.gz")) {
            return optdigitsCsv(new GZIPInputStream(in), "digits8", "digits8 (embedded)");
        } catch (IOException e) {
            throw new DataException("embedded digits8: " + e.getMessage(), e);
        }
    }

    /** The embedded 10,000 raw 28x28 MNIST digits, ordered by label; no split of its own. */
    public static Dataset mnist10k() {
        try (InputStream images = resource("mnist10k-images-idx3-ubyte.gz");
             InputStream labels = resource("mnist10k-labels-idx1-ubyte.gz")) {
            return idx(images, labels, "mnist10k", "mnist10k (embedded)");
        } catch (IOException e) {
            throw new DataException("embedded mnist10k: " + e.getMessage(), e);
        }
    }

    /** An images file and a labels file in IDX format, plain or gzipped. */
    public static Dataset idx(Path images, Path labels, String name) {
        try (InputStream i = open(images); InputStream l = open(labels)) {
            return idx(i, l, name, images + " / " + labels.getFileName());
        } catch (IOException e) {
            throw new DataException(name + ": " + e.getMessage(), e);
        }
    }

    static Dataset idx(InputStream imagesIn, InputStream labelsIn, String name, String source) {
        Idx.Images images = Idx.readImages(imagesIn, source + " (images)");
        int[] labels = Idx.readLabels(labelsIn, source + " (labels)");
        if (labels.length != images.count()) {
            throw new DataException(source + ": " + images.count() + " images but " + labels.length
                    + " labels; the two files do not belong together");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] >= CLASSES) {
                throw new DataException(source + ": label " + labels[i] + " of image " + i + " is outside 0.."
                        + (CLASSES - 1));
            }
        }
        double[] x = new double[images.pixels().length];
        for (int i = 0; i < x.length; i++) {
            x[i] = (images.pixels()[i] & 0xff) / 255.0;
        }
        return new Dataset(name, x, labels, new Shape(1, images.rows(), images.cols()), CLASSES);
    }

    /** A UCI optdigits CSV file (optdigits.tra / .tes): 64 counts 0..16 then the label, one digit a line. */
    public static Dataset optdigitsCsv(Path file, String name) {
        try (InputStream in = open(file)) {
            return optdigitsCsv(in, name, file.toString());
        } catch (IOException e) {
            throw new DataException(name + ": " + e.getMessage(), e);
        }
    }

    static Dataset optdigitsCsv(InputStream raw, String name, String source) {
        List<double[]> rows = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(raw, StandardCharsets.US_ASCII))) {
            String line;
            int lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = line.trim().split(",");
                if (fields.length != 65) {
                    throw new DataException(source + ", line " + lineNo + ": " + fields.length
                            + " fields; optdigits has 64 pixel counts then the label");
                }
                double[] pixels = new double[64];
                for (int j = 0; j < 64; j++) {
                    int v = parse(fields[j], source, lineNo, j + 1);
                    if (v < 0 || v > 16) {
                        throw new DataException(source + ", line " + lineNo + ", field " + (j + 1) + ": pixel count " + v
                                + " is outside 0..16");
                    }
                    pixels[j] = v / 16.0;
                }
                int label = parse(fields[64], source, lineNo, 65);
                if (label < 0 || label >= CLASSES) {
                    throw new DataException(source + ", line " + lineNo + ": label " + label + " is outside 0.."
                            + (CLASSES - 1));
                }
                rows.add(pixels);
                labels.add(label);
            }
        } catch (IOException e) {
            throw new DataException(source + ": cannot read: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new DataException(source + ": no digits in the file");
        }
        double[] x = new double[rows.size() * 64];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, x, i * 64, 64);
        }
        return new Dataset(name, x, labels.stream().mapToInt(Integer::intValue).toArray(), new Shape(1, 8, 8), CLASSES);
    }

    private static int parse(String field, String source, int line, int column) {
        try {
            return Integer.parseInt(field.trim());
        } catch (NumberFormatException e) {
            throw new DataException(source + ", line " + line + ", field " + column + ": '" + field
                    + "' is not a whole number (is this an optdigits CSV file?)");
        }
    }

    private static InputStream open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new DataException(file + ": is a directory, not a data file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new DataException(file + ": no such file");
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DataSets.class.getResourceAsStream(RESOURCES + name);
        if (in == null) {
            throw new DataException("embedded data file " + name + " is missing from the class path (a broken build?)");
        }
        return in;
    }
}
