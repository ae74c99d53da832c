package dev.athanor.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * A CRC-32C of each weight dataset Athanor writes, kept in the dataset's attribute
 * {@value #ATTRIBUTE} and verified on load when present. HDF5 keeps no checksum of contiguous data,
 * so a flipped byte in a weight otherwise loads silently as another number; other readers (Keras,
 * h5py) ignore the attribute. Computed over the values as stored: little-endian, C order.
 */
final class WeightChecksum {

    /** The dataset attribute holding the checksum (an unsigned 32-bit value stored in a long). */
    static final String ATTRIBUTE = "athanor_crc32c";

    private WeightChecksum() {
    }

    /** The checksum of a scalar or of a (possibly nested) primitive array of float, double, int or long. */
    static long of(Object data) {
        CRC32C crc = new CRC32C();
        update(crc, data);
        return crc.getValue();
    }

    private static void update(CRC32C crc, Object data) {
        ByteBuffer b;
        if (data instanceof float[] f) {
            b = ByteBuffer.allocate(f.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asFloatBuffer().put(f);
        } else if (data instanceof double[] d) {
            b = ByteBuffer.allocate(d.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(d);
        } else if (data instanceof int[] i) {
            b = ByteBuffer.allocate(i.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            b.asIntBuffer().put(i);
        } else if (data instanceof long[] l) {
            b = ByteBuffer.allocate(l.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asLongBuffer().put(l);
        } else if (data instanceof Object[] nested) {
            for (Object o : nested) {
                update(crc, o);
            }
            return;
        } else if (data instanceof Float f) {
            update(crc, new float[] {f});
            return;
        } else if (data instanceof Double d) {
            update(crc, new double[] {d});
            return;
        } else if (data instanceof Integer i) {
            update(crc, new int[] {i});
            return;
        } else if (data instanceof Long l) {
            update(crc, new long[] {l});
            return;
        } else {
            throw new IllegalArgumentException("No checksum for " + (data == null ? "null" : data.getClass()));
        }
        crc.update(b.array());
    }
}
