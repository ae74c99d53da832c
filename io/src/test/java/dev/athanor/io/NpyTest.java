package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsEveryType() throws IOException {
        INDArray f = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray d = Nd4j.rand(DataType.DOUBLE, 5);
        INDArray i = Nd4j.createFromArray(new int[][] {{1, -2}, {3, Integer.MAX_VALUE}});
        INDArray l = Nd4j.createFromArray(new long[] {Long.MIN_VALUE, 0, 7});
        for (INDArray a : new INDArray[] {f, d, i, l}) {
            Path p = dir.resolve("a.npy");
            Npy.write(p, a);
            assertEquals(0, (Files.size(p) - a.length() * a.dataType().width()) % 64, "header padded to 64");
            INDArray back = Npy.read(p);
            assertEquals(a.dataType(), back.dataType());
            assertArrayEquals(a.shape(), back.shape());
            assertEquals(a, back);
        }
    }

    @Test
    void npzRoundTrip() throws IOException {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("x", Nd4j.rand(DataType.FLOAT, 3, 2));
        m.put("y", Nd4j.createFromArray(new long[] {1, 2, 3}));
        Path p = dir.resolve("a.npz");
        Npy.writeNpz(p, m);
        Map<String, INDArray> back = Npy.readNpz(p);
        assertEquals(m.keySet(), back.keySet());
        assertEquals(m.get("x"), back.get("x"));
        assertEquals(m.get("y"), back.get("y"));
    }

    @Test
    void readsFortranOrderAndBigEndian() throws IOException {
        // numpy.asfortranarray(np.arange(6, dtype='>i4').reshape(2, 3)) saved by hand
        String header = "{'descr': '>i4', 'fortran_order': True, 'shape': (2, 3), }";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0, (byte) header.length(), 0});
        out.write(header.getBytes());
        int[] fortran = {0, 3, 1, 4, 2, 5};
        for (int v : fortran) {
            out.write(new byte[] {0, 0, 0, (byte) v});
        }
        INDArray a = Npy.read(new ByteArrayInputStream(out.toByteArray()), Path.of("x.npy"));
        assertEquals(Nd4j.createFromArray(new int[][] {{0, 1, 2}, {3, 4, 5}}), a);
    }

    @Test
    void readsKerasFixtureInput() throws IOException {
        INDArray x = Npy.read(Fixtures.file("io/cnn_batchnorm_k213.input.npy"));
        assertArrayEquals(new long[] {5, 10, 10, 3}, x.shape());
        INDArray csv = Fixtures.csv(Fixtures.file("io/cnn_batchnorm_k213.inputs.csv"));
        assertTrue(csv.reshape(5, 10, 10, 3).castTo(x.dataType()).equalsWithEps(x, 1e-6));
    }

    @Test
    void corruptInputIsAnIOException() throws IOException {
        Path p = dir.resolve("a.npy");
        Npy.write(p, Nd4j.rand(DataType.FLOAT, 4, 4));
        byte[] good = Files.readAllBytes(p);
        Random rnd = new Random(1);
        for (int k = 0; k < 300; k++) {
            byte[] bad = good.clone();
            if (k % 2 == 0) {
                bad = java.util.Arrays.copyOf(bad, rnd.nextInt(good.length));
            } else {
                bad[rnd.nextInt(Math.min(bad.length, 128))] ^= (byte) (1 + rnd.nextInt(255));
            }
            try {
                Npy.read(new ByteArrayInputStream(bad), p);
            } catch (IOException expected) {
                // fine
            }
        }
        assertThrows(ModelFileException.class, () -> Npy.read(new ByteArrayInputStream(new byte[] {1, 2, 3}), p));
    }
}
