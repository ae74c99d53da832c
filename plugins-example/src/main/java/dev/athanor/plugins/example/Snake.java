package dev.athanor.plugins.example;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Layer;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Snake activation (Liu, Ziyin and Ueda, "Neural networks fail to learn periodic functions and
 * how to fix it", 2020), written with core's custom-op API ({@link Tensor#customOp}) to show a
 * plugin op with a hand-written gradient:
 *
 * <pre>  y = x + sin(a x)^2 / a,        dy/dx = 1 + sin(2 a x)</pre>
 *
 * (the derivative because {@code d/dx sin(ax)^2 = 2 a sin(ax) cos(ax) = a sin(2ax)}). Element-wise;
 * output shape equals input shape. Registry name {@code Snake}; config {@code alpha} (the
 * frequency {@code a}, default 1.0, must be positive).
 */
public class Snake extends Layer {

    private double alpha = 1.0;

    /** The registry's constructor: {@code alpha = 1}. */
    public Snake() {
    }

    /** The frequency {@code a} (positive). */
    public Snake alpha(double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException("Snake's alpha must be a positive finite number. Received: " + value);
        }
        this.alpha = value;
        return this;
    }

    /** The frequency {@code a}. */
    public double alpha() {
        return alpha;
    }

    /** The Snake op on one tensor, with its gradient; usable outside the layer too. */
    public static Tensor snake(Tensor x, double a) {
        INDArray in = x.value();
        INDArray sin = Transforms.sin(in.mul(a));
        INDArray y = in.add(sin.muli(sin).divi(a));
        return Tensor.customOp("snake", y, g -> new INDArray[] {g.mul(Transforms.sin(in.mul(2 * a)).addi(1))}, x);
    }

    @Override
    public List<long[]> computeOutputShape(List<long[]> inputShapes) {
        return List.of(inputShapes.get(0).clone());
    }

    @Override
    protected List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(snake(inputs.get(0), alpha));
    }

    @Override
    protected void writeConfig(Map<String, Object> config) {
        config.put("alpha", alpha);
    }

    @Override
    protected void readConfig(Config config) {
        alpha(config.getDouble("alpha", 1.0));
    }
}
