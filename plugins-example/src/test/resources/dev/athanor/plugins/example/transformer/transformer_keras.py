"""Keras 3's "Text classification with Transformer" architecture (keras-io
examples/nlp/text_classification_with_transformer.py) on the marker task, written with real Keras
3.15.1 and saved as a .keras file, read by the plugins-example's KerasTransformerFileTest.

Run with /work/venv/bin/python transformer_keras.py (from this folder). It writes
  transformer_marker.keras   the trained model
  transformer_marker.x.npy   64 held-out id sequences (float32)
  transformer_marker.y.npy   Keras's predictions for them (float32)
and prints Keras's held-out accuracy after each epoch.

As in TransformerModels (the Athanor side), the position table starts from the sinusoidal encoding
(sin/cos of t / 10000^(2*floor(i/2)/d)); with --uniform-positions it keeps the Embedding's uniform draw
(then the accuracy stays near 0.25 for many epochs before the attention pattern is found; no files are
written in that mode).

The token + position embedding is the example's own class, registered (as a .keras file needs) under
package "athanor_example", so its registered_name is "athanor_example>TokenAndPositionEmbedding": the
plugin layer dev.athanor.plugins.example.TokenAndPositionEmbedding claims that name. The Transformer
block is written with Keras's built-in layers (a functional graph of the example's TransformerBlock:
MultiHeadAttention(key_dim=embed_dim as the example, here 16 with 2 heads), Dropout, Add,
LayerNormalization(epsilon=1e-6), Dense feed-forward), which Athanor loads without a plugin.
The marker task: 20 tokens drawn from 1..8, one position p in 0..18 replaced by the marker 9, the class
is the token at p + 1 (the same recipe as TransformerModels.markerTask, with numpy's generator).
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers, ops  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(2016)
OUT = os.path.dirname(os.path.abspath(__file__))
LENGTH, CLASSES, EMBED, HEADS, FF = 20, 8, 32, 2, 64
UNIFORM = "--uniform-positions" in sys.argv
RATE, LEARNING_RATE, EPOCHS, TRAIN = 0.1, 5e-3, 12, 4000


@keras.saving.register_keras_serializable(package="athanor_example")
class TokenAndPositionEmbedding(layers.Layer):
    def __init__(self, maxlen, vocab_size, embed_dim, **kwargs):
        super().__init__(**kwargs)
        self.maxlen, self.vocab_size, self.embed_dim = maxlen, vocab_size, embed_dim
        self.token_emb = layers.Embedding(input_dim=vocab_size, output_dim=embed_dim)
        self.pos_emb = layers.Embedding(input_dim=maxlen, output_dim=embed_dim)

    def call(self, x):
        maxlen = ops.shape(x)[-1]
        positions = ops.arange(start=0, stop=maxlen, step=1)
        positions = self.pos_emb(positions)
        x = self.token_emb(x)
        return x + positions

    def get_config(self):
        return {**super().get_config(), "maxlen": self.maxlen, "vocab_size": self.vocab_size,
                "embed_dim": self.embed_dim}


def sinusoid(maxlen, d):
    t = np.arange(maxlen)[:, None]
    i = np.arange(d)[None, :]
    angle = t / np.power(10000.0, (2 * (i // 2)) / d)
    return np.where(i % 2 == 0, np.sin(angle), np.cos(angle)).astype("float32")


def transformer_block(x, rate=RATE):
    attn = layers.MultiHeadAttention(num_heads=HEADS, key_dim=16)(x, x)
    attn = layers.Dropout(rate)(attn)
    out1 = layers.LayerNormalization(epsilon=1e-6)(layers.Add()([x, attn]))
    ffn = layers.Dense(FF, activation="relu")(out1)
    ffn = layers.Dense(EMBED)(ffn)
    ffn = layers.Dropout(rate)(ffn)
    return layers.LayerNormalization(epsilon=1e-6)(layers.Add()([out1, ffn]))


def marker_task(n, rng):
    ids = rng.integers(1, CLASSES + 1, size=(n, LENGTH))
    p = rng.integers(0, LENGTH - 1, size=n)
    ids[np.arange(n), p] = CLASSES + 1
    return ids.astype("float32"), ids[np.arange(n), p + 1] - 1


def main():
    rng = np.random.default_rng(2016)
    inputs = keras.Input(shape=(LENGTH,))
    embedding = TokenAndPositionEmbedding(LENGTH, CLASSES + 2, EMBED)
    x = embedding(inputs)
    if not UNIFORM:
        embedding.pos_emb.embeddings.assign(sinusoid(LENGTH, EMBED))
    x = transformer_block(x)
    x = layers.GlobalAveragePooling1D()(x)
    outputs = layers.Dense(CLASSES, activation="softmax")(x)
    model = keras.Model(inputs, outputs, name="transformer_marker")
    model.compile(keras.optimizers.Adam(LEARNING_RATE), "sparse_categorical_crossentropy", metrics=["accuracy"])
    x_train, y_train = marker_task(TRAIN if not UNIFORM else 4000, rng)
    x_test, y_test = marker_task(1000, rng)
    h = model.fit(x_train, y_train, batch_size=32, epochs=EPOCHS if not UNIFORM else 25, verbose=0,
                  validation_data=(x_test, y_test))
    print("Keras held-out accuracy per epoch", [round(a, 3) for a in h.history["val_accuracy"]])
    if UNIFORM:
        return
    model.save(os.path.join(OUT, "transformer_marker.keras"))
    np.save(os.path.join(OUT, "transformer_marker.x.npy"), x_test[:64])
    np.save(os.path.join(OUT, "transformer_marker.y.npy"), model.predict(x_test[:64], verbose=0).astype("float32"))


if __name__ == "__main__":
    main()
