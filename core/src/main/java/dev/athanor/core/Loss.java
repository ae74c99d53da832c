package dev.athanor.core;

/**
 * A loss: one value per sample from targets and predictions. The model reduces over the batch
 * (a weighted mean with sample and class weights, as Keras does).
 *
 * <p>Any lambda {@code (yTrue, yPred) -> ...} written with {@link Tensor} / {@link Backend} ops is
 * a loss; its gradient is automatic. Registered losses (discovered with
 * {@link java.util.ServiceLoader} from {@code META-INF/services/dev.athanor.core.Loss}) also carry
 * a registry name and a config so that saved models name them.
 */
@FunctionalInterface
public interface Loss extends Component {

    /**
     * Per-sample loss.
     *
     * @param yTrue targets, shape {@code [batch, ...]}
     * @param yPred predictions, shape {@code [batch, ...]}
     * @return shape {@code [batch]}
     */
    Tensor call(Tensor yTrue, Tensor yPred);

    /** Null for an unregistered (lambda) loss. */
    @Override
    default String registryName() {
        return null;
    }
}
