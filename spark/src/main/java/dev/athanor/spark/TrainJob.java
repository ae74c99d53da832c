package dev.athanor.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Everything a worker needs for one barrier stage, broadcast once: the model as {@code .h5} bytes,
 * the data layout, the epochs {@code [firstEpoch, endEpoch)} this stage trains, the fit settings,
 * where checkpoints go, and the stage's secret that authenticates ring connections.
 */
record TrainJob(
        byte[] modelH5,
        byte[] secret,
        GlobalBatches layout,
        int firstEpoch,
        int endEpoch,
        int totalEpochs,
        boolean shuffle,
        long seed,
        List<String> logKeys,
        int portFrom,
        int portTo,
        long connectTimeoutMs,
        long ioTimeoutMs,
        String jobId,
        String checkpointDir,
        int checkpointEvery,
        int failRank,
        int failEpoch) implements Serializable {

    /** Whether rank 0 writes a checkpoint after {@code epoch} (0-based). */
    boolean checkpointAfter(int epoch) {
        return checkpointDir != null && checkpointEvery > 0 && (epoch + 1) % checkpointEvery == 0;
    }

    Checkpoints checkpoints() {
        return checkpointDir == null ? null : new Checkpoints(checkpointDir, jobId);
    }
}
