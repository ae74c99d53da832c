package dev.athanor.spark;

import dev.athanor.core.Model;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.broadcast.Broadcast;

/**
 * The models executors have loaded from broadcast {@code .h5} bytes, one per broadcast per JVM
 * (prediction is thread-safe, so concurrent tasks share it). Only the few most recent are kept.
 */
final class BroadcastModels {

    private static final int KEEP = 4;
    private static final Map<Long, Model> CACHE = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Model> eldest) {
            return size() > KEEP;
        }
    };

    private BroadcastModels() {
    }

    static synchronized Model get(Broadcast<byte[]> model) {
        return CACHE.computeIfAbsent(model.id(), id -> ModelBytes.load(model.value()));
    }
}
