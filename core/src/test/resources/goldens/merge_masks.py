"""Keras 3's mask rule for the merge layers Add, Subtract, Multiply, Average and Concatenate (issue 16),
with real Keras 3.15.1 on the TensorFlow backend in float64: the output, the output mask
(layer.compute_mask) and the gradients of  loss = sum(output * loss_weights)  with respect to every
input, for inputs carrying Keras masks (set as Embedding(mask_zero=True) would), some without.

Run:  /work/venv/bin/python merge_masks.py > merge_masks.json
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras.src import backend  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
keras.config.set_floatx("float64")
RNG = np.random.RandomState(20261217)
CASES = []


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": a.ravel().tolist()}


def seq_mask(b, t, lengths):
    m = np.zeros((b, t))
    for i, n in enumerate(lengths):
        m[i, :n] = 1
    return m


def run(name, layer_name, config, inputs, masks):
    layer = getattr(keras.layers, layer_name)(**config)
    xs = [tf.constant(x, dtype=tf.float64) for x in inputs]
    with tf.GradientTape() as tape:
        for x in xs:
            tape.watch(x)
        ins = []
        for x, m in zip(xs, masks):
            y = tf.identity(x)
            if m is not None:
                backend.set_keras_mask(y, tf.constant(m, dtype=tf.bool))
            ins.append(y)
        out = layer(ins)
        lw = RNG.uniform(0.5, 1.5, size=tuple(out.shape))
        loss = tf.reduce_sum(out * lw)
    grads = tape.gradient(loss, xs)
    out_mask = layer.compute_mask(ins, [None if m is None else tf.constant(m, dtype=tf.bool) for m in masks])
    keras_mask = backend.get_keras_mask(out)
    CASES.append({
        "name": name, "layer": layer_name, "config": config,
        "inputs": [arr(x) for x in inputs],
        "masks": [None if m is None else arr(m) for m in masks],
        "outputs": [arr(out.numpy())],
        "output_mask": None if out_mask is None else arr(out_mask.numpy()),
        "call_output_mask": None if keras_mask is None else arr(keras_mask.numpy()),
        "loss_weights": [arr(lw)],
        "input_grads": [arr(np.zeros(np.shape(x))) if g is None else arr(g.numpy()) for x, g in zip(inputs, grads)],
    })


def x(*shape):
    return RNG.uniform(-2, 2, size=shape)


for layer in ("Add", "Subtract", "Multiply", "Average"):
    run(layer.lower() + "_both_masked", layer, {}, [x(3, 4, 2), x(3, 4, 2)],
        [seq_mask(3, 4, [4, 2, 0]), seq_mask(3, 4, [1, 3, 0])])
    run(layer.lower() + "_one_masked", layer, {}, [x(3, 4, 2), x(3, 4, 2)], [seq_mask(3, 4, [4, 2, 1]), None])
    if layer != "Subtract":
        run(layer.lower() + "_three_masked", layer, {}, [x(2, 4, 3), x(2, 4, 3), x(2, 4, 3)],
            [seq_mask(2, 4, [4, 1]), seq_mask(2, 4, [2, 0]), seq_mask(2, 4, [1, 3])])
run("concatenate_features_both_masked", "Concatenate", {}, [x(3, 4, 2), x(3, 4, 3)],
    [seq_mask(3, 4, [4, 2, 0]), seq_mask(3, 4, [1, 3, 0])])
run("concatenate_features_one_masked", "Concatenate", {}, [x(3, 4, 2), x(3, 4, 3)], [seq_mask(3, 4, [4, 2, 1]), None])
run("concatenate_time_one_masked", "Concatenate", {"axis": 1}, [x(2, 3, 2), x(2, 2, 2)],
    [seq_mask(2, 3, [1, 3]), None])

print(json.dumps({"generator": "merge_masks.py: Keras " + keras.__version__ + ", tensorflow " + tf.__version__
                  + ", float64", "cases": CASES}))
