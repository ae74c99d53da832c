package dev.athanor.core.initializers;

import dev.athanor.core.Config;
import dev.athanor.core.Initializer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Identity(gain=1.0)}: {@code gain * eye(rows, cols)} for a 2D shape (rectangular
 * shapes get ones on the main diagonal); other ranks are an error, as in Keras
 * (keras/initializers/initializers_v2.py, Keras 2.6).
 */
public final class Identity implements Initializer {

    private double gain = 1.0;

    @Override
    public String registryName() {
        return "Identity";
    }

    @Override
    public List<String> aliases() {
        return List.of("identity");
    }

    /** Sets the multiplicative factor. */
    public Identity gain(double value) {
        this.gain = value;
        return this;
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        if (shape.length != 2) {
            throw new IllegalArgumentException("Identity matrix initializer can only be used for 2D matrices. "
                    + "Received: shape=" + Arrays.toString(shape));
        }
        INDArray out = Nd4j.zeros(dtype, shape);
        for (long i = 0; i < Math.min(shape[0], shape[1]); i++) {
            out.putScalar(new long[] {i, i}, gain);
        }
        return out;
    }

    @Override
    public Map<String, Object> config() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("gain", gain);
        return c;
    }

    @Override
    public void configure(Config config) {
        gain = config.getDouble("gain", 1.0);
    }

    @Override
    public String toString() {
        return "Identity(" + gain + ")";
    }
}
