package dev.athanor.core;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;

/**
 * What a fit will do, given to callbacks before it starts (Keras's {@code callback.params}).
 *
 * @param epochs the epoch count (the last epoch index + 1)
 * @param initialEpoch the first epoch index
 * @param steps batches per epoch, or -1 when a stream's length is unknown
 * @param samples training samples, or -1 when training from a {@link dev.athanor.core.data.Dataset}
 * @param batchSize batch size
 * @param verbose verbosity
 * @param logKeys every key the epoch logs will hold (loss, metrics, and val_* with validation)
 * @param higherIsBetter per log key, whether larger is better
 * @param seed the fit's seed
 * @param out where the fit prints (its progress bar, and callbacks' verbose messages)
 */
public record FitParams(int epochs, int initialEpoch, int steps, int samples, int batchSize, int verbose,
                        List<String> logKeys, Map<String, Boolean> higherIsBetter, long seed,
                        PrintStream out) {

    /** Whether larger values of a log key are better; null when the key is unknown. */
    public Boolean isHigherBetter(String key) {
        return higherIsBetter.get(key);
    }
}
