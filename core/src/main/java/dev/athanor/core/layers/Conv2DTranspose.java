package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.ops.ConvOps;
import dev.athanor.core.Tensor;
import java.util.List;
import java.util.Map;

/**
 * Keras's {@code Conv2DTranspose(filters, kernel_size, strides=(1, 1), padding="valid",
 * output_padding=None, data_format="channels_last", dilation_rate=(1, 1), ...)} (Keras 2.6): the
 * transpose (gradient w.r.t. the input) of a Conv2D, computed by libnd4j's native {@code deconv2d}.
 * Weights: {@code kernel [kh, kw, filters, in]} (note: output channels before input channels, as
 * Keras stores it), then {@code bias [filters]}. Output size per axis: valid
 * {@code (n - 1) * s + (k - 1) * d + 1}, same {@code n * s}; with same padding the first
 * {@code floor(total / 2)} rows / columns of the full result are cropped, as TensorFlow does. Only
 * {@code output_padding=None} is supported.
 */
public class Conv2DTranspose extends KernelConv<Conv2DTranspose> {

    /** For the registry; {@code filters} and {@code kernel_size} must be configured. */
    public Conv2DTranspose() {
        super(2);
    }

    /** {@code filters} output channels and a square or {@code [kh, kw]} kernel. */
    public Conv2DTranspose(int filters, int... kernelSize) {
        this();
        filters(filters);
        kernelSize(kernelSize);
    }

    @Override
    public List<String> aliases() {
        return List.of("Convolution2DTranspose");
    }

    @Override
    long[] kernelShape(long inChannels) {
        int[] k = kernelSize();
        return new long[] {k[0], k[1], filters(), inChannels};
    }

    @Override
    long outputLength(long input, int i) {
        return ConvOps.Geometry.transposedLength(input, kernelSize()[i], stride(i), dilation(i),
                "same".equals(padding()));
    }

    @Override
    Tensor convolve(Tensor x, ConvOps.Geometry geometry) {
        return ConvOps.conv2dTranspose(x, kernel().tensor(), biasTensor(), geometry);
    }

    @Override
    void writeGroups(Map<String, Object> c) {
        c.put("groups", 1);
    }

    @Override
    void writeKernelConfig(Map<String, Object> c) {
        super.writeKernelConfig(c);
        c.put("output_padding", null);
    }

    @Override
    void readOwnConfig(Config c) {
        super.readOwnConfig(c);
        ConvGroups.requireOne(c, registryName());
        Object op = c.get("output_padding");
        if (op != null) {
            throw new IllegalArgumentException("Conv2DTranspose supports only output_padding=None. Received:"
                    + " output_padding=" + op);
        }
    }
}
