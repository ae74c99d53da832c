package dev.athanor.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What rank 0 returns from a stage: the trained model as {@code .h5} bytes (weights and optimizer
 * state), the merged logs of the stage's epochs, timings (wall time of the steps this attempt ran
 * and the part spent all-reducing), and the checkpoint epoch the attempt resumed after (-1: it
 * started from the broadcast model).
 */
record WorkerResult(byte[] modelH5, List<Map<String, Double>> epochLogs, long stepNanos, long allReduceNanos,
        int steps, int resumedAfterEpoch) implements Serializable {
}
