package dev.athanor.callbacks.tensorboard;

import com.google.protobuf.ByteString;
import dev.athanor.callbacks.tensorboard.proto.DataType;
import dev.athanor.callbacks.tensorboard.proto.Summary;
import dev.athanor.callbacks.tensorboard.proto.SummaryMetadata;
import dev.athanor.callbacks.tensorboard.proto.TensorProto;
import dev.athanor.callbacks.tensorboard.proto.TensorShapeProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * Summary values as TensorFlow 2's {@code tf.summary} writes them: each is a tensor with plugin
 * metadata that tells TensorBoard which dashboard shows it.
 * <ul>
 *   <li>scalar: a {@code DT_FLOAT} scalar, plugin {@code scalars};</li>
 *   <li>histogram: a {@code DT_DOUBLE [k, 3]} tensor of {@code [left, right, count]} rows
 *       ({@link Histograms}), plugin {@code histograms};</li>
 *   <li>text: a {@code DT_STRING} scalar (Markdown), plugin {@code text};</li>
 *   <li>Keras model: the model's Keras JSON as a {@code DT_STRING} scalar, plugin
 *       {@code graph_keras_model} with content {@code "1"}, which TensorBoard's Graphs dashboard draws
 *       as the model's conceptual graph (Keras's {@code keras_model_summary}).</li>
 * </ul>
 * Plugin versions are 0, whose serialized plugin data is empty, as TensorFlow writes them.
 */
public final class Summaries {

    private Summaries() {
    }

    private static SummaryMetadata plugin(String name, ByteString content) {
        return SummaryMetadata.newBuilder()
                .setPluginData(SummaryMetadata.PluginData.newBuilder().setPluginName(name).setContent(content))
                .build();
    }

    /** {@code tf.summary.scalar(tag, value)}. */
    public static Summary.Value scalar(String tag, double value) {
        ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putFloat((float) value);
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .setTensorContent(ByteString.copyFrom(b.array())).build();
        return Summary.Value.newBuilder().setTag(tag).setTensor(t).setMetadata(plugin("scalars", ByteString.EMPTY))
                .build();
    }

    /** {@code tf.summary.histogram(tag, data)} with TensorBoard's default 30 buckets. */
    public static Summary.Value histogram(String tag, double[] data) {
        double[] rows = Histograms.buckets(data, Histograms.DEFAULT_BUCKETS);
        ByteBuffer b = ByteBuffer.allocate(8 * rows.length).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : rows) {
            b.putDouble(v);
        }
        TensorShapeProto shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(rows.length / 3))
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(3)).build();
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_DOUBLE).setTensorShape(shape)
                .setTensorContent(ByteString.copyFrom(b.array())).build();
        return Summary.Value.newBuilder().setTag(tag).setTensor(t)
                .setMetadata(plugin("histograms", ByteString.EMPTY)).build();
    }

    /** {@code tf.summary.text(tag, markdown)}. */
    public static Summary.Value text(String tag, String markdown) {
        return Summary.Value.newBuilder().setTag(tag).setTensor(string(markdown))
                .setMetadata(plugin("text", ByteString.EMPTY)).build();
    }

    /** Keras's {@code keras_model_summary("keras", model)}: the model JSON for the Graphs dashboard. */
    public static Summary.Value kerasModel(String modelJson) {
        return Summary.Value.newBuilder().setTag("keras").setTensor(string(modelJson))
                .setMetadata(plugin("graph_keras_model", ByteString.copyFromUtf8("1"))).build();
    }

    private static TensorProto string(String s) {
        return TensorProto.newBuilder().setDtype(DataType.DT_STRING)
                .setTensorShape(TensorShapeProto.getDefaultInstance())
                .addStringVal(ByteString.copyFrom(s.getBytes(StandardCharsets.UTF_8))).build();
    }
}
