package dev.athanor.plugins.example;

import dev.athanor.core.graph.ModelConfigs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The values golden.py computed with numpy and PyTorch (golden.json beside it). */
final class Golden {

    private Golden() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> load() {
        try (InputStream in = Golden.class.getResourceAsStream("golden.json")) {
            if (in == null) {
                throw new IllegalStateException("golden.json is missing from the test resources");
            }
            return ModelConfigs.parseJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A list of rows (or a flat list) as a float64 array. */
    static INDArray array(Object json) {
        List<?> rows = (List<?>) json;
        if (!(rows.get(0) instanceof List<?> first)) {
            return Nd4j.createFromArray(doubles(rows));
        }
        double[][] out = new double[rows.size()][first.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = doubles((List<?>) rows.get(i));
        }
        return Nd4j.createFromArray(out).castTo(DataType.DOUBLE);
    }

    static double[] doubles(List<?> values) {
        double[] out = new double[values.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = ((Number) values.get(i)).doubleValue();
        }
        return out;
    }
}
