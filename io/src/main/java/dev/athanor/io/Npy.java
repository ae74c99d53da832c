package dev.athanor.io;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * numpy's {@code .npy} arrays and {@code .npz} archives, for data coming from Python: float32,
 * float64, int32 and int64, little-endian (big-endian is read too), C order (Fortran order is
 * read too). Written files are {@code .npy} version 1.0, which every numpy reads.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final long MAX_ELEMENTS = Integer.MAX_VALUE - 8;

    private Npy() {
    }

    /** Reads a {@code .npy} file. */
    public static INDArray read(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return read(in, path);
        }
    }

    /** Writes a {@code .npy} file (replacing it). */
    public static void write(Path path, INDArray array) throws IOException {
        try (OutputStream out = Files.newOutputStream(path)) {
            write(out, array);
        }
    }

    /** Reads every array of an {@code .npz} archive, by name (without {@code .npy}), in archive order. */
    public static Map<String, INDArray> readNpz(Path path) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (ZipInputStream zin = new ZipInputStream(Files.newInputStream(path))) {
            ZipEntry e;
            while ((e = zin.getNextEntry()) != null) {
                String name = e.getName();
                if (e.isDirectory()) {
                    continue;
                }
                String key = name.endsWith(".npy") ? name.substring(0, name.length() - 4) : name;
                out.put(key, read(zin, path.resolve(name)));
            }
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "not a valid .npz archive: " + e.getMessage(), e);
        }
        return out;
    }

    /** Writes arrays into an {@code .npz} archive (as {@code numpy.savez}: {@code <name>.npy} entries). */
    public static void writeNpz(Path path, Map<String, INDArray> arrays) throws IOException {
        try (ZipOutputStream zout = new ZipOutputStream(Files.newOutputStream(path))) {
            for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                zout.putNextEntry(new ZipEntry(e.getKey() + ".npy"));
                write(zout, e.getValue());
                zout.closeEntry();
            }
        }
    }

    /** Writes one array in {@code .npy} format to a stream (the stream is not closed). */
    public static void write(OutputStream out, INDArray array) throws IOException {
        String descr;
        int size;
        DataType dt = array.dataType();
        switch (dt) {
            case FLOAT -> { descr = "<f4"; size = 4; }
            case DOUBLE -> { descr = "<f8"; size = 8; }
            case INT -> { descr = "<i4"; size = 4; }
            case LONG -> { descr = "<i8"; size = 8; }
            default -> throw new IllegalArgumentException("Npy writes float32, float64, int32 and int64 arrays;"
                    + " received " + dt);
        }
        long[] shape = array.shape();
        StringBuilder s = new StringBuilder();
        for (long d : shape) {
            s.append(d).append(", ");
        }
        String shapeText = shape.length == 1 ? shape[0] + "," : shape.length == 0 ? ""
                : s.substring(0, s.length() - 2);
        String header = "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + shapeText + "), }";
        int total = MAGIC.length + 2 + 2 + header.length() + 1;
        int pad = (64 - total % 64) % 64;
        header = header + " ".repeat(pad) + "\n";
        out.write(MAGIC);
        out.write(1);
        out.write(0);
        out.write(header.length() & 0xff);
        out.write((header.length() >> 8) & 0xff);
        out.write(header.getBytes(StandardCharsets.ISO_8859_1));
        INDArray c = array.dup('c');
        long n = c.length();
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(n * size)).order(ByteOrder.LITTLE_ENDIAN);
        switch (dt) {
            case FLOAT -> { for (float v : c.data().asFloat()) buf.putFloat(v); }
            case DOUBLE -> { for (double v : c.data().asDouble()) buf.putDouble(v); }
            case INT -> { for (int v : c.data().asInt()) buf.putInt(v); }
            default -> { for (long v : c.data().asLong()) buf.putLong(v); }
        }
        out.write(buf.array(), 0, buf.position());
    }

    /** Reads one {@code .npy} array from a stream; {@code source} names it in errors. */
    public static INDArray read(InputStream in, Path source) throws IOException {
        DataInputStream din = new DataInputStream(in);
        try {
            NpyHeader header = readHeader(din, source).header();
            ByteOrder order = header.byteOrder() == '>' ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
            String kind = String.valueOf(header.kind());
            int size = header.itemSize();
            boolean fortran = header.fortranOrder();
            long[] shape = header.shape();
            long n = 1;
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            if (n > MAX_ELEMENTS || n * size > MAX_ELEMENTS) {
                throw new ModelFileException(source, "the .npy array is too large (" + n + " elements)");
            }
            byte[] data = readBytes(din, (int) (n * size), source);
            ByteBuffer buf = ByteBuffer.wrap(data).order(order);
            INDArray flat;
            int count = (int) n;
            if (kind.equals("f") && size == 4) {
                float[] a = new float[count];
                buf.asFloatBuffer().get(a);
                flat = Nd4j.createFromArray(a);
            } else if (kind.equals("f") && size == 8) {
                double[] a = new double[count];
                buf.asDoubleBuffer().get(a);
                flat = Nd4j.createFromArray(a);
            } else if (kind.equals("i") && size == 4) {
                int[] a = new int[count];
                buf.asIntBuffer().get(a);
                flat = Nd4j.createFromArray(a);
            } else if (kind.equals("i") && size == 8) {
                long[] a = new long[count];
                buf.asLongBuffer().get(a);
                flat = Nd4j.createFromArray(a);
            } else {
                throw new ModelFileException(source, "unsupported .npy dtype '" + header.byteOrder() + kind + size
                        + "'; float32 (<f4), float64 (<f8), int32 (<i4) and int64 (<i8) are read, either byte order");
            }
            if (shape.length == 0) {
                return flat.reshape(new long[0]);
            }
            if (n == 0) {
                return Nd4j.create(flat.dataType(), shape, 'c');
            }
            return fortran ? flat.reshape('f', shape).dup('c') : flat.reshape('c', shape);
        } catch (EOFException e) {
            throw new ModelFileException(source, "the .npy data is truncated", e);
        } catch (NumberFormatException | ArithmeticException e) {
            throw new ModelFileException(source, "the .npy header is invalid: " + e.getMessage(), e);
        }
    }

    /** A parsed header and the offset of the data after it. */
    record HeaderAt(NpyHeader header, long dataOffset) {
    }

    /** Reads the magic bytes, the version and the header of a {@code .npy} stream positioned at its start. */
    static HeaderAt readHeader(DataInputStream din, Path source) throws IOException {
        byte[] magic = new byte[6];
        din.readFully(magic);
        for (int i = 0; i < 6; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new ModelFileException(source, "not a .npy file (bad magic bytes)");
            }
        }
        int major = din.readUnsignedByte();
        din.readUnsignedByte();
        long headerLen;
        if (major == 1) {
            headerLen = din.readUnsignedByte() | (din.readUnsignedByte() << 8);
        } else if (major == 2 || major == 3) {
            headerLen = (din.readUnsignedByte() | (din.readUnsignedByte() << 8) | (din.readUnsignedByte() << 16))
                    | ((long) din.readUnsignedByte() << 24);
        } else {
            throw new ModelFileException(source, "unsupported .npy version " + major);
        }
        if (headerLen > NpyHeader.MAX_HEADER_BYTES) {
            throw new ModelFileException(source, "the .npy header is " + headerLen + " bytes long; numpy refuses"
                    + " headers over " + NpyHeader.MAX_HEADER_BYTES + " bytes (max_header_size)");
        }
        byte[] hb = new byte[(int) headerLen];
        din.readFully(hb);
        String text = new String(hb, major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
        NpyHeader header;
        try {
            header = NpyHeader.parse(text);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(source, "the .npy header is invalid: " + e.getMessage()
                    + ". Header: " + text.trim(), e);
        }
        long prefix = major == 1 ? 10 : 12;
        return new HeaderAt(header, prefix + headerLen);
    }

    private static byte[] readBytes(DataInputStream in, int len, Path source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(len, 1 << 20));
        byte[] chunk = new byte[8192];
        int left = len;
        while (left > 0) {
            int r = in.read(chunk, 0, Math.min(chunk.length, left));
            if (r < 0) {
                throw new ModelFileException(source, "the .npy data is truncated (" + (len - left) + " of " + len
                        + " bytes)");
            }
            out.write(chunk, 0, r);
            left -= r;
        }
        return out.toByteArray();
    }
}
