package lab.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * Reader for the IDX format of MNIST and Fashion-MNIST, plain or gzipped (detected by its magic bytes,
 * not the file name). Images: magic 0x00000803, then count, rows, cols as big-endian int32, then
 * unsigned bytes row-major. Labels: magic 0x00000801, count, then one unsigned byte each.
 * Reads whole files into memory; not a streaming reader.
 */
final class Idx {

    static final int IMAGES_MAGIC = 0x00000803;
    static final int LABELS_MAGIC = 0x00000801;

    /** Images as read: {@code count} images of {@code rows x cols} unsigned bytes. */
    record Images(int count, int rows, int cols, byte[] pixels) {
    }

    private Idx() {
    }

    static Images readImages(InputStream raw, String source) {
        try (DataInputStream in = open(raw, source)) {
            int magic = in.readInt();
            if (magic != IMAGES_MAGIC) {
                throw new DataException(source + ": not an IDX image file (magic number " + hex(magic) + ", expected "
                        + hex(IMAGES_MAGIC) + (magic == LABELS_MAGIC ? "; this is a label file" : "") + ")");
            }
            int count = in.readInt();
            int rows = in.readInt();
            int cols = in.readInt();
            if (count < 1 || rows < 1 || cols < 1 || (long) count * rows * cols > Integer.MAX_VALUE - 8) {
                throw new DataException(source + ": implausible IDX image header: " + count + " images of " + rows
                        + "x" + cols);
            }
            byte[] pixels = new byte[count * rows * cols];
            readFully(in, pixels, source, count + " images of " + rows + "x" + cols);
            expectEnd(in, source);
            return new Images(count, rows, cols, pixels);
        } catch (IOException e) {
            throw new DataException(source + ": cannot read IDX images: " + describe(e), e);
        }
    }

    static int[] readLabels(InputStream raw, String source) {
        try (DataInputStream in = open(raw, source)) {
            int magic = in.readInt();
            if (magic != LABELS_MAGIC) {
                throw new DataException(source + ": not an IDX label file (magic number " + hex(magic) + ", expected "
                        + hex(LABELS_MAGIC) + (magic == IMAGES_MAGIC ? "; this is an image file" : "") + ")");
            }
            int count = in.readInt();
            if (count < 1) {
                throw new DataException(source + ": implausible IDX label count " + count);
            }
            byte[] bytes = new byte[count];
            readFully(in, bytes, source, count + " labels");
            expectEnd(in, source);
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xff;
            }
            return labels;
        } catch (IOException e) {
            throw new DataException(source + ": cannot read IDX labels: " + describe(e), e);
        }
    }

    private static DataInputStream open(InputStream raw, String source) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == -1) {
            throw new DataException(source + ": file is empty");
        }
        boolean gzip = b0 == 0x1f && b1 == 0x8b;
        return new DataInputStream(gzip ? new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16) : in);
    }

    private static void readFully(DataInputStream in, byte[] into, String source, String what) throws IOException {
        int done = 0;
        while (done < into.length) {
            int got = in.read(into, done, into.length - done);
            if (got < 0) {
                throw new DataException(source + ": truncated: the header promises " + what + " (" + into.length
                        + " bytes of data) but the file ends after " + done);
            }
            done += got;
        }
    }

    private static void expectEnd(DataInputStream in, String source) throws IOException {
        if (in.read() != -1) {
            throw new DataException(source + ": has bytes after the data its header describes (a wrong or joined file?)");
        }
    }

    private static String describe(IOException e) {
        return e instanceof EOFException ? "the file ends inside its header" : e.getMessage();
    }

    private static String hex(int v) {
        return String.format("0x%08X", v);
    }
}
