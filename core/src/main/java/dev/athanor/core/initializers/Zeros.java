package dev.athanor.core.initializers;

import dev.athanor.core.Initializer;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code Zeros()}: all zeros, the default bias initializer. Config: empty. */
public final class Zeros implements Initializer {

    @Override
    public String registryName() {
        return "Zeros";
    }

    @Override
    public List<String> aliases() {
        return List.of("zeros", "zero");
    }

    @Override
    public INDArray initialize(long[] shape, DataType dtype, Random random) {
        return Nd4j.zeros(dtype, shape);
    }

    @Override
    public String toString() {
        return "Zeros";
    }
}
