"""Writes the Keras 3 fixtures read by io's Keras3FixturesTest.

Run with real Keras 3.15.1 (TensorFlow backend):
    /work/venv/bin/python make_fixtures.py [NAME ...]   (from this folder; no NAME: all models)
For each model NAME it writes NAME.keras, NAME.h5 and NAME.weights.h5 (model.save / save_weights),
NAME.x<i>.npy (inputs), NAME.y.npy (Keras's predictions, float32), after training 2 steps with a
seeded optimizer so that optimizer state exists, plus NAME.step.json: the loss and the weights
after one more train_on_batch step on (NAME.x*, NAME.t.npy) from the saved state.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

assert keras.__version__ == "3.15.1", keras.__version__
keras.utils.set_random_seed(7)
rng = np.random.default_rng(7)
OUT = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, OUT)
import custom_objects  # noqa: E402  (the registered custom loss)


def mlp():
    m = keras.Sequential([
        keras.Input(shape=(5,)),
        layers.Dense(6, activation="relu"),
        layers.Dropout(0.3),
        layers.Dense(3, activation="softmax"),
    ], name="mlp")
    m.compile(optimizer=keras.optimizers.Adam(0.01), loss="categorical_crossentropy", metrics=["accuracy"])
    x = rng.normal(size=(4, 5)).astype("float32")
    t = np.eye(3, dtype="float32")[[0, 1, 2, 1]]
    return m, [x], t


def two_input():
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(3,), name="b")
    ha = layers.Dense(5, activation="tanh", name="da")(a)
    hb = layers.Dense(5, activation="sigmoid", name="db")(b)
    h = layers.Concatenate(name="cat")([ha, hb])
    y = layers.Dense(2, name="out")(h)
    m = keras.Model([a, b], y, name="two_input")
    m.compile(optimizer=keras.optimizers.SGD(0.05, momentum=0.9), loss="mse", metrics=["mae"])
    x = [rng.normal(size=(4, 4)).astype("float32"), rng.normal(size=(4, 3)).astype("float32")]
    t = rng.normal(size=(4, 2)).astype("float32")
    return m, x, t


def conv_bn():
    m = keras.Sequential([
        keras.Input(shape=(6, 6, 2)),
        layers.Conv2D(3, 3, padding="same", activation="relu"),
        layers.BatchNormalization(),
        layers.MaxPooling2D(2),
        layers.Flatten(),
        layers.Dense(2, activation="softmax"),
    ], name="conv_bn")
    m.compile(optimizer=keras.optimizers.RMSprop(0.01), loss="sparse_categorical_crossentropy",
              metrics=["sparse_categorical_accuracy"])
    x = rng.normal(size=(3, 6, 6, 2)).astype("float32")
    t = np.array([0, 1, 1], dtype="int32")
    return m, [x], t


def embed_lstm():
    m = keras.Sequential([
        keras.Input(shape=(5,), dtype="int32"),
        layers.Embedding(10, 4, mask_zero=True),
        layers.LSTM(3),
        layers.Dense(1, activation="sigmoid"),
    ], name="embed_lstm")
    m.compile(optimizer=keras.optimizers.Adam(0.01), loss="binary_crossentropy", metrics=["accuracy"])
    x = np.array([[1, 2, 3, 0, 0], [4, 5, 6, 7, 8], [9, 1, 0, 0, 0]], dtype="int32")
    t = np.array([[1], [0], [1]], dtype="float32")
    return m, [x], t


def conv1d_gru():
    m = keras.Sequential([
        keras.Input(shape=(7, 3)),
        layers.Conv1D(4, 3, padding="causal", activation="relu"),
        layers.GRU(3, return_sequences=True),
        layers.GlobalAveragePooling1D(),
        layers.Dense(2),
    ], name="conv1d_gru")
    m.compile(optimizer=keras.optimizers.Adagrad(0.05), loss="mae")
    x = rng.normal(size=(3, 7, 3)).astype("float32")
    t = rng.normal(size=(3, 2)).astype("float32")
    return m, [x], t


def residual_ln():
    a = keras.Input(shape=(6,), name="x")
    h = layers.Dense(6, activation="gelu", name="ff")(a)
    s = layers.Add(name="add")([a, h])
    n = layers.LayerNormalization(name="ln")(s)
    y = layers.Dense(3, name="head")(n)
    m = keras.Model(a, y, name="residual_ln")
    m.compile(optimizer=keras.optimizers.Nadam(0.01), loss="huber")
    x = rng.normal(size=(4, 6)).astype("float32")
    t = rng.normal(size=(4, 3)).astype("float32")
    return m, [x], t


def custom_loss():
    """A loss registered with @register_keras_serializable (custom_objects.py): registered_name
    "athanor_test>scaled_mse". Own random generator, so it can be made alone."""
    r = np.random.default_rng(11)
    m = keras.Sequential([
        keras.Input(shape=(3,)),
        layers.Dense(4, activation="relu"),
        layers.Dense(2),
    ], name="custom_loss")
    m.compile(optimizer=keras.optimizers.Adamax(0.02), loss=custom_objects.scaled_mse)
    x = r.normal(size=(5, 3)).astype("float32")
    t = r.normal(size=(5, 2)).astype("float32")
    return m, [x], t


MODELS = [mlp, two_input, conv_bn, embed_lstm, conv1d_gru, residual_ln, custom_loss]


def main(only):
    for make in MODELS:
        name = make.__name__
        if only and name not in only:
            continue
        model, xs, t = make()
        xin = xs if len(xs) > 1 else xs[0]
        for _ in range(2):
            model.train_on_batch(xin, t)
        model.save(os.path.join(OUT, name + ".keras"))
        model.save(os.path.join(OUT, name + ".h5"))
        model.save_weights(os.path.join(OUT, name + ".weights.h5"))
        for i, x in enumerate(xs):
            np.save(os.path.join(OUT, "%s.x%d.npy" % (name, i)), x)
        np.save(os.path.join(OUT, name + ".t.npy"), t)
        y = model.predict(xin, verbose=0).astype("float32")
        np.save(os.path.join(OUT, name + ".y.npy"), y)
        # One more step from the saved state, as a resume reference.
        again = keras.models.load_model(os.path.join(OUT, name + ".keras"))
        logs = again.train_on_batch(xin, t, return_dict=True)
        step = {
            "loss": float(logs["loss"]),
            "weights": [w.numpy().astype("float64").ravel().tolist() for w in again.weights],
            "weight_paths": [w.path for w in again.weights],
            "optimizer_iterations": int(again.optimizer.iterations.numpy()),
        }
        with open(os.path.join(OUT, name + ".step.json"), "w") as f:
            json.dump(step, f)
        print(name, "ok", [os.path.getsize(os.path.join(OUT, name + e)) for e in (".keras", ".h5", ".weights.h5")])


if __name__ == "__main__":
    main(sys.argv[1:])
