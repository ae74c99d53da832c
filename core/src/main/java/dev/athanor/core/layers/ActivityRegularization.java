package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import dev.athanor.core.regularizers.L1L2;
import java.util.Map;

/**
 * Keras's {@code ActivityRegularization(l1=0.0, l2=0.0)}
 * (keras/src/layers/regularization/activity_regularization.py): passes its input through and adds
 * {@code (l1 · sum|x| + l2 · sum x²) / batch} to the training loss, as Keras 3 adds an activity
 * regularizer's penalty (divided by the batch size). The loss is recorded only while a model
 * collects losses (training), like every {@code addLoss}. The input's Keras mask passes on.
 */
public class ActivityRegularization extends SingleInputLayer {

    private double l1;
    private double l2;

    /** Keras's defaults: no penalty. */
    public ActivityRegularization() {
    }

    /** The given factors. */
    public ActivityRegularization(double l1, double l2) {
        l1(l1);
        l2(l2);
    }

    /** {@code l1}, {@code >= 0}. */
    public ActivityRegularization l1(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("ActivityRegularization `l1` must be >= 0. Received: l1=" + value);
        }
        this.l1 = value;
        return this;
    }

    /** {@code l2}, {@code >= 0}. */
    public ActivityRegularization l2(double value) {
        if (!(value >= 0)) {
            throw new IllegalArgumentException("ActivityRegularization `l2` must be >= 0. Received: l2=" + value);
        }
        this.l2 = value;
        return this;
    }

    /** The penalty this layer adds for output {@code x}: Keras's L1L2 penalty divided by the batch size. */
    public Tensor penalty(Tensor x) {
        return new L1L2(l1, l2).penalty(x).div((double) x.shape()[0]);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        return inputShape.clone();
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        if (l1 != 0 || l2 != 0) {
            addLoss(penalty(input));
        }
        return input;
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("l1", l1);
        c.put("l2", l2);
    }

    @Override
    protected void readConfig(Config c) {
        l1(c.getDouble("l1", 0.0));
        l2(c.getDouble("l2", 0.0));
        // Keras 2 wrote the regularizer itself as well; l1 and l2 carry it.
        c.ignore("activity_regularizer");
    }
}
