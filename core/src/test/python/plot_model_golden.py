"""DOT text of keras.utils.model_to_dot (Keras 3.15.1, pydot 4.0.1) for the models PlotTest builds.

    OMP_WAIT_POLICY=PASSIVE /work/venv/bin/python core/src/test/python/plot_model_golden.py \
        core/src/test/resources/dev/athanor/core/plot

Keras names nodes by id(layer); the files replace those by n0, n1, ... in order of first appearance,
as Athanor numbers them.
"""
import os
import re
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras
from keras.utils import model_to_dot


def normalized(dot):
    text = dot.to_string()
    ids = {}
    def rep(m):
        ids.setdefault(m.group(0), f"n{len(ids)}")
        return ids[m.group(0)]
    return re.sub(r"\b\d{6,}\b", rep, text)


def sequential():
    return keras.Sequential([keras.Input((4,)), keras.layers.Dense(3, activation="relu", name="d1"),
                             keras.layers.Dropout(0.5, name="drop"),
                             keras.layers.Dense(2, activation="softmax", name="d2")], name="seq")


def two_inputs():
    a = keras.Input((10,), name="a")
    b = keras.Input((20,), name="b")
    h = keras.layers.Concatenate(name="cat")([keras.layers.Dense(8, name="da")(a), keras.layers.Dense(10, name="db")(b)])
    return keras.Model([a, b], keras.layers.Dense(1, activation="sigmoid", name="out")(h), name="two")


def shared():
    x1 = keras.Input((8,), name="x1")
    x2 = keras.Input((8,), name="x2")
    sh = keras.layers.Dense(4, name="sh")
    return keras.Model([x1, x2], keras.layers.Add(name="add")([sh(x1), sh(x2)]), name="siamese")


CASES = {
    "sequential_shapes_activations": (sequential, dict(show_shapes=True, show_layer_names=True,
                                                       show_layer_activations=True)),
    "sequential_defaults": (sequential, dict()),
    "two_inputs_shapes": (two_inputs, dict(show_shapes=True, show_layer_names=True)),
    "shared_all": (shared, dict(show_shapes=True, show_layer_names=True, show_dtype=True, show_trainable=True,
                                rankdir="LR", dpi=96)),
}

for name, (build, kw) in CASES.items():
    path = os.path.join(sys.argv[1], name + ".dot")
    with open(path, "w") as fh:
        fh.write(normalized(model_to_dot(build(), **kw)))
    print("wrote", path)
