package dev.athanor.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.athanor.core.Model;
import dev.athanor.core.Models;
import dev.athanor.core.Sequential;
import dev.athanor.core.layers.Dense;
import io.jhdf.HdfFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.factory.Nd4j;

/** Weights Athanor writes carry a CRC-32C; a flipped byte in a weight is caught on load (HDF5 alone would not). */
class WeightChecksumTest {

    private static Model model() {
        Sequential m = new Sequential(List.of(new Dense(3).inputDim(2).name("d")));
        m.setWeights(List.of(Nd4j.createFromArray(new float[][] {{1.25f, -2.5f, 3.75f}, {0.5f, 7.125f, -1.0f}}),
                Nd4j.createFromArray(new float[] {0.25f, 0.75f, -0.5f})));
        return m;
    }

    /** Where the little-endian float32 bytes of {@code values} start in the file. */
    private static int offsetOf(byte[] file, float... values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        byte[] needle = b.array();
        outer:
        for (int i = 0; i + needle.length <= file.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (file[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("weight bytes not found in the file");
    }

    @Test
    void eachWeightDatasetCarriesTheChecksumOfItsValues(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.h5");
        model().save(f);
        try (HdfFile h = new HdfFile(f)) {
            var kernel = h.getDatasetByPath("model_weights/d/d/kernel:0");
            long expected = WeightChecksum.of(kernel.getData());
            Object stored = kernel.getAttribute(WeightChecksum.ATTRIBUTE).getData();
            assertEquals(expected, ((Number) (stored instanceof long[] l ? l[0] : stored)).longValue());
            // CRC-32C of the 24 bytes, computed here independently of WeightChecksum's byte layout.
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            byte[] file = Files.readAllBytes(f);
            crc.update(file, offsetOf(file, 1.25f, -2.5f, 3.75f, 0.5f, 7.125f, -1.0f), 24);
            assertEquals(crc.getValue(), expected);
        }
    }

    @Test
    void aFlippedBitInAWeightFailsTheLoadNamingTheWeight(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("m.h5");
        model().save(f);
        byte[] bytes = Files.readAllBytes(f);
        int at = offsetOf(bytes, 1.25f, -2.5f, 3.75f);
        bytes[at + 5] ^= 0x01;                                      // -2.5 becomes another float
        Path bad = Files.write(dir.resolve("bad.h5"), bytes);
        try {
            Models.load(bad);
            fail("a corrupt weight loaded");
        } catch (RuntimeException e) {
            String msg = String.valueOf(e.getMessage()) + (e.getCause() != null ? " " + e.getCause().getMessage() : "");
            assertTrue(msg.contains("the weight 'd/kernel:0' fails its checksum"), msg);
        }
        assertEquals(model().getWeights().get(0), Models.load(f).getWeights().get(0));
    }
}
