package dev.athanor.callbacks.tensorboard;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * TFRecord framing, the container of TensorBoard's event files:
 * <pre>
 * uint64 length            (little-endian)
 * uint32 masked_crc32c(length bytes)
 * byte   data[length]
 * uint32 masked_crc32c(data)
 * </pre>
 * with {@code masked(crc) = ((crc >>> 15) | (crc << 17)) + 0xa282ead8} (TensorFlow's
 * {@code tsl/lib/hash/crc32c.h}), CRC32C from the JDK.
 */
public final class TfRecords {

    private static final int MASK_DELTA = 0xa282ead8;
    /** Records larger than this are refused on read: a corrupt length must not allocate gigabytes. */
    static final long MAX_RECORD = 256L << 20;

    private TfRecords() {
    }

    /** TensorFlow's masked CRC32C of {@code len} bytes of {@code data} from {@code off}. */
    public static int maskedCrc32c(byte[] data, int off, int len) {
        CRC32C crc = new CRC32C();
        crc.update(data, off, len);
        int c = (int) crc.getValue();
        return ((c >>> 15) | (c << 17)) + MASK_DELTA;
    }

    /** Writes one framed record. */
    public static void write(OutputStream out, byte[] data) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(data.length);
        head.putInt(maskedCrc32c(head.array(), 0, 8));
        ByteBuffer tail = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
        tail.putInt(maskedCrc32c(data, 0, data.length));
        out.write(head.array());
        out.write(data);
        out.write(tail.array());
    }

    /**
     * Reads one record, checking both checksums.
     *
     * @param offset the record's byte offset in the file, for error messages
     * @return the data, or null at a clean end of input (no byte of a further record)
     * @throws EOFException when the input ends inside a record (a truncated file, as a crash mid-write
     *     leaves: the records before it are intact)
     * @throws IOException when a checksum does not match or the length is implausible
     */
    public static byte[] read(InputStream in, long offset, String source) throws IOException {
        byte[] head = new byte[12];
        int got = in.readNBytes(head, 0, 12);
        if (got == 0) {
            return null;
        }
        if (got < 12) {
            throw new EOFException(source + ": truncated record header at byte " + offset + " (" + got
                    + " of 12 bytes); the records before it are intact");
        }
        ByteBuffer h = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        long length = h.getLong(0);
        int lengthCrc = h.getInt(8);
        if (lengthCrc != maskedCrc32c(head, 0, 8)) {
            throw new IOException(source + ": corrupt record at byte " + offset
                    + ": the length's CRC32C does not match (not a TFRecord/event file, or damaged)");
        }
        if (length < 0 || length > MAX_RECORD) {
            throw new IOException(source + ": record at byte " + offset + " claims " + length
                    + " bytes (limit " + MAX_RECORD + ")");
        }
        byte[] data = in.readNBytes((int) length);
        byte[] tail = in.readNBytes(4);
        if (data.length < length || tail.length < 4) {
            throw new EOFException(source + ": truncated record at byte " + offset + " (" + length
                    + " data bytes expected); the records before it are intact");
        }
        int dataCrc = ByteBuffer.wrap(tail).order(ByteOrder.LITTLE_ENDIAN).getInt();
        if (dataCrc != maskedCrc32c(data, 0, data.length)) {
            throw new IOException(source + ": corrupt record at byte " + offset
                    + ": the data's CRC32C does not match");
        }
        return data;
    }

    /** The framed size of a record of {@code dataLength} bytes. */
    public static long framedSize(int dataLength) {
        return 16L + dataLength;
    }
}
