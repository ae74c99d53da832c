"""Keras 3 files for every layer Athanor has that the other Keras 3 fixtures (keras3/,
keras3-layers/) do not already predict with: convolution variants, 2D padding/cropping/upsampling,
pooling, merges, recurrent wrappers with masking, attention. Read by Keras3AllLayersTest.

Run with real Keras 3.15.1 (TensorFlow backend), from anywhere:
    /work/venv/bin/python io/src/test/resources/keras3-all-layers/make_all_layer_fixtures.py
For each model NAME: NAME.keras and NAME.h5 (model.save), NAME.x<i>.npy, NAME.y.npy (Keras's
predictions). Weights are Keras's seeded initial values plus a seeded offset (biases not zero).
"""
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(15)
rng = np.random.default_rng(15)
OUT = os.path.dirname(os.path.abspath(__file__))


def conv2d_family():
    x = keras.Input(shape=(8, 8, 3), name="img")
    h = layers.DepthwiseConv2D(3, depth_multiplier=2, padding="same", name="dw")(x)
    h = layers.SeparableConv2D(4, 3, activation="relu", name="sep")(h)
    h = layers.Conv2DTranspose(3, 3, strides=2, padding="same", name="tconv")(h)
    h = layers.ZeroPadding2D(1, name="pad")(h)
    h = layers.Cropping2D(((1, 0), (0, 1)), name="crop")(h)
    h = layers.UpSampling2D(2, name="up")(h)
    h = layers.AveragePooling2D(2, name="avg")(h)
    g1 = layers.GlobalMaxPooling2D(name="gmax")(h)
    g2 = layers.GlobalAveragePooling2D(name="gavg")(h)
    y = layers.Dense(2, name="out")(layers.Concatenate(name="cat")([g1, g2]))
    return keras.Model(x, y, name="conv2d_family"), [rng.normal(size=(2, 8, 8, 3)).astype("float32")]


def pooling1d():
    m = keras.Sequential([
        keras.Input(shape=(10, 3)),
        layers.MaxPooling1D(2),
        layers.AveragePooling1D(2, padding="same"),
        layers.Flatten(),
        layers.Activation("tanh"),
        layers.Dense(2),
    ], name="pooling1d")
    return m, [rng.normal(size=(3, 10, 3)).astype("float32")]


def merges2():
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    s = layers.Subtract(name="sub")([a, b])
    p = layers.Multiply(name="mul")([a, b])
    v = layers.Average(name="avg")([a, b])
    y = layers.Dense(2, name="out")(layers.Concatenate(name="cat")([s, p, v]))
    return keras.Model([a, b], y, name="merges2"), [rng.normal(size=(3, 4)).astype("float32"),
                                                     rng.normal(size=(3, 4)).astype("float32")]


def rnn_wrappers():
    m = keras.Sequential([
        keras.Input(shape=(6, 3)),
        layers.Masking(0.0),
        layers.Bidirectional(layers.SimpleRNN(4, return_sequences=True)),
        layers.TimeDistributed(layers.Dense(3)),
        layers.Bidirectional(layers.GRU(2, reset_after=False), merge_mode="sum"),
        layers.Dense(1),
    ], name="rnn_wrappers")
    x = rng.normal(size=(3, 6, 3)).astype("float32")
    x[0, 4:] = 0.0
    x[2, 2:] = 0.0
    return m, [x]


def attention():
    q = keras.Input(shape=(5, 4), name="q")
    v = keras.Input(shape=(6, 4), name="v")
    a1 = layers.MultiHeadAttention(num_heads=2, key_dim=3, name="mha")(q, v)
    a2 = layers.Attention(name="att")([q, v])
    a3 = layers.AdditiveAttention(name="add_att")([q, v])
    h = layers.Concatenate(name="cat")([a1, a2, a3])
    h = layers.EinsumDense("abc,cd->abd", output_shape=(None, 3), bias_axes="d", name="einsum")(h)
    y = layers.Dense(2, name="out")(layers.GlobalAveragePooling1D(name="gap")(h))
    return keras.Model([q, v], y, name="attention"), [rng.normal(size=(2, 5, 4)).astype("float32"),
                                                       rng.normal(size=(2, 6, 4)).astype("float32")]


MODELS = [conv2d_family, pooling1d, merges2, rnn_wrappers, attention]


def main():
    for make in MODELS:
        model, xs = make()
        for w in model.weights:
            w.assign(w.numpy() + rng.normal(scale=0.1, size=w.shape).astype(w.dtype))
        name = make.__name__
        xin = xs if len(xs) > 1 else xs[0]
        model.save(os.path.join(OUT, name + ".keras"))
        model.save(os.path.join(OUT, name + ".h5"))
        for i, x in enumerate(xs):
            np.save(os.path.join(OUT, "%s.x%d.npy" % (name, i)), x)
        np.save(os.path.join(OUT, name + ".y.npy"), model.predict(xin, verbose=0).astype("float32"))
        print(name, "ok", sorted({l.__class__.__name__ for l in model.layers}))


if __name__ == "__main__":
    main()
