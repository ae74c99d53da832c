package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code Masking(mask_value=0.0)} (keras/layers/core.py, Keras 2.6): marks the timesteps
 * whose features all equal {@code mask_value} as padding, for the layers downstream, and zeroes
 * them:
 *
 * <pre>  mask[b, t]   = any(input[b, t, :] != mask_value)
 *  output       = input * mask[..., None]</pre>
 */
public class Masking extends SingleInputLayer {

    private double maskValue;

    /** Masks timesteps that are all zeros. */
    public Masking() {
    }

    /** Masks timesteps whose features all equal {@code maskValue}. */
    public Masking(double maskValue) {
        this.maskValue = maskValue;
    }

    /** Sets the padding value. */
    public Masking maskValue(double value) {
        this.maskValue = value;
        return this;
    }

    /** The padding value. */
    public double maskValue() {
        return maskValue;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    protected void checkInputShape(long[] inputShape) {
        if (inputShape.length < 3) {
            throw new LayerShapeException("Layer '" + name() + "' (Masking) expects an input of rank >= 3"
                    + " (batch, timesteps, features) but received shape "
                    + dev.athanor.core.Shapes.describe(inputShape) + ".");
        }
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    private INDArray mask(INDArray x) {
        // any(x != v) over the feature axis, as a 0/1 array of x's type
        return x.neq(maskValue).castTo(x.dataType()).max(x.rank() - 1);
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        INDArray x = input.value();
        INDArray m = mask(x);
        long[] shape = x.shape().clone();
        shape[shape.length - 1] = 1;
        return input.mul(Tensor.of(m.reshape(shape)));
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> inputMasks) {
        return Collections.singletonList(mask(inputs.get(0).value()));
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("mask_value", maskValue);
    }

    @Override
    protected void readConfig(Config c) {
        maskValue = c.getDouble("mask_value", 0.0);
    }
}
