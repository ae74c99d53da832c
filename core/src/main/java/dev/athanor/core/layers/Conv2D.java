package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.ops.ConvOps;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Conv2D(filters, kernel_size, strides=(1, 1), padding="valid",
 * data_format="channels_last", dilation_rate=(1, 1), groups=1, activation=None, use_bias=True,
 * kernel_initializer="glorot_uniform", bias_initializer="zeros", ...)} (Keras 2.6):
 *
 * <pre>  out[n, i, j, o] = bias[o] + sum_{a, b, c} in[n, i*s0 + a*d0 - pad0, j*s1 + b*d1 - pad1, c] * kernel[a, b, c, o]</pre>
 *
 * on {@code [batch, rows, cols, channels]} inputs (or {@code [batch, channels, rows, cols]} with
 * channels_first). Weights: {@code kernel [kh, kw, in, filters]} (HWIO, as Keras stores it whatever
 * the data format), then {@code bias [filters]}. Output size per axis: valid
 * {@code ceil((n - (k - 1) * d) / s)}, same {@code ceil(n / s)}; same padding puts
 * {@code floor(total / 2)} zeros before, the rest after (TensorFlow's rule). Only {@code groups=1}.
 */
public class Conv2D extends KernelConv<Conv2D> {

    /** For the registry; {@code filters} and {@code kernel_size} must be configured. */
    public Conv2D() {
        super(2);
    }

    /** {@code filters} output channels, a square or {@code [kh, kw]} kernel. */
    public Conv2D(int filters, int... kernelSize) {
        this();
        filters(filters);
        kernelSize(kernelSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("Convolution2D");
    }

    @Override
    long[] kernelShape(long inChannels) {
        int[] k = kernelSize();
        return new long[] {k[0], k[1], inChannels, filters()};
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
