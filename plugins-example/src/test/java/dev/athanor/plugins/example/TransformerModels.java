package dev.athanor.plugins.example;

import dev.athanor.core.Input;
import dev.athanor.core.Model;
import dev.athanor.core.Tensor;
import dev.athanor.core.layers.Add;
import dev.athanor.core.layers.Dense;
import dev.athanor.core.layers.Dropout;
import dev.athanor.core.layers.Embedding;
import dev.athanor.core.layers.GlobalAveragePooling1D;
import dev.athanor.core.layers.LayerNormalization;
import dev.athanor.core.layers.MultiHeadAttention;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The models of Keras's "Text classification with Transformer" example, as a user writes them with
 * Athanor and this plugin's {@link TokenAndPositionEmbedding}; every layer is named, so the seeded
 * initial weights do not depend on which layers other tests created first. Also the marker task's
 * data.
 */
final class TransformerModels {

    private TransformerModels() {
    }

    /**
     * Keras's {@code TransformerBlock}: {@code x1 = LN(x + Dropout(MHA(x, x)))},
     * {@code out = LN(x1 + Dropout(Dense(d)(Dense(ff, relu)(x1))))}, LayerNormalization epsilon 1e-6.
     */
    static Tensor transformerBlock(String p, Tensor x, int embedDim, int heads, int keyDim, int ffDim, double rate) {
        Tensor attn = new MultiHeadAttention(heads, keyDim).name(p + "mha").applyAll(x, x).get(0);
        attn = new Dropout(rate).name(p + "drop1").apply(attn);
        Tensor out1 = new LayerNormalization().epsilon(1e-6).name(p + "ln1").apply(new Add().name(p + "add1").apply(x, attn));
        Tensor ffn = new Dense(ffDim).activation("relu").name(p + "ffn1").apply(out1);
        ffn = new Dense(embedDim).name(p + "ffn2").apply(ffn);
        ffn = new Dropout(rate).name(p + "drop2").apply(ffn);
        return new LayerNormalization().epsilon(1e-6).name(p + "ln2").apply(new Add().name(p + "add2").apply(out1, ffn));
    }

    /**
     * Ids {@code [T]} -> TokenAndPositionEmbedding -> Transformer block -> GlobalAveragePooling1D -> Dense softmax.
     * The position table starts from the sinusoidal encoding ({@link #sinusoid}) instead of the layer's
     * Keras-style uniform draw: the block then finds the "look one step back" attention in a few epochs.
     * (Real Keras 3.15.1 on the marker task, 4,000 sequences, Adam 5e-3: with uniform positions the held-out
     * accuracy stayed near 0.25 for 17-20 epochs before rising, with sinusoidal ones it passed 0.94 at
     * epoch 6; transformer_keras.py {@code --uniform-positions} repeats the first.)
     */
    static Model textClassifier(String p, int maxlen, int vocab, int embedDim, int heads, int keyDim, int ffDim,
                                int classes, double rate) {
        Tensor in = Input.of(maxlen);
        TokenAndPositionEmbedding embedding = new TokenAndPositionEmbedding(maxlen, vocab, embedDim);
        embedding.name(p + "embedding");
        Tensor x = embedding.apply(in);
        embedding.positionEmbeddings().assign(sinusoid(maxlen, embedDim)
                .castTo(embedding.positionEmbeddings().value().dataType()));
        x = transformerBlock(p, x, embedDim, heads, keyDim, ffDim, rate);
        x = new GlobalAveragePooling1D().name(p + "pool").apply(x);
        Tensor out = new Dense(classes).activation("softmax").name(p + "classes").apply(x);
        return new Model(List.of(in), List.of(out));
    }

    /**
     * The sinusoidal position encoding of Vaswani et al. (2017): {@code pe[t, i] = sin(t / 10000^(2⌊i/2⌋/d))}
     * for even {@code i}, {@code cos(...)} for odd, {@code [maxlen, d]}.
     */
    static INDArray sinusoid(int maxlen, int d) {
        double[] v = new double[maxlen * d];
        for (int t = 0; t < maxlen; t++) {
            for (int i = 0; i < d; i++) {
                double angle = t / Math.pow(10000, (2.0 * (i / 2)) / d);
                v[t * d + i] = i % 2 == 0 ? Math.sin(angle) : Math.cos(angle);
            }
        }
        return Nd4j.create(v, new long[] {maxlen, d}, 'c');
    }

    /** The bag-of-embeddings baseline: Embedding -> GlobalAveragePooling1D -> Dense relu -> Dense softmax (no order). */
    static Model bagOfEmbeddings(String p, int maxlen, int vocab, int embedDim, int classes) {
        Tensor in = Input.of(maxlen);
        Tensor x = new Embedding(vocab, embedDim).name(p + "embedding").apply(in);
        x = new GlobalAveragePooling1D().name(p + "pool").apply(x);
        x = new Dense(2 * embedDim).activation("relu").name(p + "hidden").apply(x);
        Tensor out = new Dense(classes).activation("softmax").name(p + "classes").apply(x);
        return new Model(List.of(in), List.of(out));
    }

    /** The marker task: ids and the class to predict. */
    record Marked(INDArray ids, int[] labels) {
    }

    /**
     * {@code n} sequences of {@code length} tokens drawn uniformly from {@code 1..classes}; one position
     * {@code p} (uniform over {@code 0..length-2}) holds the marker {@code classes + 1}; the label is the
     * token at {@code p + 1}, as a class {@code 0..classes-1}. Id 0 is unused (Keras's padding id).
     */
    static Marked markerTask(int n, int length, int classes, long seed) {
        Random r = new Random(seed);
        float[] ids = new float[n * length];
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            for (int t = 0; t < length; t++) {
                ids[i * length + t] = 1 + r.nextInt(classes);
            }
            int p = r.nextInt(length - 1);
            ids[i * length + p] = classes + 1;
            labels[i] = (int) ids[i * length + p + 1] - 1;
        }
        return new Marked(Nd4j.create(ids, new long[] {n, length}), labels);
    }

    /** The fraction of rows whose arg-max is the label. */
    static double accuracy(INDArray probabilities, int[] labels) {
        int[] predicted = probabilities.argMax(1).toIntVector();
        int hits = 0;
        for (int i = 0; i < labels.length; i++) {
            hits += predicted[i] == labels[i] ? 1 : 0;
        }
        return (double) hits / labels.length;
    }
}
