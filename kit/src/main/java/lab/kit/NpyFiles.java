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
 * header is checked here first (magic, version 1, little-endian float32 or float64 (int64 or int32 for class
 * indices), C order, and a file long enough for its shape), and any other file is refused in one line that
 * names it and the problem. Not a general npy library: only what the kit's tensors and labels need.
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

    /** Integer class indices read from a file: their values, row-major; their shape; int64 or int32. */
    public record Indices(Path file, long[] values, long[] shape, String dtype) {
        /** The shape as numpy prints it, e.g. {@code (4,)}. */
        public String shapeText() {
            return Array.shapeText(shape);
        }
    }

    private NpyFiles() {
    }

    /** Reads a float32 or float64 array; anything else throws IllegalArgumentException naming the file. */
    public static Array read(Path file) {
        Header h = header(file);
        DataType dtype = switch (h.descr()) {
            case "<f8" -> DataType.DOUBLE;
            case "<f4" -> DataType.FLOAT;
            default -> throw new IllegalArgumentException(file + ": dtype '" + h.descr() + "' (" + numpyName(h.descr())
                    + "); expected float64 ('<f8') or float32 ('<f4'), little-endian: a.astype(np.float64)");
        };
        INDArray a = load(h, dtype == DataType.DOUBLE ? 8 : 4, dtype.name().toLowerCase());
        return new Array(file, Dl4jParams.values(a), h.shape(), dtype);
    }

    /**
     * Class indices read from a file, as numpy saves integer labels: int64 or int32, little-endian. Anything
     * else (floats, one-hot rows as float64, uint8, big-endian) throws IllegalArgumentException naming the file.
     * Only the type and the layout are checked here; whether the indices fit the classes is the caller's.
     */
    public static Indices readIndices(Path file) {
        Header h = header(file);
        int bytes = switch (h.descr()) {
            case "<i8" -> 8;
            case "<i4" -> 4;
            default -> throw new IllegalArgumentException(file + ": dtype '" + h.descr() + "' (" + numpyName(h.descr())
                    + "); expected integer class indices, int64 ('<i8') or int32 ('<i4'), little-endian: "
                    + "labels.astype(np.int64)");
        };
        String dtype = bytes == 8 ? "int64" : "int32";
        INDArray a = load(h, bytes, dtype);
        return new Indices(file, a.dup('c').castTo(DataType.LONG).data().asLong(), h.shape(), dtype);
    }

    /** What a file's header says, read and checked before ND4J sees the file: its element type and shape. */
    private record Header(Path file, String descr, boolean fortran, long[] shape, int length, long size) {
    }

    /** The magic, the version and the header's fields; the type is the caller's to accept or refuse. */
    private static Header header(Path file) {
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
        String descr = field(file, DESCR, header, "descr");
        boolean fortran = field(file, FORTRAN, header, "fortran_order").equals("True");
        // "3, 4" or "3," or "" (a scalar): every part that is not blank is a size.
        long[] shape = Arrays.stream(field(file, SHAPE, header, "shape").split(",")).map(String::trim)
                .filter(s -> !s.isEmpty()).mapToLong(Long::parseLong).toArray();
        return new Header(file, descr, fortran, shape, header.length(), size);
    }

    /** The array, once its type is accepted: refused if Fortran-ordered or not as long as its shape needs. */
    private static INDArray load(Header h, int bytesPerElement, String typeName) {
        if (h.fortran()) {
            throw new IllegalArgumentException(h.file() + ": Fortran-ordered array; save it in C order "
                    + "(np.save(f, np.ascontiguousarray(a)))");
        }
        long count = Arrays.stream(h.shape()).reduce(1, (a, b) -> a * b);
        long expected = 10 + h.length() + count * bytesPerElement;
        if (h.size() != expected) {
            throw new IllegalArgumentException(h.file() + ": " + h.size() + " bytes, but its header says "
                    + Array.shapeText(h.shape()) + " of " + typeName + ", which takes " + expected);
        }
        return Nd4j.createFromNpyFile(h.file().toFile());
    }

    /**
     * The array, if every value is finite; otherwise one line naming the file, the first element that is not
     * as its index in the file's own shape ({@code x.npy[1, 0, 2, 3]}), and how many are not. For the inputs of a
     * check (x, weights, dout, logits): a NaN put in comes out on both sides, and "yours NaN vs DL4J NaN" proves
     * nothing, so it is refused before DL4J runs. {@code role} says what the file is, e.g. "the input x".
     */
    public static Array requireFinite(Array a, String role) {
        int first = -1;
        int count = 0;
        double[] v = a.values();
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                count++;
                first = first < 0 ? i : first;
            }
        }
        if (first >= 0) {
            throw new IllegalArgumentException(a.file() + index(first, a.shape()) + " is " + v[first] + " ("
                    + (count == 1 ? "the only value" : "the first of " + count + " values") + " not finite in " + role
                    + "): an input must be finite, or DL4J and your code only pass the " + v[first]
                    + " on and nothing is checked");
        }
        return a;
    }

    /** Row-major offset {@code flat} in {@code shape} as numpy indexes it: {@code [1, 0, 2, 3]}; {@code []} if 0-d. */
    static String index(int flat, long[] shape) {
        long[] at = new long[shape.length];
        long rest = flat;
        for (int d = shape.length - 1; d >= 0; d--) {
            at[d] = rest % shape[d];
            rest /= shape[d];
        }
        return "[" + String.join(", ", Arrays.stream(at).mapToObj(Long::toString).toList()) + "]";
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
