"""Keras 3 models trained a few steps and saved as .keras, one per optimizer: Keras3ResumeTest
loads each in Athanor, trains two more steps and compares with the weights Keras reached.

Run with real Keras 3.15.1 (TensorFlow backend), from anywhere:
    /work/venv/bin/python io/src/test/resources/keras3-resume/make_resume_fixtures.py
Writes, beside this script: x.npy, t.npy (one batch, used for every step), and for each case
NAME.keras (after 3 train_on_batch steps) and NAME.json (the loss and every weight, flattened,
after each of 2 more steps, in model.weights order). "two_outputs" (a two-output model compiled
with Keras 3's loss and metric objects and loss_weights) has its own targets two_outputs.t*.npy.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers, optimizers

assert keras.__version__ == "3.15.1", keras.__version__
OUT = os.path.dirname(os.path.abspath(__file__))
TRAINED = 3
MORE = 2

CASES = {
    "sgd": lambda: optimizers.SGD(0.1),
    "sgd_nesterov": lambda: optimizers.SGD(0.05, momentum=0.9, nesterov=True),
    "rmsprop": lambda: optimizers.RMSprop(0.01),
    "rmsprop_centered": lambda: optimizers.RMSprop(0.01, centered=True, epsilon=1e-3),
    "rmsprop_momentum": lambda: optimizers.RMSprop(0.01, momentum=0.5),
    "adagrad": lambda: optimizers.Adagrad(0.1, epsilon=1e-3),
    "adadelta": lambda: optimizers.Adadelta(1.0),
    "adam": lambda: optimizers.Adam(0.01),
    "adam_amsgrad": lambda: optimizers.Adam(0.01, amsgrad=True),
    "adamw": lambda: optimizers.AdamW(0.01, weight_decay=0.05),
    "adamax": lambda: optimizers.Adamax(0.02),
    "nadam": lambda: optimizers.Nadam(0.01),
    "lion": lambda: optimizers.Lion(0.003),
    "adam_clipnorm": lambda: optimizers.Adam(0.01, clipnorm=0.1),
    "sgd_schedule": lambda: optimizers.SGD(optimizers.schedules.ExponentialDecay(0.1, 2, 0.5), momentum=0.5),
}


def model(opt):
    keras.utils.set_random_seed(5)
    m = keras.Sequential([
        keras.Input(shape=(3,)),
        layers.Dense(4, activation="tanh"),
        layers.Dense(2),
    ], name="resume")
    m.compile(optimizer=opt, loss="mse")
    return m


def two_outputs():
    """Keras 3's compile names: loss objects (KLDivergence, LogCosh), loss_weights, metric objects."""
    keras.utils.set_random_seed(6)
    a = keras.Input(shape=(3,), name="x")
    h = layers.Dense(4, activation="tanh", name="h")(a)
    p = layers.Dense(2, activation="softmax", name="p")(h)
    r = layers.Dense(1, name="r")(h)
    m = keras.Model(a, [p, r], name="two_outputs")
    m.compile(optimizer=optimizers.Adam(0.01), loss=[keras.losses.KLDivergence(), keras.losses.LogCosh()],
              loss_weights=[0.5, 2.0], metrics=[[keras.metrics.CategoricalAccuracy()], ["mae"]])
    return m


def save_steps(m, name, xin, tin):
    for _ in range(TRAINED):
        m.train_on_batch(xin, tin)
    path = os.path.join(OUT, name + ".keras")
    m.save(path)
    steps = []
    for _ in range(MORE):
        logs = m.train_on_batch(xin, tin, return_dict=True)
        steps.append({"loss": float(logs["loss"]),
                      "weights": [w.numpy().astype("float64").ravel().tolist() for w in m.weights]})
    doc = {"optimizer": m.optimizer.__class__.__name__, "trained_steps": TRAINED, "steps": steps,
           "weight_paths": [w.path for w in m.weights]}
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(doc, f)
    print(name, "ok", os.path.getsize(path))


def main():
    rng = np.random.default_rng(5)
    x = rng.normal(size=(6, 3)).astype("float32")
    t = rng.normal(size=(6, 2)).astype("float32")
    np.save(os.path.join(OUT, "x.npy"), x)
    np.save(os.path.join(OUT, "t.npy"), t)
    tp = rng.uniform(0.1, 1.0, size=(6, 2)).astype("float32")
    tp /= tp.sum(axis=1, keepdims=True)
    tr = rng.normal(size=(6, 1)).astype("float32")
    np.save(os.path.join(OUT, "two_outputs.tp.npy"), tp)
    np.save(os.path.join(OUT, "two_outputs.tr.npy"), tr)
    save_steps(two_outputs(), "two_outputs", x, [tp, tr])
    for name, make in CASES.items():
        save_steps(model(make()), name, x, t)


if __name__ == "__main__":
    main()
