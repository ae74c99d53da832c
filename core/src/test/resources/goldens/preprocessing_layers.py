"""Golden values for Athanor's Normalization and CategoryEncoding (issue 16), computed with real
Keras 3.15.1 in float64, in two parts run as two processes: Normalization on the TensorFlow 2.21
backend (Keras's PyTorch backend computes `maximum(sqrt(variance), epsilon)` in float32 — a Python
float becomes a float32 tensor there — and its batch-by-batch adapt in float32, both 3e-8 off the
float64 result), CategoryEncoding on the PyTorch backend (TensorFlow's bincount fast path has no
gradient for count_weights).

Run:  /work/venv/bin/python preprocessing_layers.py > preprocessing_layers.json

Normalization cases store the constructor config, the data given to `adapt` (one array, or a list of
batches: Keras's iterable path), the weights Keras holds afterwards (mean, variance, count; none when
mean/variance were given), an input, the output, and the gradient of  loss = sum(output * loss_weights)
with respect to the input. CategoryEncoding cases store the ids, the optional count_weights, the output
and (for count_weights) the gradient of the same loss with respect to them.
"""
import json
import os
import subprocess
import sys

PART = os.environ.get("PREPROCESSING_PART")
if PART is None:
    # Parent: run each part on its backend and print one JSON document.
    parts = []
    for part, backend_name in (("normalization", "tensorflow"), ("category", "torch")):
        env = dict(os.environ, PREPROCESSING_PART=part, KERAS_BACKEND=backend_name, TF_CPP_MIN_LOG_LEVEL="3")
        done = subprocess.run([sys.executable, os.path.abspath(__file__)], env=env, capture_output=True, text=True,
                              check=True)
        parts.append(json.loads(done.stdout))
    print(json.dumps({"generator": "preprocessing_layers.py, " + "; ".join(p["generator"] for p in parts),
                      "cases": [c for p in parts for c in p["cases"]]}))
    sys.exit(0)

import keras  # noqa: E402
import numpy as np  # noqa: E402
from keras.src import backend  # noqa: E402

TORCH = keras.backend.backend() == "torch"
if TORCH:
    import torch  # noqa: E402
else:
    import tensorflow as tf  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
keras.config.set_floatx("float64")
RNG = np.random.RandomState(20261216 if PART == "normalization" else 20261218)
CASES = []


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": a.ravel().tolist()}


def numpy(t):
    if TORCH:
        return t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    return t.numpy() if hasattr(t, "numpy") else np.asarray(t)


def normalization(name, config, x, adapt=None, batches=None, mask=None):
    layer = keras.layers.Normalization(**config)
    if adapt is not None:
        layer.adapt(adapt)
    elif batches is not None:
        layer.adapt(batches)
    xt = tf.constant(x, dtype=tf.float64)
    with tf.GradientTape() as tape:
        tape.watch(xt)
        xin = tf.identity(xt)
        if mask is not None:
            backend.set_keras_mask(xin, tf.constant(mask, dtype=tf.bool))
        out = layer(xin)
        lw = RNG.uniform(0.5, 1.5, size=tuple(out.shape))
        loss = tf.reduce_sum(out * lw)
    assert out.dtype == tf.float64, out.dtype
    g = tape.gradient(loss, xt)
    out_mask = layer.compute_mask(xin, None if mask is None else tf.constant(mask, dtype=tf.bool))
    CASES.append({
        "name": name, "layer": "Normalization", "config": config,
        "adapt": None if adapt is None else arr(adapt),
        "adapt_batches": None if batches is None else [arr(b) for b in batches],
        "weights": [arr(numpy(w.value)) for w in layer.weights],
        "weight_paths": [w.path for w in layer.weights],
        "weight_dtypes": [str(w.dtype) for w in layer.weights],
        "inputs": [arr(x)],
        "mask": None if mask is None else arr(mask),
        "output_mask": None if out_mask is None else arr(numpy(out_mask)),
        "outputs": [arr(numpy(out))],
        "loss_weights": [arr(lw)],
        "input_grads": [arr(numpy(g))],
        "keras_config": {k: v for k, v in layer.get_config().items() if k not in ("dtype",)},
    })


def category(name, config, ids, count_weights=None):
    layer = keras.layers.CategoryEncoding(**config)
    ids_t = torch.tensor(ids, dtype=torch.int64)
    cw = None
    if count_weights is not None:
        cw = torch.tensor(count_weights, dtype=torch.float64, requires_grad=True)
    out = layer(ids_t, count_weights=cw) if cw is not None else layer(ids_t)
    case = {
        "name": name, "layer": "CategoryEncoding", "config": config,
        "inputs": [arr(ids)] + ([] if count_weights is None else [arr(count_weights)]),
        "outputs": [arr(numpy(out))],
        "keras_output_shape": list(layer.compute_output_shape(tuple(np.shape(ids)))),
        "keras_config": {k: v for k, v in layer.get_config().items() if k not in ("dtype",)},
    }
    if cw is not None:
        lw = RNG.uniform(0.5, 1.5, size=tuple(out.shape))
        (g,) = torch.autograd.grad(torch.sum(out * torch.tensor(lw)), [cw])
        case["loss_weights"] = [arr(lw)]
        case["count_weight_grads"] = arr(numpy(g))
    CASES.append(case)


def data(*shape, scale=3.0, shift=1.0):
    return RNG.normal(shift, scale, size=shape)


if PART == "normalization":
    normalization("norm_adapt_last_axis", {}, data(4, 3), adapt=data(20, 3))
    normalization("norm_adapt_axis_none", {"axis": None}, data(3, 4), adapt=data(10, 4))
    normalization("norm_adapt_axis_1_of_rank3", {"axis": 1}, data(2, 3, 4), adapt=data(8, 3, 4))
    normalization("norm_adapt_axes_1_2", {"axis": [1, 2]}, data(2, 3, 2), adapt=data(6, 3, 2))
    normalization("norm_adapt_axis_minus2", {"axis": -2}, data(2, 3, 4), adapt=data(5, 3, 4))
    normalization("norm_adapt_invert", {"axis": -1, "invert": True}, data(4, 3, scale=1.0), adapt=data(12, 3))
    const = data(9, 3)
    const[:, 1] = 2.5  # a feature of zero variance: the standard deviation floors at 1e-7
    normalization("norm_adapt_zero_variance", {}, data(2, 3, scale=1e-8, shift=2.5), adapt=const)
    normalization("norm_adapt_batches", {}, data(3, 4), batches=[data(5, 4), data(7, 4), data(4, 4)])
    normalization("norm_adapt_batches_axis_none", {"axis": None}, data(2, 3, 2),
                  batches=[data(3, 3, 2), data(6, 3, 2)])
    normalization("norm_given_scalar", {"mean": 3.0, "variance": 2.0}, data(3, 1))
    normalization("norm_given_vector", {"mean": [1.0, -2.0, 0.5], "variance": [4.0, 0.25, 1.0]}, data(4, 3))
    normalization("norm_given_vector_invert", {"mean": [1.0, -2.0, 0.5], "variance": [4.0, 0.25, 1.0], "invert": True},
                  data(4, 3))
    normalization("norm_given_broadcast_right_aligned", {"axis": [1, 2], "mean": [0.5, -1.0], "variance": [2.0, 3.0]},
                  data(2, 3, 2))
    normalization("norm_given_matrix", {"axis": [1, 2], "mean": [[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]],
                                        "variance": [[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]}, data(2, 3, 2))
    m = np.ones((3, 4))
    m[1, 2:] = 0
    m[2, 1:] = 0
    normalization("norm_mask_passes", {}, data(3, 4, 2), adapt=data(6, 4, 2), mask=m)

else:
    category("one_hot_rank1", {"num_tokens": 4, "output_mode": "one_hot"}, np.array([3, 2, 0, 1]))
    category("one_hot_last_axis_1", {"num_tokens": 5, "output_mode": "one_hot"}, np.array([[4], [0], [2]]))
    category("one_hot_rank2", {"num_tokens": 6, "output_mode": "one_hot"}, RNG.randint(0, 6, size=(3, 5)))
    category("multi_hot", {"num_tokens": 4, "output_mode": "multi_hot"}, np.array([[0, 1], [0, 0], [1, 2], [3, 1]]))
    category("multi_hot_default", {"num_tokens": 7}, RNG.randint(0, 7, size=(3, 6)))
    category("binary_alias", {"num_tokens": 5, "output_mode": "binary"}, RNG.randint(0, 5, size=(2, 4)))
    category("count", {"num_tokens": 4, "output_mode": "count"}, np.array([[0, 1, 1], [0, 0, 0], [1, 2, 3], [3, 1, 3]]))
    category("count_weights", {"num_tokens": 4, "output_mode": "count"}, np.array([[0, 1], [0, 0], [1, 2], [3, 1]]),
             count_weights=np.array([[.1, .2], [.1, .1], [.2, .3], [.4, .2]]))
    category("count_weights_repeats", {"num_tokens": 5, "output_mode": "count"}, RNG.randint(0, 5, size=(3, 7)),
             count_weights=RNG.uniform(-1, 1, size=(3, 7)))

print(json.dumps({"generator": "part " + PART + ": Keras " + keras.__version__ + ", " + keras.backend.backend() + " "
                  + (torch.__version__ if TORCH else tf.__version__) + ", float64", "cases": CASES}))
