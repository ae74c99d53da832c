package dev.athanor.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the array of a {@code .npy} file lies, for readers that read rows in place (memory map, positioned
 * reads) instead of loading the file: its header, parsed by the same strict parser as {@link Npy#read}, and
 * the byte offset of the data. Only C-order arrays qualify (their rows are contiguous).
 *
 * @param source the file
 * @param kind the dtype kind: {@code 'f'} (float) or {@code 'i'} (signed int)
 * @param itemSize bytes per element: 4 or 8
 * @param byteOrder the byte order of the data
 * @param shape the array's shape (at least one dimension: the rows)
 * @param dataOffset the byte offset of element 0
 */
public record NpyLayout(Path source, char kind, int itemSize, ByteOrder byteOrder, long[] shape, long dataOffset) {

    /** Reads and checks the header of {@code path}, and that the file holds all the data it announces. */
    public static NpyLayout of(Path path) throws IOException {
        NpyHeader h;
        long offset;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path))) {
            Npy.HeaderAt at = Npy.readHeader(new DataInputStream(in), path);
            h = at.header();
            offset = at.dataOffset();
        } catch (EOFException e) {
            throw new ModelFileException(path, "the .npy header is truncated", e);
        }
        if (h.fortranOrder()) {
            throw new ModelFileException(path, "the array is in Fortran order, whose rows are not contiguous; save it"
                    + " in C order (numpy.ascontiguousarray) to read it by rows");
        }
        if (h.shape().length == 0) {
            throw new ModelFileException(path, "the array is a scalar; a dataset needs at least one dimension (rows)");
        }
        if (!((h.kind() == 'f' || h.kind() == 'i') && (h.itemSize() == 4 || h.itemSize() == 8))) {
            throw new ModelFileException(path, "unsupported .npy dtype '" + h.byteOrder() + h.kind() + h.itemSize()
                    + "'; float32, float64, int32 and int64 are read, either byte order");
        }
        NpyLayout layout = new NpyLayout(path, h.kind(), h.itemSize(),
                h.byteOrder() == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN, h.shape(), offset);
        long need = offset + Math.multiplyExact(layout.rows(), layout.rowBytes());
        long size = Files.size(path);
        if (size < need) {
            throw new ModelFileException(path, "the .npy data is truncated: the header announces shape "
                    + java.util.Arrays.toString(h.shape()) + " (" + need + " bytes with the header) but the file has "
                    + size + " bytes");
        }
        return layout;
    }

    /** The number of rows (the first dimension). */
    public long rows() {
        return shape[0];
    }

    /** Elements per row (the product of the other dimensions). */
    public long rowElements() {
        long n = 1;
        for (int i = 1; i < shape.length; i++) {
            n = Math.multiplyExact(n, shape[i]);
        }
        return n;
    }

    /** Bytes per row. */
    public long rowBytes() {
        return Math.multiplyExact(rowElements(), itemSize);
    }
}
