package dev.athanor.data;

import dev.athanor.io.NpyLayout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The rows of a {@code .npy} array, read in place through memory maps (the file is never loaded: mapped
 * pages live outside the heap and are paged in and out by the OS). Maps are cut at row boundaries into
 * segments below 2 GiB, the most one map can hold. Reads use absolute positions only, so any number of
 * threads may read at once.
 */
final class NpyRows implements AutoCloseable {

    private static final long SEGMENT_BYTES = 1L << 30;

    private final NpyLayout layout;
    private final FileChannel channel;
    private final List<ByteBuffer> segments = new ArrayList<>();
    private final List<FloatBuffer> floats = new ArrayList<>();
    private final List<DoubleBuffer> doubles = new ArrayList<>();
    private final long rowsPerSegment;
    private final int rowElements;
    private final long[] rowShape;

    NpyRows(NpyLayout layout) throws IOException {
        this.layout = layout;
        this.rowElements = Math.toIntExact(layout.rowElements());
        long rowBytes = Math.max(1, layout.rowBytes());
        if (rowBytes > SEGMENT_BYTES) {
            throw new IllegalArgumentException(layout.source() + ": one row is " + rowBytes + " bytes; rows up to "
                    + SEGMENT_BYTES + " bytes are supported");
        }
        this.rowsPerSegment = SEGMENT_BYTES / rowBytes;
        this.channel = FileChannel.open(layout.source(), StandardOpenOption.READ);
        for (long first = 0; first < layout.rows(); first += rowsPerSegment) {
            long rows = Math.min(rowsPerSegment, layout.rows() - first);
            MappedByteBuffer map = channel.map(FileChannel.MapMode.READ_ONLY,
                    layout.dataOffset() + first * layout.rowBytes(), rows * layout.rowBytes());
            ByteBuffer seg = map.order(layout.byteOrder());
            segments.add(seg);
            floats.add(seg.asFloatBuffer());
            doubles.add(seg.asDoubleBuffer());
        }
        long[] shape = layout.shape();
        this.rowShape = new long[shape.length];
        System.arraycopy(shape, 1, rowShape, 1, shape.length - 1);
    }

    long rows() {
        return layout.rows();
    }

    NpyLayout layout() {
        return layout;
    }

    /**
     * The given rows stacked as {@code [rows.length, ...]}: float32 stays float32, float64 stays float64,
     * integer arrays (labels) become {@code Nd4j}'s default floating type.
     */
    INDArray read(int[] rows) {
        int n = rows.length;
        long[] shape = rowShape.clone();
        shape[0] = n;
        boolean f8 = layout.kind() == 'f' && layout.itemSize() == 8;
        boolean f4 = layout.kind() == 'f' && layout.itemSize() == 4;
        if (f4) {
            float[] out = new float[n * rowElements];
            for (int i = 0; i < n; i++) {
                floats.get(segment(rows[i])).get(offset(rows[i]), out, i * rowElements, rowElements);
            }
            return Nd4j.create(out, shape, 'c');
        }
        double[] out = new double[n * rowElements];
        for (int i = 0; i < n; i++) {
            ByteBuffer seg = segments.get(segment(rows[i]));
            int at = offset(rows[i]);
            int o = i * rowElements;
            if (f8) {
                doubles.get(segment(rows[i])).get(at, out, o, rowElements);
            } else if (layout.itemSize() == 4) {
                for (int k = 0; k < rowElements; k++) {
                    out[o + k] = seg.getInt((at + k) * 4);
                }
            } else {
                for (int k = 0; k < rowElements; k++) {
                    out[o + k] = seg.getLong((at + k) * 8);
                }
            }
        }
        INDArray a = Nd4j.create(out, shape, 'c');
        return f8 ? a : a.castTo(Nd4j.defaultFloatingPointType());
    }

    /** The index of the segment holding a row. */
    private int segment(int row) {
        if (row < 0 || row >= layout.rows()) {
            throw new IndexOutOfBoundsException("row " + row + " of " + layout.rows() + " in " + layout.source());
        }
        return (int) (row / rowsPerSegment);
    }

    /** The element index of a row's first element within its segment. */
    private int offset(int row) {
        return Math.toIntExact((row % rowsPerSegment) * rowElements);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
