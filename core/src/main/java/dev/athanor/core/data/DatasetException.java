package dev.athanor.core.data;

/**
 * A batch could not be produced or does not fit the model. Carries the index of the batch (as passed to
 * {@link Dataset#batch(int)}) so the failing sample range can be found in the source.
 */
public class DatasetException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int batchIndex;

    /** A failure of batch {@code batchIndex} described by {@code message}. */
    public DatasetException(int batchIndex, String message, Throwable cause) {
        super(message, cause);
        this.batchIndex = batchIndex;
    }

    /** Wraps what a source threw while producing batch {@code batchIndex}. */
    public DatasetException(int batchIndex, Throwable cause) {
        this(batchIndex, "Batch " + batchIndex + " of the dataset failed: " + cause, cause);
    }

    /** The index of the failing batch. */
    public int batchIndex() {
        return batchIndex;
    }
}
