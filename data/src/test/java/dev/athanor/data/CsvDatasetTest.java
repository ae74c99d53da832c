package dev.athanor.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.athanor.core.FitOptions;
import dev.athanor.core.Sequential;
import dev.athanor.core.data.Batch;
import dev.athanor.core.layers.Dense;
import dev.athanor.optimizers.Adam;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CsvDataset}: header, label, numeric and categorical columns, streaming batches, bad rows by line. */
class CsvDatasetTest {

    @TempDir
    Path dir;

    private Path write(String text) throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, text);
        return f;
    }

    private static final String CSV = "size,color,weight,kind\n"
            + "1.5,red,10,cat\n"
            + "2.0,blue,12,dog\n"
            + "0.5,green,3,cat\n"
            + "3.0,red,30,bird\n"
            + "1.0,blue,8,dog\n";

    @Test
    void oneHotFeaturesAndIntegerCodedLabelsStreamInBatches() throws IOException {
        try (CsvDataset d = CsvDataset.of(write(CSV), "kind", 2).categorical("color", "kind")) {
            assertEquals(List.of("size", "color=blue", "color=green", "color=red", "weight"), d.featureNames());
            assertEquals(List.of("bird", "cat", "dog"), d.vocabulary("kind"));
            assertEquals(5, d.rows());
            assertEquals(3, d.length());
            Batch b0 = d.batch(0);
            assertArrayEquals(new float[] {1.5f, 0, 0, 1, 10, 2.0f, 1, 0, 0, 12}, b0.inputs().get(0).data().asFloat());
            assertArrayEquals(new float[] {1, 2}, b0.targets().get(0).data().asFloat());
            assertArrayEquals(new long[] {2, 1}, b0.targets().get(0).shape());
            d.batch(1);
            Batch b2 = d.batch(2);
            assertArrayEquals(new float[] {1.0f, 1, 0, 0, 8}, b2.inputs().get(0).data().asFloat());
            assertNull(d.batch(3), "the stream ends");
            assertArrayEquals(b0.inputs().get(0).data().asFloat(), d.batch(0).inputs().get(0).data().asFloat(),
                    "batch 0 starts a new pass");
            assertThrows(IllegalStateException.class, () -> d.batch(2), "streams are read in order");
        }
    }

    @Test
    void integerCodesAndNumericLabels() throws IOException {
        try (CsvDataset d = CsvDataset.of(write(CSV), "weight", 5).categorical("color", "kind").integerCodes()) {
            assertEquals(List.of("size", "color", "kind"), d.featureNames());
            Batch b = d.batch(0);
            assertArrayEquals(new float[] {1.5f, 2, 1, 2.0f, 0, 2, 0.5f, 1, 1, 3.0f, 2, 0, 1.0f, 0, 2},
                    b.inputs().get(0).data().asFloat());
            assertArrayEquals(new float[] {10, 12, 3, 30, 8}, b.targets().get(0).data().asFloat());
        }
    }

    @Test
    void badRowsAreReportedByLineNumber() throws IOException {
        Path f = write("a,b,y\n1,2,0\n3,x,1\n4,5\n6,7,oops\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CsvDataset.of(f, "y", 2).rows());
        assertTrue(e.getMessage().contains("3 bad row(s)"), e.getMessage());
        assertTrue(e.getMessage().contains("line 3: column 'b' holds 'x'"), e.getMessage());
        assertTrue(e.getMessage().contains("line 4: 2 values, but the header has 3"), e.getMessage());
        assertTrue(e.getMessage().contains("line 5: column 'y' holds 'oops'"), e.getMessage());
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> CsvDataset.of(write(CSV), "knd", 2).rows());
        assertTrue(label.getMessage().contains("Did you mean 'kind'"), label.getMessage());
    }

    @Test
    void aModelTrainsFromTheStream() throws IOException {
        StringBuilder sb = new StringBuilder("x1,x2,y\n");
        java.util.Random r = new java.util.Random(1);
        for (int i = 0; i < 200; i++) {
            double a = r.nextDouble();
            double b = r.nextDouble();
            sb.append(a).append(',').append(b).append(',').append(2 * a - b).append('\n');
        }
        try (CsvDataset d = CsvDataset.of(write(sb.toString()), "y", 16)) {
            Sequential m = new Sequential();
            m.add(new Dense(1).inputDim(2));
            m.compile(new Adam().learningRate(0.05), "mse");
            List<Double> loss = m.fit(d.prefetch(2, 4), new FitOptions().epochs(20).verbose(0)).history().get("loss");
            assertTrue(loss.get(19) < loss.get(0) / 4, loss.toString());
        }
    }
}
