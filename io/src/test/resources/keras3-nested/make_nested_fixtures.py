"""Keras 3 models with models nested inside them, for Keras3NestedTest.

Run with real Keras 3.15.1 (TensorFlow backend), from anywhere:
    /work/venv/bin/python io/src/test/resources/keras3-nested/make_nested_fixtures.py
For each model NAME: NAME.keras (compiled with Adam, trained 2 steps), NAME.x.npy, NAME.t.npy,
NAME.y.npy (Keras's predictions) and NAME.json (weights and loss after one more train_on_batch
from the saved file, in model.weights order, which for nested models is the flattened order).
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

assert keras.__version__ == "3.15.1", keras.__version__
OUT = os.path.dirname(os.path.abspath(__file__))


def seq_in_functional():
    block = keras.Sequential([layers.Dense(5, activation="relu", name="b1"), layers.Dense(3, name="b2")],
                             name="block")
    a = keras.Input(shape=(4,), name="x")
    h = block(a)
    y = layers.Dense(2, name="head")(layers.Concatenate(name="cat")([a, h]))
    return keras.Model(a, y, name="seq_in_functional")


def functional_in_functional():
    i1 = keras.Input(shape=(4,), name="e_in1")
    i2 = keras.Input(shape=(2,), name="e_in2")
    e = layers.Dense(3, activation="tanh", name="e_dense")(i1)
    enc = keras.Model([i1, i2], [e, layers.Concatenate(name="e_cat")([e, i2])], name="encoder")
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(2,), name="b")
    p, q = enc([a, b])
    y = layers.Add(name="sum")([layers.Dense(2, name="from_p")(p), layers.Dense(2, name="from_q")(q)])
    return keras.Model([a, b], y, name="functional_in_functional")


def seq_in_seq():
    inner = keras.Sequential([keras.Input(shape=(4,)), layers.Dense(6, activation="relu", name="i1"),
                              layers.Dense(3, name="i2")], name="inner")
    return keras.Sequential([keras.Input(shape=(4,)), inner, layers.Dense(2, name="out")], name="seq_in_seq")


def frozen_two_levels():
    core = keras.Sequential([layers.Dense(4, activation="relu", name="c1")], name="core")
    a0 = keras.Input(shape=(3,), name="m_in")
    mid = keras.Model(a0, layers.Dense(3, name="m_out")(core(a0)), name="mid")
    mid.trainable = False
    a = keras.Input(shape=(3,), name="z")
    return keras.Model(a, layers.Dense(1, name="top")(mid(a)), name="frozen_two_levels")


MODELS = [seq_in_functional, functional_in_functional, seq_in_seq, frozen_two_levels]


def main():
    rng = np.random.default_rng(9)
    for make in MODELS:
        keras.utils.set_random_seed(9)
        name = make.__name__
        m = make()
        m.compile(optimizer=keras.optimizers.Adam(0.01), loss="mse")
        xs = [rng.normal(size=(5,) + tuple(i.shape[1:])).astype("float32") for i in m.inputs]
        t = rng.normal(size=(5,) + tuple(m.outputs[0].shape[1:])).astype("float32")
        xin = xs if len(xs) > 1 else xs[0]
        for _ in range(2):
            m.train_on_batch(xin, t)
        m.save(os.path.join(OUT, name + ".keras"))
        for i, x in enumerate(xs):
            np.save(os.path.join(OUT, "%s.x%d.npy" % (name, i)), x)
        np.save(os.path.join(OUT, name + ".t.npy"), t)
        np.save(os.path.join(OUT, name + ".y.npy"), m.predict(xin, verbose=0).astype("float32"))
        again = keras.models.load_model(os.path.join(OUT, name + ".keras"))
        loss = float(again.train_on_batch(xin, t))
        doc = {"loss": loss, "weights": [w.numpy().astype("float64").ravel().tolist() for w in again.weights],
               "weight_paths": [w.path for w in again.weights],
               "trainable": [w.trainable for w in again.weights]}
        with open(os.path.join(OUT, name + ".json"), "w") as f:
            json.dump(doc, f)
        print(name, "ok", os.path.getsize(os.path.join(OUT, name + ".keras")), doc["weight_paths"])


if __name__ == "__main__":
    main()
