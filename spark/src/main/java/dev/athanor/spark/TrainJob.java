package dev.athanor.spark;

import java.io.Serializable;
import java.util.List;

/**
 * Everything a worker needs, broadcast once: the model as {@code .h5} bytes, the data layout, the
 * fit settings and the job's secret that authenticates ring connections.
 */
record TrainJob(
        byte[] modelH5,
        byte[] secret,
        GlobalBatches layout,
        int epochs,
        boolean shuffle,
        long seed,
        List<String> logKeys,
        int portFrom,
        int portTo,
        long connectTimeoutMs,
        long ioTimeoutMs,
        int failRankOnFirstAttempt) implements Serializable {
}
