"""Writes the fixtures read by io's Keras3LayerFixturesTest: small models built from the layers of
issue 16 (activation, shape and merge layers), written by real Keras 3.15.1.

Run with /work/venv/bin/python make_layer_fixtures.py (from this folder). For each model NAME it
writes NAME.keras and NAME.h5 (model.save), NAME.x<i>.npy (inputs) and NAME.y.npy (Keras's
predictions, float32). Weights are Keras's seeded initial values plus a seeded random offset, so
that PReLU's alpha (zeros at first) is not trivial.

It also writes NAME_keras2.h5 for the models listed in KERAS2: the same file whose model_config
is rewritten in Keras 2's spelling (LeakyReLU's `alpha` instead of `negative_slope`), as tf.keras
2.x wrote it, since Keras 3 cannot write Keras 2 files itself.
"""
import json
import os
import shutil

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import h5py
import numpy as np
import keras
from keras import layers

assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(16)
rng = np.random.default_rng(16)
OUT = os.path.dirname(os.path.abspath(__file__))


def activations():
    x = keras.Input(shape=(6,), name="x")
    h = layers.Dense(8, name="d1")(x)
    h = layers.LeakyReLU(negative_slope=0.1, name="leaky")(h)
    h = layers.Dense(8, name="d2")(h)
    h = layers.PReLU(name="prelu")(h)
    h = layers.Dense(8, name="d3")(h)
    h = layers.ReLU(max_value=2.0, negative_slope=0.1, threshold=0.2, name="relu")(h)
    h = layers.Dense(8, name="d4")(h)
    h = layers.ELU(name="elu")(h)
    h = layers.Dense(4, name="d5")(h)
    y = layers.Softmax(name="softmax")(h)
    return keras.Model(x, y, name="activations"), [rng.normal(size=(5, 6)).astype("float32")]


def activations_seq():
    m = keras.Sequential([
        keras.Input(shape=(5, 3)),
        layers.Dense(4),
        layers.PReLU(shared_axes=[1]),
        layers.LeakyReLU(),
        layers.Dense(3),
        layers.Softmax(axis=1),
    ], name="activations_seq")
    return m, [rng.normal(size=(4, 5, 3)).astype("float32")]


def shapes_seq():
    m = keras.Sequential([
        keras.Input(shape=(4, 3)),
        layers.Permute((2, 1)),
        layers.Dense(5),
        layers.ZeroPadding1D((1, 2)),
        layers.Cropping1D((1, 0)),
        layers.UpSampling1D(2),
        layers.Conv1D(4, 3, activation="tanh"),
        layers.GlobalMaxPooling1D(),
        layers.RepeatVector(3),
        layers.GlobalAveragePooling1D(),
        layers.Dense(2),
    ], name="shapes_seq")
    return m, [rng.normal(size=(4, 4, 3)).astype("float32")]


def merges():
    a = keras.Input(shape=(5, 4), name="a")
    b = keras.Input(shape=(5, 4), name="b")
    mx = layers.Maximum(name="max")([a, b])
    mn = layers.Minimum(name="min")([a, b])
    d = layers.Dot(axes=2, name="dot")([mx, mn])
    c = layers.Dot(axes=(1, 1), normalize=True, name="cos")([a, b])
    h = layers.Concatenate(name="cat")([layers.Flatten(name="f1")(d), layers.Flatten(name="f2")(c)])
    y = layers.Dense(3, name="out")(h)
    return keras.Model([a, b], y, name="merges"), [rng.normal(size=(3, 5, 4)).astype("float32"),
                                                   rng.normal(size=(3, 5, 4)).astype("float32")]


def preprocessing_seq():
    m = keras.Sequential([
        keras.Input(shape=(4, 3)),
        layers.Rescaling(scale=[0.5, 2.0, 1 / 255.0], offset=0.25),
        layers.Dense(5),
        layers.GaussianNoise(0.2, seed=1),
        layers.GaussianDropout(0.3, seed=2),
        layers.ActivityRegularization(l1=0.01, l2=0.001),
        layers.Flatten(),
        layers.Dense(2),
    ], name="preprocessing_seq")
    return m, [rng.normal(size=(3, 4, 3)).astype("float32")]


def spatial_seq():
    m = keras.Sequential([
        keras.Input(shape=(4, 4, 2)),
        layers.SpatialDropout2D(0.3, seed=3),
        layers.Reshape((8, 4)),
        layers.SpatialDropout1D(0.2, seed=4),
        layers.GlobalAveragePooling1D(),
        layers.Dense(2),
    ], name="spatial_seq")
    return m, [rng.normal(size=(3, 4, 4, 2)).astype("float32")]


# A functional model in which an Embedding mask reaches merges: make_preprocessing_mask_fixtures.py.
MODELS = [activations, activations_seq, shapes_seq, merges, preprocessing_seq, spatial_seq]
KERAS2 = {"activations": {"LeakyReLU": ("negative_slope", "alpha")}}


def keras2_copy(name, renames):
    src, dst = os.path.join(OUT, name + ".h5"), os.path.join(OUT, name + "_keras2.h5")
    shutil.copy(src, dst)
    with h5py.File(dst, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        for layer in config["config"]["layers"]:
            if layer["class_name"] in renames:
                new, old = renames[layer["class_name"]]
                layer["config"][old] = layer["config"].pop(new)
        f.attrs["model_config"] = json.dumps(config)


def main():
    for make in MODELS:
        name = make.__name__
        model, xs = make()
        for w in model.weights:
            w.assign(w.numpy() + rng.uniform(-0.3, 0.3, size=w.shape).astype("float32"))
        xin = xs if len(xs) > 1 else xs[0]
        model.save(os.path.join(OUT, name + ".keras"))
        model.save(os.path.join(OUT, name + ".h5"))
        for i, x in enumerate(xs):
            np.save(os.path.join(OUT, "%s.x%d.npy" % (name, i)), x)
        np.save(os.path.join(OUT, name + ".y.npy"), model.predict(xin, verbose=0).astype("float32"))
        if name in KERAS2:
            keras2_copy(name, KERAS2[name])
        print(name, "ok")


if __name__ == "__main__":
    main()
