package dev.athanor.losses;

import dev.athanor.core.Tensor;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Target conversions shared by the hinge losses. */
final class Labels {

    private Labels() {
    }

    /**
     * Keras's {@code _maybe_convert_labels}: when every element is 0 or 1, returns
     * {@code 2 * y - 1}; otherwise {@code y} unchanged.
     */
    static Tensor maybeConvertBinary(Tensor yTrue) {
        INDArray v = yTrue.value();
        long n = v.length();
        INDArray flat = v.reshape(n);
        for (long i = 0; i < n; i++) {
            double d = flat.getDouble(i);
            if (d != 0.0 && d != 1.0) {
                return yTrue;
            }
        }
        return yTrue.mul(2.0).sub(1.0);
    }
}
