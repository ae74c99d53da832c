package dev.athanor.bench;

/**
 * One system under test (Athanor, Deeplearning4j, or the gemm bound) holding one workload's model:
 * the W1-W3 MLP (784 -> Dense 512 relu -> Dense 256 relu -> Dense 10 softmax), W5's convnet or W6's
 * LSTM; categorical crossentropy, Adam(1e-3).
 */
interface TrainingSystem {

    /** Short name for the table. */
    String name();

    /** Trains one epoch over the data set with this batch size (shuffled per epoch). */
    void trainEpoch(Workloads.Data data, int batchSize, int epoch);

    /** Trainable parameters of the model, or -1 where there is no model (the gemm bound). */
    default long parameters() {
        return -1;
    }

    /** Predicts every sample of the data set in batches of this size. */
    void predict(Workloads.Data data, int batchSize);
}
