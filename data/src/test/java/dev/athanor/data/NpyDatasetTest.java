package dev.athanor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.data.Batch;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Flatten;
import dev.athanor.io.ModelFileException;
import dev.athanor.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** {@link NpyDataset}: rows read in place equal the arrays numpy's format holds; shuffling covers every row. */
class NpyDatasetTest {

    @TempDir
    Path dir;

    private static final int N = 37;

    /** x[i] holds i·100 + k so every row is recognisable; y[i] = i as int64 labels. */
    private Path[] files() throws IOException {
        INDArray x = Nd4j.create(DataType.FLOAT, N, 3, 2);
        for (int i = 0; i < N; i++) {
            for (int k = 0; k < 6; k++) {
                x.putScalar(new long[] {i, k / 2, k % 2}, i * 100 + k);
            }
        }
        INDArray y = Nd4j.arange(N).castTo(DataType.LONG);
        Path xp = dir.resolve("x.npy");
        Path yp = dir.resolve("y.npy");
        Npy.write(xp, x);
        Npy.write(yp, y);
        return new Path[] {xp, yp};
    }

    private static int rowOf(Batch b, int i) {
        return (int) b.inputs().get(0).getFloat(i, 0, 0) / 100;
    }

    @Test
    void unshuffledBatchesAreTheFilesRowsInOrder() throws IOException {
        Path[] f = files();
        INDArray x = Npy.read(f[0]);
        try (NpyDataset d = NpyDataset.of(f[0], f[1], 8)) {
            assertEquals(5, d.length());
            d.onEpochBegin(0);
            for (int b = 0; b < 5; b++) {
                Batch batch = d.batch(b);
                int to = Math.min(N, b * 8 + 8);
                assertEquals(x.get(NDArrayIndex.interval(b * 8, to), NDArrayIndex.all(), NDArrayIndex.all()),
                        batch.inputs().get(0));
                assertEquals(DataType.FLOAT, batch.inputs().get(0).dataType());
                INDArray y = batch.targets().get(0);
                assertEquals(Nd4j.defaultFloatingPointType(), y.dataType());
                for (int i = 0; i < y.length(); i++) {
                    assertEquals(b * 8 + i, y.getDouble(i));
                }
            }
        }
    }

    @Test
    void shufflingCoversEveryRowOnceReadsWithinWindowsAndChangesPerEpoch() throws IOException {
        Path[] f = files();
        try (NpyDataset d = NpyDataset.of(f[0], f[1], 4).shuffle(9).window(12);
             NpyDataset again = NpyDataset.of(f[0], f[1], 4).shuffle(9).window(12)) {
            List<List<Integer>> epochs = new ArrayList<>();
            for (int e = 0; e < 2; e++) {
                d.onEpochBegin(e);
                again.onEpochBegin(e);
                List<Integer> seen = new ArrayList<>();
                for (int b = 0; b < d.length(); b++) {
                    Batch batch = d.batch(b);
                    Set<Integer> windows = new HashSet<>();
                    for (int i = 0; i < batch.size(); i++) {
                        int row = rowOf(batch, i);
                        seen.add(row);
                        windows.add(row / 12);
                        assertEquals(row, batch.targets().get(0).getDouble(i), "x and y rows stay paired");
                    }
                    assertEquals(1, windows.size(), "a batch of 4 rows lies in one window of 12: " + windows);
                    assertEquals(batch.inputs().get(0), again.batch(b).inputs().get(0), "same seed, same batch");
                }
                assertEquals(N, seen.size());
                assertEquals(N, new HashSet<>(seen).size());
                epochs.add(seen);
            }
            assertNotEquals(epochs.get(0), epochs.get(1));
            assertNotEquals(List.of(0, 1, 2, 3), epochs.get(0).subList(0, 4));
        }
    }

    @Test
    void fitFromTheFilesEqualsFitFromTheArraysAndWorkersDoNotChangeIt() throws IOException {
        Path x = dir.resolve("lx.npy");
        Path y = dir.resolve("ly.npy");
        NpyFiles.writeLinear(x, y, 300, 6, 4);
        INDArray xa = Npy.read(x);
        INDArray ya = Npy.read(y);
        Sequential[] m = new Sequential[3];
        for (int i = 0; i < 3; i++) {
            m[i] = new Sequential();
            m[i].add(new Dense(4).activation("tanh").inputDim(6));
            m[i].add(new Dense(1));
            m[i].compile("sgd", "mse");
            if (i > 0) {
                m[i].setWeights(m[0].getWeights());
            }
        }
        FitOptions o = new FitOptions().epochs(2).batchSize(32).shuffle(false).verbose(0);
        m[0].fit(xa, ya, o);
        try (NpyDataset d = NpyDataset.of(x, y, 32); NpyDataset p = NpyDataset.of(x, y, 32).shuffle(3)) {
            m[1].fit(d, o);
            m[2].fit(p.prefetch(3, 4), new FitOptions().epochs(2).verbose(0));
        }
        // to float rounding, not bitwise: batches that the compiled step takes (issue 22) and batches it
        // leaves to the eager step (another array layout) give the same numbers to the last bits only
        for (int i = 0; i < m[0].getWeights().size(); i++) {
            assertArrayEquals(m[0].getWeights().get(i).data().asFloat(), m[1].getWeights().get(i).data().asFloat(), 1e-6f);
        }
        double loss = m[2].evaluate(xa, ya, 64)[0];
        assertTrue(loss < ya.varNumber().doubleValue(), "shuffled training learns: loss " + loss);
    }

    @Test
    void badFilesAreRefusedWithTheReason() throws IOException {
        Path[] f = files();
        Path fortran = dir.resolve("f.npy");
        byte[] bytes = Files.readAllBytes(f[0]);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1).replace("'fortran_order': False",
                "'fortran_order': True ");
        Files.write(fortran, text.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        ModelFileException e = assertThrows(ModelFileException.class, () -> NpyDataset.of(fortran, null, 4));
        assertTrue(e.getMessage().contains("Fortran order"), e.getMessage());
        Path cut = dir.resolve("cut.npy");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        e = assertThrows(ModelFileException.class, () -> NpyDataset.of(cut, null, 4));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        Path shortY = dir.resolve("shorty.npy");
        Npy.write(shortY, Nd4j.arange(5));
        IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                () -> NpyDataset.of(f[0], shortY, 4));
        assertTrue(rows.getMessage().contains("same number of rows"), rows.getMessage());
    }

    @Test
    void aModelWithImageShapedInputsTrainsFromFiles() throws IOException {
        Path[] f = files();
        Sequential m = new Sequential();
        m.add(new Flatten().inputShape(3, 2));
        m.add(new Dense(1));
        m.compile("sgd", "mse");
        try (NpyDataset d = NpyDataset.of(f[0], f[1], 8)) {
            assertEquals(1, m.fit(d, new FitOptions().verbose(0)).history().get("loss").size());
        }
    }
}
