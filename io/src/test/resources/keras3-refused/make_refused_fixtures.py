"""Keras 3 files that use what Athanor does not implement; Keras3RefusedTest checks that each is
refused with a ModelFileException naming the file and the feature.

Run with real Keras 3.15.1 (TensorFlow backend), from anywhere:
    /work/venv/bin/python io/src/test/resources/keras3-refused/make_refused_fixtures.py
Writes NAME.keras beside this script, one per feature (uncompiled unless the feature is an
optimizer option), and prints the sizes.
"""
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras
from keras import layers

assert keras.__version__ == "3.15.1", keras.__version__
OUT = os.path.dirname(os.path.abspath(__file__))
keras.utils.set_random_seed(1)


def shared_nested():
    """One nested model called twice (shared weights): Athanor splices nested models, once."""
    inner = keras.Sequential([layers.Dense(3, activation="relu")], name="shared_block")
    a = keras.Input(shape=(4,), name="a")
    b = keras.Input(shape=(4,), name="b")
    return keras.Model([a, b], layers.Add()([inner(a), inner(b)]), name="shared")


def functional_in_sequential():
    i = keras.Input(shape=(4,))
    inner = keras.Model(i, layers.Dense(3)(i), name="encoder")
    m = keras.Sequential([keras.Input(shape=(4,)), inner, layers.Dense(1)], name="outer_seq")
    return m


def dict_inputs():
    a = keras.Input(shape=(2,), name="a")
    b = keras.Input(shape=(3,), name="b")
    y = layers.Dense(1, name="out")(layers.Concatenate()([a, b]))
    return keras.Model({"a": a, "b": b}, y, name="dict_in")


def dict_outputs():
    a = keras.Input(shape=(2,), name="a")
    return keras.Model(a, {"p": layers.Dense(1, name="p")(a), "q": layers.Dense(2, name="q")(a)}, name="dict_out")


def mixed_precision():
    return keras.Sequential([keras.Input(shape=(3,)), layers.Dense(2, dtype="mixed_float16")], name="mixed")


def quantized():
    m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(2)], name="quantized")
    m.quantize("int8")
    return m


def lora():
    m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(4), layers.Dense(2)], name="lora")
    m.layers[0].enable_lora(2)
    return m


def assets():
    lookup = layers.StringLookup()
    lookup.adapt(np.array([["a"], ["b"], ["c"]]))  # adapted (not given) vocabulary: saved as an asset
    i = keras.Input(shape=(1,), dtype="string")
    return keras.Model(i, layers.Dense(1)(layers.CategoryEncoding(5, output_mode="one_hot")(lookup(i))), name="assets")


def lambda_layer():
    return keras.Sequential([keras.Input(shape=(3,)), layers.Lambda(lambda t: t * 2.0), layers.Dense(1)],
                            name="lambda_model")


def adam_weight_decay():
    m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)], name="adam_wd")
    m.compile(optimizer=keras.optimizers.Adam(0.01, weight_decay=0.1), loss="mse")
    return m


def ema():
    m = keras.Sequential([keras.Input(shape=(3,)), layers.Dense(1)], name="ema")
    m.compile(optimizer=keras.optimizers.SGD(0.01, use_ema=True), loss="mse")
    return m


MODELS = [shared_nested, functional_in_sequential, dict_inputs, dict_outputs, mixed_precision, quantized, lora,
          assets, lambda_layer, adam_weight_decay, ema]


def main():
    for make in MODELS:
        name = make.__name__
        path = os.path.join(OUT, name + ".keras")
        try:
            make().save(path)
            print(name, os.path.getsize(path))
        except Exception as e:  # a feature Keras itself cannot save is not a fixture
            print(name, "NOT WRITTEN:", type(e).__name__, e)


if __name__ == "__main__":
    main()
