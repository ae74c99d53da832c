package dev.athanor.core;

import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Creates a weight's initial value (Keras's initializers: glorot_uniform, zeros, ...). */
public interface Initializer extends Component {

    /**
     * A new array of the given shape. Fan-in and fan-out follow Keras: for a kernel
     * {@code [..receptive.., in, out]}, fan_in = in * receptive, fan_out = out * receptive.
     *
     * @param random the seeded generator to draw from (ignored when the initializer has its own seed)
     */
    INDArray initialize(long[] shape, DataType dtype, Random random);
}
