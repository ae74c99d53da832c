"""Writes the Normalization / CategoryEncoding and masked-merge fixtures read by io's
Keras3PreprocessingMaskFixturesTest (issue 16), with real Keras 3.15.1 (TensorFlow backend), beside
make_layer_fixtures.py's.

Run with /work/venv/bin/python make_preprocessing_mask_fixtures.py (from this folder). For each model NAME
it writes NAME.keras and NAME.h5 (model.save), NAME.x<i>.npy (inputs) and NAME.y.npy (Keras's
predictions, float32). `normalization_adapted` holds Normalization layers whose statistics come from
adapt() (stored as the weights mean/variance/count), one with given mean/variance (stored in the
config) and one inverted; `category_encoding` feeds CategoryEncoding outputs into Dense layers;
`masked_merges` carries an Embedding(mask_zero=True) mask through Dense, Add, Multiply and Concatenate
into an LSTM and GlobalAveragePooling1D (Keras 3 writes the mask's computation as `not_equal`/
`logical_or` operation nodes and passes it as `mask=`; ids padded with zeros at the end and inside).
"""
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np  # noqa: E402
import keras  # noqa: E402
from keras import layers  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(1616)
rng = np.random.default_rng(1616)
OUT = os.path.dirname(os.path.abspath(__file__))


def normalization_adapted():
    x = keras.Input(shape=(4, 3), name="x")
    per_feature = layers.Normalization(name="norm_features")
    per_feature.adapt(rng.normal(5.0, 3.0, size=(64, 4, 3)).astype("float32"))
    h = per_feature(x)
    per_step = layers.Normalization(axis=(1, 2), name="norm_steps")
    per_step.adapt(rng.normal(-1.0, 0.5, size=(32, 4, 3)).astype("float32"))
    h = per_step(h)
    h = layers.Normalization(axis=None, mean=0.5, variance=4.0, name="norm_given")(h)
    h = layers.Dense(3, name="d1")(h)
    inv = layers.Normalization(invert=True, name="norm_invert")
    inv.adapt(rng.normal(2.0, 2.0, size=(50, 3)).astype("float32"))
    h = inv(h)
    y = layers.Dense(2, name="out")(layers.Flatten()(h))
    return keras.Model(x, y, name="normalization_adapted"), [rng.normal(5.0, 3.0, size=(5, 4, 3)).astype("float32")]


def category_encoding():
    ids = keras.Input(shape=(6,), name="ids", dtype="int32")
    multi = layers.CategoryEncoding(num_tokens=8, name="multi")(ids)
    count = layers.CategoryEncoding(num_tokens=8, output_mode="count", name="count")(ids)
    one = layers.CategoryEncoding(num_tokens=8, output_mode="one_hot", name="one")(ids)
    h = layers.Concatenate(name="cat")([multi, count, layers.Flatten(name="flat")(one)])
    y = layers.Dense(3, name="out")(h)
    return keras.Model(ids, y, name="category_encoding"), [rng.integers(0, 8, size=(5, 6)).astype("int32")]


def masked_merges():
    ids = keras.Input(shape=(7,), name="ids")
    e = layers.Embedding(12, 6, mask_zero=True, name="emb")(ids)
    a = layers.Dense(5, name="da")(e)
    b = layers.Dense(5, name="db")(e)
    s = layers.Add(name="add")([a, b])
    m = layers.Multiply(name="mul")([a, s])
    c = layers.Concatenate(name="cat")([s, m])
    h = layers.LSTM(4, name="lstm")(c)
    g = layers.GlobalAveragePooling1D(name="gap")(layers.Dense(3, name="dc")(c))
    y = layers.Dense(2, name="out")(layers.Concatenate(name="cat2")([h, g]))
    x = rng.integers(1, 12, size=(6, 7))
    x[0, 5:] = 0
    x[1, 2:] = 0
    x[2, 3] = 0
    x[3, 1:] = 0
    return keras.Model(ids, y, name="masked_merges"), [x.astype("float32")]


MODELS = [normalization_adapted, category_encoding, masked_merges]


def main():
    for make in MODELS:
        name = make.__name__
        model, xs = make()
        for w in model.trainable_weights:
            w.assign(w.numpy() + rng.uniform(-0.3, 0.3, size=w.shape).astype("float32"))
        xin = xs if len(xs) > 1 else xs[0]
        model.save(os.path.join(OUT, name + ".keras"))
        model.save(os.path.join(OUT, name + ".h5"))
        for i, x in enumerate(xs):
            np.save(os.path.join(OUT, "%s.x%d.npy" % (name, i)), x)
        np.save(os.path.join(OUT, name + ".y.npy"), model.predict(xin, verbose=0).astype("float32"))
        print(name, "ok", [(w.path, w.dtype) for w in model.non_trainable_weights])


if __name__ == "__main__":
    main()
