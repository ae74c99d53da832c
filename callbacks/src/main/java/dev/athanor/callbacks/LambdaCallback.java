package dev.athanor.callbacks;

import dev.athanor.core.Callback;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Keras's {@code LambdaCallback(on_epoch_begin, on_epoch_end, on_batch_begin, on_batch_end,
 * on_train_begin, on_train_end)}: a callback built from functions, each optional. Epoch and
 * batch hooks receive the 0-based index and the logs (which they may modify: later callbacks see
 * the change); train hooks receive the logs.
 *
 * <pre>{@code new LambdaCallback().onEpochEnd((epoch, logs) -> System.out.println(logs))}</pre>
 *
 * Functions cannot go into a config, so {@link #config()} is empty.
 */
public class LambdaCallback implements Callback {

    private BiConsumer<Integer, Map<String, Double>> epochBegin;
    private BiConsumer<Integer, Map<String, Double>> epochEnd;
    private BiConsumer<Integer, Map<String, Double>> batchBegin;
    private BiConsumer<Integer, Map<String, Double>> batchEnd;
    private Consumer<Map<String, Double>> trainBegin;
    private Consumer<Map<String, Double>> trainEnd;

    @Override
    public String registryName() {
        return "LambdaCallback";
    }

    /** {@code on_epoch_begin(epoch, logs)}. */
    public LambdaCallback onEpochBegin(BiConsumer<Integer, Map<String, Double>> f) {
        this.epochBegin = f;
        return this;
    }

    /** {@code on_epoch_end(epoch, logs)}. */
    public LambdaCallback onEpochEnd(BiConsumer<Integer, Map<String, Double>> f) {
        this.epochEnd = f;
        return this;
    }

    /** {@code on_batch_begin(batch, logs)}. */
    public LambdaCallback onBatchBegin(BiConsumer<Integer, Map<String, Double>> f) {
        this.batchBegin = f;
        return this;
    }

    /** {@code on_batch_end(batch, logs)}. */
    public LambdaCallback onBatchEnd(BiConsumer<Integer, Map<String, Double>> f) {
        this.batchEnd = f;
        return this;
    }

    /** {@code on_train_begin(logs)}. */
    public LambdaCallback onTrainBegin(Consumer<Map<String, Double>> f) {
        this.trainBegin = f;
        return this;
    }

    /** {@code on_train_end(logs)}. */
    public LambdaCallback onTrainEnd(Consumer<Map<String, Double>> f) {
        this.trainEnd = f;
        return this;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        if (epochBegin != null) {
            epochBegin.accept(epoch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (epochEnd != null) {
            epochEnd.accept(epoch, logs);
        }
    }

    @Override
    public void onBatchBegin(int batch, Map<String, Double> logs) {
        if (batchBegin != null) {
            batchBegin.accept(batch, logs);
        }
    }

    @Override
    public void onBatchEnd(int batch, Map<String, Double> logs) {
        if (batchEnd != null) {
            batchEnd.accept(batch, logs);
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        if (trainBegin != null) {
            trainBegin.accept(logs);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (trainEnd != null) {
            trainEnd.accept(logs);
        }
    }
}
