package dev.athanor.core;

import java.util.Map;

/**
 * Hooks into {@code fit} (Keras's {@code keras.callbacks.Callback}).
 *
 * <p><b>Lifecycle.</b> For each fit: {@link #setModel}, {@link #setParams} (where a callback checks
 * its settings against the log keys the fit will produce and throws to fail fast), then
 * {@link #onTrainBegin}; per epoch {@link #onEpochBegin}, per batch {@link #onBatchBegin} /
 * {@link #onBatchEnd}, then {@link #onEpochEnd} with the epoch's logs (loss, metrics, val_*); finally
 * {@link #onTrainEnd}. Epoch indices are 0-based as in Keras (templates show epoch + 1).
 *
 * <p><b>Order.</b> Callbacks run in the order given to {@code FitOptions.callbacks(...)}, after the
 * progress bar and before {@link History}, which always runs last and is returned by fit. A callback
 * may add keys to the logs map; later callbacks see them.
 *
 * <p><b>Failures.</b> An exception thrown by a callback stops fit at once and propagates to the
 * caller unchanged; callbacks after it are not called for that event and {@link #onTrainEnd} is not
 * called. The model keeps the weights of the last completed step. A callback that only wants to stop
 * training calls {@code model.stopTraining(true)} instead.
 *
 * <p>Registered callbacks (listed in {@code META-INF/services/dev.athanor.core.Callback}) can be named
 * in declarative training configs.
 */
public interface Callback extends Component {

    /** Null for an unregistered callback. */
    @Override
    default String registryName() {
        return null;
    }

    /** The model being trained. */
    default void setModel(Model model) {
    }

    /**
     * Keys this callback adds to the epoch logs (e.g. "lr"), so that the fit's
     * {@link FitParams#logKeys()} include them before any callback checks its settings.
     */
    default java.util.List<String> addedLogKeys() {
        return java.util.List.of();
    }

    /** What this fit will do, including the log keys it will produce. Throw to refuse the fit. */
    default void setParams(FitParams params) {
    }

    /** Before the first epoch. */
    default void onTrainBegin(Map<String, Double> logs) {
    }

    /** After the last epoch (or when training was stopped). */
    default void onTrainEnd(Map<String, Double> logs) {
    }

    /** Before an epoch (0-based). */
    default void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    /** After an epoch, with its logs. */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    /** Before a training batch (0-based within the epoch). */
    default void onBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** After a training batch, with the running means so far in this epoch. */
    default void onBatchEnd(int batch, Map<String, Double> logs) {
    }

    /** State to keep in a full-model checkpoint so that a resumed run behaves as the original. */
    default Map<String, Object> state() {
        return Map.of();
    }

    /** Restores {@link #state()} read from a checkpoint. */
    default void restoreState(Map<String, Object> state) {
    }
}
