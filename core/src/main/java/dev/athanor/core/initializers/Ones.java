package dev.athanor.core.initializers;

import dev.athanor.core.Initializer;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code Ones()}: all ones (BatchNormalization's gamma and moving variance). Config: empty. */
public final class Ones implements Initializer {

    @Override
    public String registryName() {
        return "Ones";
    }

    @Override
    public List<String> aliases() {
        return List.of("ones", "one");
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        return Nd4j.ones(dtype, shape);
    }

    @Override
    public String toString() {
        return "Ones";
    }
}
