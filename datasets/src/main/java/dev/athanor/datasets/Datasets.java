package dev.athanor.datasets;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The small real data sets shipped with Athanor for examples, the CLI demo and tests (UCI, CC BY 4.0; see data/PROVENANCE.md):
 * features and integer labels.
 */
public final class Datasets {

    /** Features {@code [n, d]} (float32) and labels {@code [n]} (class indices). */
    public record Data(INDArray x, int[] labels) {
    }

    private Datasets() {
    }

    /** The 1797 handwritten digits, 8x8 pixels scaled to [0, 1]. */
    public static Data digits() {
        Data raw = read("data/digits.csv.gz", 0, true);
        return new Data(raw.x().divi(16.0), raw.labels());
    }

    /** Fisher's iris, sorted by class as published. */
    public static Data iris() {
        return read("data/iris.csv", 1, false);
    }

    private static Data read(String resource, int headerLines, boolean gzip) {
        try (InputStream raw = Datasets.class.getResourceAsStream(resource)) {
            if (raw == null) {
                throw new IllegalStateException("Data resource " + resource + " is missing from the jar.");
            }
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            List<float[]> rows = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            String line;
            int skip = headerLines;
            while ((line = r.readLine()) != null) {
                if (skip-- > 0 || line.isBlank()) {
                    continue;
                }
                String[] cells = line.split(",");
                float[] row = new float[cells.length - 1];
                for (int i = 0; i < row.length; i++) {
                    row[i] = Float.parseFloat(cells[i]);
                }
                rows.add(row);
                labels.add((int) Double.parseDouble(cells[cells.length - 1]));
            }
            INDArray x = Nd4j.create(rows.toArray(float[][]::new));
            return new Data(x, labels.stream().mapToInt(Integer::intValue).toArray());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + resource, e);
        }
    }
}
