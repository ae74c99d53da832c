package dev.athanor.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What rank 0 returns: the trained model as {@code .h5} bytes (weights and optimizer state), the
 * merged per-epoch logs, and timings (wall time of the steps and the part spent all-reducing).
 */
record WorkerResult(byte[] modelH5, List<Map<String, Double>> epochLogs, long stepNanos, long allReduceNanos,
        int steps) implements Serializable {
}
