package dev.athanor.core.training;

import dev.athanor.core.Internal;
import dev.athanor.core.Variable;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keras's check after the first backward pass of a fit: trainable weights that got no gradient are
 * named in a warning ("Gradients do not exist for variables ..."), and a loss that reaches none of
 * them is an error. Without it, a loss built from raw {@code INDArray} operations (which cuts the
 * autodiff graph) trains silently with weights that never change.
 */
@Internal
public final class MissingGradients {

    private static final Logger LOG = LoggerFactory.getLogger(MissingGradients.class);

    private MissingGradients() {
    }

    /**
     * Checks the gradients of {@code trainable} after a backward pass.
     *
     * @return the warning given (null when every variable has a gradient), for callers that show it
     * @throws IllegalStateException if no trainable variable received a gradient
     */
    public static String check(List<Variable> trainable) {
        List<String> missing = new ArrayList<>();
        for (Variable v : trainable) {
            if (v.grad() == null) {
                missing.add(v.name());
            }
        }
        if (missing.isEmpty() || trainable.isEmpty()) {
            return null;
        }
        if (missing.size() == trainable.size()) {
            throw new IllegalStateException("No gradients provided for any variable: the loss does not depend on"
                    + " any of the model's " + trainable.size() + " trainable weights through Tensor operations."
                    + " A loss or layer that computes with raw INDArray values (tensor.value()...) cuts the graph:"
                    + " build it from Tensor/Backend operations, or record a custom op with Tensor.customOp.");
        }
        String msg = "Gradients do not exist for variables " + missing + " when minimizing the loss: they will not"
                + " change. If that is not intended, check that the loss depends on them through Tensor operations"
                + " (or mark their layers trainable(false)).";
        LOG.warn(msg);
        return msg;
    }
}
