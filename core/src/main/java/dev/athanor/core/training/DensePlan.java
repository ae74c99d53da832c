package dev.athanor.core.training;

import dev.athanor.core.Variable;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.ops.DenseKernels;
import dev.athanor.core.ops.HostBlas;
import dev.athanor.core.ops.PlannedActivation;
import java.nio.FloatBuffer;
import java.util.Random;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One Dense layer of a {@link StepPlan}, with the Dropout that may follow it: its weights' memory,
 * its output and output-gradient buffers (sized for the plan's largest batch, used over their
 * first rows for smaller ones), and its gradient arrays, which become the variables' gradients.
 * Forward is one {@code cblas_sgemm} into the output buffer, one fused bias + activation pass and,
 * when training with a dropout after it, one pass that draws the mask and writes the dropped
 * output; backward is one gemm for the kernel's gradient, one column sum for the bias's, and one
 * gemm (then the dropout mask and the activation's gradient in place) for the gradient sent to the
 * layer below.
 */
final class DensePlan {

    final Dense layer;
    final int in;
    final int units;
    /** The activation this plan applies (linear for a last layer whose activation the loss fuses). */
    final PlannedActivation act;
    /** The rate of the Dropout after this layer, or 0. */
    private final double dropoutRate;
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
    /** Training with dropout: the mask and the dropped output (what the next layer reads). */
    private FloatBuffer maskBuf;
    private FloatPointer droppedPtr;
    private FloatBuffer droppedBuf;
    private boolean dropping;

    DensePlan(Dense layer, PlannedActivation act, double dropoutRate) {
        this.layer = layer;
        INDArray w = layer.kernel().value();
        this.in = Math.toIntExact(w.size(0));
        this.units = Math.toIntExact(w.size(1));
        this.act = act;
        this.dropoutRate = dropoutRate;
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
        long size = (long) rows * units;
        out = Nd4j.createUninitializedDetached(DataType.FLOAT, size);
        outPtr = HostBlas.floatsAt(out, 0);
        outBuf = HostBlas.floatRegion(out, 0, size);
        if (training) {
            grad = Nd4j.createUninitializedDetached(DataType.FLOAT, size);
            gradPtr = HostBlas.floatsAt(grad, 0);
            gradBuf = HostBlas.floatRegion(grad, 0, size);
            if (dropoutRate > 0) {
                INDArray mask = Nd4j.createUninitializedDetached(DataType.FLOAT, size);
                maskBuf = HostBlas.floatRegion(mask, 0, size);
                INDArray dropped = Nd4j.createUninitializedDetached(DataType.FLOAT, size);
                droppedPtr = HostBlas.floatsAt(dropped, 0);
                droppedBuf = HostBlas.floatRegion(dropped, 0, size);
            }
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

    /** The layer's output (before any dropout). */
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

    /** What the next layer reads: the dropped output while training with dropout, else the output. */
    FloatPointer nextInput() {
        return dropping ? droppedPtr : outPtr;
    }

    /** The output-gradient buffer (the kernels address its first rows). */
    FloatBuffer gradBuffer() {
        return gradBuf;
    }

    /**
     * {@code target = act(input · kernel + bias)} for {@code rows} rows; {@code target} is this
     * layer's output buffer or, for the last layer of a prediction, the result's rows. With
     * {@code dropout} non-null (a training step) and a Dropout after this layer, also draws its mask.
     */
    void forward(FloatPointer input, int rows, FloatPointer target, FloatBuffer targetBuf, Random dropout) {
        HostBlas.sgemm(false, false, rows, units, in, 1f, input, in, kernel, units, 0f, target, units);
        DenseKernels.biasActivation(targetBuf, rows, units, bias, act);
        dropping = dropout != null && dropoutRate > 0;
        if (dropping) {
            DenseKernels.dropout(targetBuf, droppedBuf, maskBuf, rows, units, dropoutRate, dropout);
        }
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
            if (below.dropping) {
                DenseKernels.multiply(below.gradBuffer(), below.maskBuf, rows, in);
            }
            DenseKernels.activationBackward(below.gradBuffer(), below.outBuffer(), rows, in, below.act);
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
