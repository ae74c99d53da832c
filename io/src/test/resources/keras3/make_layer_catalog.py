"""Writes layers.json: for each Keras 3.15.1 layer Athanor has, the input shapes (without the
batch axis) of one small built instance, its serialized form (as in a .keras config.json) and the
paths/shapes of its variables in model.weights.h5 (Keras 3's object-path layout). Read by io's
Keras3StructureTest.

    /work/venv/bin/python make_layer_catalog.py
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import tempfile

import h5py
import numpy as np
import keras
from keras import layers
from keras.src.saving import serialization_lib

assert keras.__version__ == "3.15.1", keras.__version__
OUT = os.path.dirname(os.path.abspath(__file__))

# (layer, input shape(s) without batch)
CASES = [
    (layers.Dense(3), (4,)),
    (layers.Activation("relu"), (4,)),
    (layers.Dropout(0.5), (4,)),
    (layers.Flatten(), (2, 3)),
    (layers.Reshape((3, 2)), (6,)),
    (layers.Masking(), (3, 2)),
    (layers.Embedding(5, 2), (3,)),
    (layers.BatchNormalization(), (4,)),
    (layers.LayerNormalization(), (4,)),
    (layers.Conv1D(2, 2), (5, 3)),
    (layers.Conv2D(2, 2), (5, 5, 3)),
    (layers.Conv2DTranspose(2, 2), (4, 4, 3)),
    (layers.DepthwiseConv2D(2), (4, 4, 3)),
    (layers.SeparableConv2D(2, 2), (4, 4, 3)),
    (layers.MaxPooling1D(2), (4, 2)),
    (layers.AveragePooling1D(2), (4, 2)),
    (layers.MaxPooling2D(2), (4, 4, 2)),
    (layers.AveragePooling2D(2), (4, 4, 2)),
    (layers.GlobalAveragePooling1D(), (4, 2)),
    (layers.GlobalMaxPooling1D(), (4, 2)),
    (layers.GlobalAveragePooling2D(), (4, 4, 2)),
    (layers.GlobalMaxPooling2D(), (4, 4, 2)),
    (layers.UpSampling2D(), (2, 2, 1)),
    (layers.ZeroPadding2D(), (2, 2, 1)),
    (layers.Cropping2D(1), (4, 4, 1)),
    (layers.SimpleRNN(2), (3, 2)),
    (layers.LSTM(2), (3, 2)),
    (layers.GRU(2), (3, 2)),
    (layers.Bidirectional(layers.LSTM(2)), (3, 2)),
    (layers.TimeDistributed(layers.Dense(2)), (3, 2)),
    (layers.Add(), [(3,), (3,)]),
    (layers.Subtract(), [(3,), (3,)]),
    (layers.Multiply(), [(3,), (3,)]),
    (layers.Average(), [(3,), (3,)]),
    (layers.Concatenate(), [(3,), (2,)]),
]


def main():
    out = []
    for layer, shape in CASES:
        ins = [keras.Input(shape=s) for s in shape] if isinstance(shape, list) else keras.Input(shape=shape)
        holder = keras.Model(ins, layer(ins))
        entry = serialization_lib.serialize_keras_object(layer)
        # Give every variable distinct values, then find where model.weights.h5 stores each one.
        for k, v in enumerate(layer.weights):
            v.assign(np.arange(np.prod(v.shape), dtype="float32").reshape(v.shape) + 1000 * (k + 1))
        path = os.path.join(tempfile.mkdtemp(), "w.weights.h5")
        holder.save_weights(path)
        found = {}
        with h5py.File(path) as h5:
            h5.visititems(lambda n, o: found.__setitem__(n, np.asarray(o)) if isinstance(o, h5py.Dataset) else None)
        paths = []
        for v in layer.weights:
            value = v.numpy()
            match = [n for n, a in found.items() if a.shape == value.shape and np.array_equal(a, value)]
            paths.append({"keras_path": v.path, "shape": list(v.shape), "stored_at": match})
        shapes = [list(s) for s in shape] if isinstance(shape, list) else [list(shape)]
        out.append({"class_name": layer.__class__.__name__, "input_shapes": shapes, "serialized": entry,
                    "variables": paths})
    with open(os.path.join(OUT, "layers.json"), "w") as f:
        json.dump(out, f, indent=1, default=str)
    print(len(out), "layers")


if __name__ == "__main__":
    main()
