package lab.kit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The .npy reader on files written here byte by byte: headers numpy writes that are less common (longer
 * than 255 bytes, a shape with a space before its closing parenthesis), and each malformed file refused
 * with its own exact message, naming the file.
 */
class NpyFilesTest {

    @TempDir
    Path dir;

    static final String F8_3 = "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }";

    /** The magic, {@code version}, the header's length as two little-endian bytes, the header, then {@code data}. */
    Path file(String name, int version, int declaredLength, String header, byte[] data) throws IOException {
        byte[] text = header.getBytes(StandardCharsets.ISO_8859_1);
        ByteBuffer buf = ByteBuffer.allocate(10 + text.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        buf.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0}).putShort((short) declaredLength);
        buf.put(text).put(data);
        return Files.write(dir.resolve(name + ".npy"), buf.array());
    }

    /** A version-1 file whose header is {@code dict} padded with spaces and a newline to {@code length} bytes. */
    Path file(String name, String dict, int length, byte[] data) throws IOException {
        return file(name, 1, length, dict + " ".repeat(length - dict.length() - 1) + "\n", data);
    }

    static byte[] doubles(double... values) {
        ByteBuffer buf = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : values) {
            buf.putDouble(v);
        }
        return buf.array();
    }

    static String refused(Path file) {
        return assertThrows(IllegalArgumentException.class, () -> NpyFiles.read(file)).getMessage();
    }

    @Test
    void aHeaderLongerThan255BytesIsReadWhole() throws IOException {
        // 310 = 0x136: the length's high byte counts 256.
        NpyFiles.Array a = NpyFiles.read(file("long", F8_3, 310, doubles(1.5, -2, 0.25)));
        assertArrayEquals(new double[] {1.5, -2, 0.25}, a.values());
        assertArrayEquals(new long[] {3}, a.shape());
        assertEquals(DataType.DOUBLE, a.dtype());
    }

    @Test
    void aShapeWithASpaceBeforeItsParenthesisHasOneAxis() throws IOException {
        NpyFiles.Array a = NpyFiles.read(file("spaced", F8_3.replace("(3,)", "(3, )"), 118, doubles(1, 2, 3)));
        assertArrayEquals(new long[] {3}, a.shape());
        assertEquals("(3,)", a.shapeText());
    }

    @Test
    void aScalarHasNoAxes() throws IOException {
        NpyFiles.Array a = NpyFiles.read(file("scalar", F8_3.replace("(3,)", "()"), 118, doubles(2.5)));
        assertArrayEquals(new long[0], a.shape());
        assertArrayEquals(new double[] {2.5}, a.values());
        assertEquals("()", a.shapeText());
    }

    @Test
    void aFileOfTenBytesOrMoreWithoutTheMagicIsRefused() throws IOException {
        Path notNpy = Files.write(dir.resolve("png.npy"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0,
            0, 13});
        assertEquals(notNpy + ": not a NumPy .npy file (it does not start with \\x93NUMPY)", refused(notNpy));
    }

    @Test
    void aVersionOtherThanOneIsRefusedWithItsNumber() throws IOException {
        Path v2 = file("v2", 2, 118, F8_3 + " ".repeat(118 - F8_3.length() - 1) + "\n", doubles(1, 2, 3));
        assertEquals(v2 + ": .npy format version 2; this reader takes version 1, which numpy.save writes for any array "
                + "of ordinary rank", refused(v2));
    }

    @Test
    void aHeaderShorterThanItsDeclaredLengthIsTruncated() throws IOException {
        Path cut = file("cut", 1, 118, F8_3, new byte[0]);
        assertEquals(cut + ": truncated .npy header", refused(cut));
    }

    @Test
    void aHeaderWithoutADescrIsRefusedQuotingTheHeader() throws IOException {
        String dict = "{'fortran_order': False, 'shape': (3,), }";
        Path noDescr = file("nodescr", dict, 118, doubles(1, 2, 3));
        assertEquals(noDescr + ": .npy header has no 'descr': " + dict, refused(noDescr));
    }

    @Test
    void aDtypeNumpyNamesInTwoCharactersIsCalledUnknown() throws IOException {
        Path objects = file("objects", F8_3.replace("<f8", "|O"), 118, new byte[24]);
        assertEquals(objects + ": dtype '|O' (unknown); expected float64 ('<f8') or float32 ('<f4'), little-endian: "
                + "a.astype(np.float64)", refused(objects));
    }

    @Test
    void integerLabelsOfAnotherKindAreNamedByNumpysName() throws IOException {
        Path bytes = file("u8", F8_3.replace("<f8", "|u1"), 118, new byte[3]);
        assertEquals(bytes + ": dtype '|u1' (uint8); expected integer class indices, int64 ('<i8') or int32 ('<i4'), "
                + "little-endian: labels.astype(np.int64)",
                assertThrows(IllegalArgumentException.class, () -> NpyFiles.readIndices(bytes)).getMessage());
    }
}
