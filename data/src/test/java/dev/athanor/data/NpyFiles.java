package dev.athanor.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;

/** Writes large float32 {@code .npy} files in chunks, without holding them in memory (test helper). */
final class NpyFiles {

    private NpyFiles() {
    }

    /** A version 1.0 header for a C-order little-endian float32 array, padded to 64 bytes as numpy pads. */
    static byte[] header(long... shape) {
        StringBuilder dims = new StringBuilder();
        for (long d : shape) {
            dims.append(d).append(", ");
        }
        String tuple = shape.length == 1 ? "(" + shape[0] + ",)" : "(" + dims.substring(0, dims.length() - 2) + ")";
        String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': " + tuple + ", }";
        int total = 10 + dict.length() + 1;
        int pad = (64 - total % 64) % 64;
        String text = dict + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + text.length()).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.US_ASCII)).put((byte) 1).put((byte) 0);
        b.putShort((short) text.length()).put(text.getBytes(StandardCharsets.US_ASCII));
        return b.array();
    }

    /**
     * {@code x} of shape {@code [rows, cols]} with uniform values in [-1, 1), and {@code y} of shape
     * {@code [rows, 1]} = x · w with w_j = (j % 7 - 3) / 10, written 4096 rows at a time.
     */
    static void writeLinear(Path x, Path y, int rows, int cols, long seed) throws IOException {
        Random r = new Random(seed);
        try (FileChannel xc = FileChannel.open(x, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
             FileChannel yc = FileChannel.open(y, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            xc.write(ByteBuffer.wrap(header(rows, cols)));
            yc.write(ByteBuffer.wrap(header(rows, 1)));
            int chunk = 4096;
            ByteBuffer xb = ByteBuffer.allocateDirect(chunk * cols * 4).order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer yb = ByteBuffer.allocateDirect(chunk * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int done = 0; done < rows; done += chunk) {
                int k = Math.min(chunk, rows - done);
                xb.clear();
                yb.clear();
                for (int i = 0; i < k; i++) {
                    double t = 0;
                    for (int j = 0; j < cols; j++) {
                        float v = r.nextFloat() * 2 - 1;
                        xb.putFloat(v);
                        t += v * ((j % 7 - 3) / 10.0);
                    }
                    yb.putFloat((float) t);
                }
                xb.flip();
                yb.flip();
                while (xb.hasRemaining()) {
                    xc.write(xb);
                }
                while (yb.hasRemaining()) {
                    yc.write(yb);
                }
            }
        }
    }
}
