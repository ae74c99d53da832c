package dev.athanor.core.training;

import dev.athanor.core.Variable;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.ops.DenseKernels;
import dev.athanor.core.ops.HostBlas;
import java.nio.FloatBuffer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One Dense layer of a {@link StepPlan}: its weights' memory, its output and output-gradient
 * buffers (sized for the plan's largest batch, used over their first rows for smaller ones), and
 * its gradient arrays, which become the variables' gradients. Forward is one {@code cblas_sgemm}
 * into the output buffer then one fused bias + activation pass; backward is one gemm for the
 * kernel's gradient, one column sum for the bias's, and one gemm (plus the ReLU mask in place)
 * for the gradient sent to the layer below.
 */
final class DensePlan {

    final Dense layer;
    final int in;
    final int units;
    /** Whether the activation is ReLU (else linear, or softmax handled by the plan's head). */
    final boolean relu;
    private final FloatPointer kernel;
    private final FloatBuffer bias;
    private INDArray kernelGrad;
    private INDArray biasGrad;
    private FloatPointer kernelGradPtr;
    private FloatBuffer biasGradBuf;
    private INDArray out;
    private FloatPointer outPtr;
    private FloatBuffer outBuf;
    private INDArray grad;
    private FloatPointer gradPtr;
    private FloatBuffer gradBuf;

    DensePlan(Dense layer, boolean relu) {
        this.layer = layer;
        INDArray w = layer.kernel().value();
        this.in = Math.toIntExact(w.size(0));
        this.units = Math.toIntExact(w.size(1));
        this.relu = relu;
        this.kernel = HostBlas.floatsAt(w, 0);
        this.bias = layer.bias() == null ? null : HostBlas.floatRegion(layer.bias().value(), 0, units);
    }

    /** Whether a variable's memory can be addressed as the plan does (dense C-order float32, its own buffer). */
    static boolean addressable(INDArray a) {
        return a.dataType() == DataType.FLOAT && a.ordering() == 'c' && !a.isView() && a.offset() == 0
                && a.data().length() == a.length();
    }

    /** (Re)allocates the activation buffers for batches of up to {@code rows} rows. */
    void allocate(int rows, boolean training) {
        out = Nd4j.createUninitializedDetached(DataType.FLOAT, (long) rows * units);
        outPtr = HostBlas.floatsAt(out, 0);
        outBuf = HostBlas.floatRegion(out, 0, (long) rows * units);
        if (training) {
            grad = Nd4j.createUninitializedDetached(DataType.FLOAT, (long) rows * units);
            gradPtr = HostBlas.floatsAt(grad, 0);
            gradBuf = HostBlas.floatRegion(grad, 0, (long) rows * units);
            if (kernelGrad == null) {
                kernelGrad = Nd4j.createUninitialized(DataType.FLOAT, in, units);
                kernelGradPtr = HostBlas.floatsAt(kernelGrad, 0);
                if (bias != null) {
                    biasGrad = Nd4j.createUninitialized(DataType.FLOAT, units);
                    biasGradBuf = HostBlas.floatRegion(biasGrad, 0, units);
                }
            }
        }
    }

    FloatPointer outPtr() {
        return outPtr;
    }

    /** The output buffer (the kernels address its first rows). */
    FloatBuffer outBuffer() {
        return outBuf;
    }

    INDArray outArray() {
        return out;
    }

    FloatPointer gradPtr() {
        return gradPtr;
    }

    /** The output-gradient buffer (the kernels address its first rows). */
    FloatBuffer gradBuffer() {
        return gradBuf;
    }

    /**
     * {@code target = act(input · kernel + bias)} for {@code rows} rows; {@code target} is this
     * layer's output buffer or, for the last layer of a prediction, the result's rows.
     */
    void forward(FloatPointer input, int rows, FloatPointer target, FloatBuffer targetBuf) {
        HostBlas.sgemm(false, false, rows, units, in, 1f, input, in, kernel, units, 0f, target, units);
        DenseKernels.biasActivation(targetBuf, rows, units, bias, relu);
    }

    /**
     * With this layer's output gradient (the gradient of the loss with respect to its
     * pre-activation) in its gradient buffer: the variables' gradients, and when {@code below} is
     * non-null the pre-activation gradient of the layer below in {@code below}'s gradient buffer.
     */
    void backward(FloatPointer input, int rows, DensePlan below) {
        HostBlas.sgemm(true, false, in, units, rows, 1f, input, in, gradPtr, units, 0f, kernelGradPtr, units);
        if (bias != null) {
            DenseKernels.columnSums(gradBuffer(), rows, units, biasGradBuf);
        }
        if (below != null) {
            HostBlas.sgemm(false, true, rows, in, units, 1f, gradPtr, units, kernel, units, 0f, below.gradPtr, in);
            if (below.relu) {
                DenseKernels.reluBackward(below.gradBuffer(), below.outBuffer(), rows, in);
            }
        }
    }

    /** Hands this layer's gradient arrays to its variables (the optimizer reads them there). */
    void publishGradients() {
        layer.kernel().tensor().plannedGrad(kernelGrad);
        Variable b = layer.bias();
        if (b != null) {
            b.tensor().plannedGrad(biasGrad);
        }
    }
}
