package lab.kit;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import lab.dl4j.Dl4jParams;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy {@code .npy} files in and out, through ND4J ({@code Nd4j.createFromNpyFile}, {@code Nd4j.writeAsNumpy}),
 * with a guard in front of the reader: ND4J 1.0.0-M2.1 aborts the whole JVM on a big-endian file (an
 * assertion in its native cnpy) and silently reads a Fortran-ordered array in the wrong order, so the
 * header is checked here first (magic, version 1, little-endian float32 or float64, C order, and a file
 * long enough for its shape), and any other file is refused in one line that names it and the problem.
 * Not a general npy library: only what the kit's tensors need.
 */
public final class NpyFiles {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([^']*)'");
    private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
    private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

    /** A tensor read from a file: its values as doubles, row-major; its shape; float32 or float64. */
    public record Array(Path file, double[] values, long[] shape, DataType dtype) {
        /** The shape as numpy prints it, e.g. {@code (2, 3, 5, 5)}. */
        public String shapeText() {
            return shapeText(shape);
        }

        static String shapeText(long[] shape) {
            String inner = String.join(", ", Arrays.stream(shape).mapToObj(Long::toString).toList());
            return "(" + inner + (shape.length == 1 ? ",)" : ")");
        }
    }

    private NpyFiles() {
    }

    /** Reads a float32 or float64 array; anything else throws IllegalArgumentException naming the file. */
    public static Array read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + ": no such file");
        }
        byte[] head = new byte[10];
        String header;
        long size;
        try (InputStream in = Files.newInputStream(file)) {
            size = Files.size(file);
            if (in.readNBytes(head, 0, 10) < 10 || !Arrays.equals(Arrays.copyOf(head, 6), MAGIC)) {
                throw new IllegalArgumentException(file + ": not a NumPy .npy file (it does not start with \\x93NUMPY)");
            }
            if (head[6] != 1) {
                throw new IllegalArgumentException(file + ": .npy format version " + head[6] + "; this reader takes"
                        + " version 1, which numpy.save writes for any array of ordinary rank");
            }
            int length = (head[8] & 0xff) | (head[9] & 0xff) << 8;
            header = new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
            if (header.length() < length) {
                throw new IllegalArgumentException(file + ": truncated .npy header");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": cannot read: " + e.getMessage(), e);
        }
        DataType dtype = dtype(file, field(file, DESCR, header, "descr"));
        if (field(file, FORTRAN, header, "fortran_order").equals("True")) {
            throw new IllegalArgumentException(file + ": Fortran-ordered array; save it in C order "
                    + "(np.save(f, np.ascontiguousarray(a)))");
        }
        String dims = field(file, SHAPE, header, "shape").trim();
        long[] shape = dims.isEmpty() ? new long[0] : Arrays.stream(dims.split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        long count = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        long expected = 10 + header.length() + count * (dtype == DataType.DOUBLE ? 8 : 4);
        if (size != expected) {
            throw new IllegalArgumentException(file + ": " + size + " bytes, but its header says "
                    + Array.shapeText(shape) + " of " + dtype.name().toLowerCase() + ", which takes " + expected);
        }
        INDArray a = Nd4j.createFromNpyFile(file.toFile());
        return new Array(file, Dl4jParams.values(a), shape, dtype);
    }

    /** Writes {@code values} (row-major) of {@code shape} as a float64 .npy file. */
    public static void write(Path file, double[] values, long[] shape) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Nd4j.writeAsNumpy(Nd4j.create(values, shape, 'c'), file.toFile());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    private static String field(Path file, Pattern p, String header, String name) {
        Matcher m = p.matcher(header);
        if (!m.find()) {
            throw new IllegalArgumentException(file + ": .npy header has no '" + name + "': " + header.trim());
        }
        return m.group(1);
    }

    private static DataType dtype(Path file, String descr) {
        return switch (descr) {
            case "<f8" -> DataType.DOUBLE;
            case "<f4" -> DataType.FLOAT;
            default -> throw new IllegalArgumentException(file + ": dtype '" + descr + "' (" + numpyName(descr)
                    + "); expected float64 ('<f8') or float32 ('<f4'), little-endian: a.astype(np.float64)");
        };
    }

    /** numpy's name for a descr, for the error message: '<i8' is int64, '>f8' big-endian float64. */
    private static String numpyName(String descr) {
        if (descr.length() < 3) {
            return "unknown";
        }
        String kind = switch (descr.charAt(1)) {
            case 'f' -> "float";
            case 'i' -> "int";
            case 'u' -> "uint";
            case 'b' -> "bool";
            case 'c' -> "complex";
            default -> "kind " + descr.charAt(1);
        };
        String bits = descr.substring(2).matches("\\d+") ? Integer.toString(8 * Integer.parseInt(descr.substring(2)))
                : descr.substring(2);
        return (descr.charAt(0) == '>' ? "big-endian " : "") + kind + bits;
    }
}
