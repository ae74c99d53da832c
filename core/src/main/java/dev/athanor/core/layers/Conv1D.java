package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.ops.ConvOps;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Conv1D(filters, kernel_size, strides=1, padding="valid",
 * data_format="channels_last", dilation_rate=1, groups=1, activation=None, use_bias=True,
 * kernel_initializer="glorot_uniform", bias_initializer="zeros", ...)} (Keras 2.6): a temporal
 * convolution over {@code [batch, steps, channels]} (or {@code [batch, channels, steps]}).
 *
 * <pre>  out[n, t, o] = bias[o] + sum_{a, c} in[n, t*s + a*d - pad, c] * kernel[a, c, o]</pre>
 *
 * Weights: {@code kernel [k, in, filters]}, then {@code bias [filters]}. Padding valid, same
 * (TensorFlow's split: {@code floor(total / 2)} before) or causal ({@code (k - 1) * d} zeros before,
 * so output t sees only inputs up to t). Only {@code groups=1}.
 */
public class Conv1D extends KernelConv<Conv1D> {

    /** For the registry; {@code filters} and {@code kernel_size} must be configured. */
    public Conv1D() {
        super(1);
    }

    /** {@code filters} output channels and a kernel of {@code kernelSize} steps. */
    public Conv1D(int filters, int kernelSize) {
        this();
        filters(filters);
        kernelSize(kernelSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("Convolution1D");
    }

    @Override
    long[] kernelShape(long inChannels) {
        return new long[] {kernelSize()[0], inChannels, filters()};
    }

    @Override
    Tensor convolve(Tensor x, ConvOps.Geometry geometry) {
        return ConvOps.conv2d(x, kernel4d(kernel()), biasTensor(), geometry);
    }

    @Override
    Tensor convolveRelu(Tensor x, ConvOps.Geometry geometry) {
        return ConvOps.conv2dRelu(x, kernel4d(kernel()), biasTensor(), geometry);
    }

    @Override
    void writeGroups(Map<String, Object> c) {
        c.put("groups", 1);
    }

    @Override
    void readOwnConfig(Config c) {
        super.readOwnConfig(c);
        ConvGroups.requireOne(c, registryName());
    }
}
