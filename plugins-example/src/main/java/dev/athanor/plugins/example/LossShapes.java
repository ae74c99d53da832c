package dev.athanor.plugins.example;

import dev.athanor.core.Tensor;
import java.util.Arrays;

/** Shape checks shared by this plugin's losses. */
final class LossShapes {

    private LossShapes() {
    }

    /** Fails naming the loss and both shapes unless targets and predictions have the same shape. */
    static void requireSame(String loss, Tensor yTrue, Tensor yPred, String hint) {
        if (!Arrays.equals(yTrue.shape(), yPred.shape())) {
            throw new IllegalArgumentException("Loss '" + loss + "' needs targets shaped like the predictions."
                    + " Received: y_true shape " + Arrays.toString(yTrue.shape()) + ", y_pred shape "
                    + Arrays.toString(yPred.shape()) + "." + hint);
        }
    }
}
