package dev.athanor.core.layers;

import dev.athanor.core.Config;
import dev.athanor.core.Tensor;
import java.util.Map;

/**
 * Keras's {@code Flatten(data_format=None)} (keras/layers/core.py, Keras 2.6): reshapes
 * {@code [batch, d1, ..., dk]} to {@code [batch, d1 * ... * dk]} (C order); a rank-1 input becomes
 * {@code [batch, 1]}. With {@code data_format="channels_first"} and rank &gt;= 3 the channel axis
 * is first moved last, so the flattened order matches channels_last models.
 */
public class Flatten extends SingleInputLayer {

    private String dataFormat = "channels_last";

    /** Sets {@code data_format}: channels_last (default) or channels_first. */
    public Flatten dataFormat(String value) {
        if (!"channels_last".equals(value) && !"channels_first".equals(value)) {
            throw new IllegalArgumentException("`data_format` must be 'channels_last' or 'channels_first'. "
                    + "Received: data_format=" + value);
        }
        this.dataFormat = value;
        return this;
    }

    @Override
    public long[] computeOutputShape(long[] inputShape) {
        long n = 1;
        for (int i = 1; i < inputShape.length; i++) {
            if (inputShape[i] < 0) {
                return new long[] {inputShape[0], -1};
            }
            n *= inputShape[i];
        }
        return new long[] {inputShape[0], n};
    }

    @Override
    protected Tensor call(Tensor input, boolean training) {
        Tensor x = input;
        int rank = x.rank();
        if ("channels_first".equals(dataFormat) && rank >= 3) {
            int[] perm = new int[rank];
            perm[0] = 0;
            for (int i = 1; i < rank - 1; i++) {
                perm[i] = i + 1;
            }
            perm[rank - 1] = 1;
            x = x.permute(perm);
        }
        long batch = x.shape()[0];
        long rest = batch == 0 ? 0 : x.value().length() / batch;
        return x.reshape(batch, batch == 0 ? computeOutputShape(input.shape())[1] : rest);
    }

    @Override
    protected void writeConfig(Map<String, Object> c) {
        c.put("data_format", dataFormat);
    }

    @Override
    protected void readConfig(Config c) {
        dataFormat(c.getString("data_format", "channels_last"));
    }
}
