package dev.athanor.core.ops;

import dev.athanor.core.Internal;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Per-thread off-heap temporaries that the conv and pooling kernels reuse from call to call (im2col
 * columns, their gradient, a vector of ones), instead of asking ND4J for a fresh zero-filled buffer
 * per op: on this machine kind a fresh buffer cost more than the op that filled it (the W5 profile
 * had half of the native samples in {@code allocateDataBuffer}).
 *
 * <p>A temporary is valid only inside the kernel call that fetched it: the next call on the same
 * thread, for any layer, may overwrite it. Each role keeps the largest size asked for so far (a
 * training run asks the same sizes every step), so memory stays at one set of the largest layer's
 * temporaries per thread.
 */
@Internal
public final class Scratch {

    private static final ThreadLocal<Map<String, INDArray>> BUFFERS = ThreadLocal.withInitial(HashMap::new);

    private Scratch() {
    }

    /** A flat buffer of at least {@code length} elements of type {@code t}, contents undefined. */
    static INDArray get(String role, DataType t, long length) {
        Map<String, INDArray> map = BUFFERS.get();
        String key = role + '/' + t;
        INDArray b = map.get(key);
        if (b == null || b.length() < length) {
            b = Nd4j.createUninitializedDetached(t, Math.max(length, 1));
            map.put(key, b);
        }
        return b;
    }

    /** A C-order view of {@code shape} over the start of the role's buffer, contents undefined. */
    public static INDArray shaped(String role, DataType t, long[] shape) {
        long length = 1;
        for (long v : shape) {
            length *= v;
        }
        INDArray b = get(role, t, length);
        return Nd4j.create(b.data(), shape.clone(), Nd4j.getStrides(shape, 'c'), 0, 'c');
    }

    /** A flat buffer of at least {@code length} ones of type {@code t}. */
    static INDArray ones(DataType t, long length) {
        Map<String, INDArray> map = BUFFERS.get();
        String key = "ones/" + t;
        INDArray b = map.get(key);
        if (b == null || b.length() < length) {
            b = Nd4j.createUninitializedDetached(t, Math.max(length, 1));
            b.assign(1.0);
            map.put(key, b);
        }
        return b;
    }
}
