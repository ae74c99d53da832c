"""Golden outputs and gradients for Athanor's activation, shape and merge layers (issue 16),
computed with real Keras 3.15.1 in float64, in two parts run as two processes: the activation
layers on the PyTorch 2.13 backend (TensorFlow rounds some of their constants to float32:
tf.nn.leaky_relu's `alpha` attribute, `ops.cast` of a Python max_value), the shape and merge layers
on the TensorFlow 2.21 backend (Keras's PyTorch backend returns float32 from ops.maximum/minimum and
the merges on float64 tensors). Either artifact would hide real float64 differences.

Run:  /work/venv/bin/python everyday_layers.py > everyday_layers.json

Every case stores the layer's registry name and constructor config, the inputs, the Keras masks
of the inputs (set on the tensors as Keras's Embedding(mask_zero=True) would), an explicit `mask`
call argument where one is used (Softmax), the weights in Keras order (set from this script's own
random values), the outputs, and the gradients of  loss = sum(output * loss_weights)  with respect
to every input and every trainable weight (torch.autograd / tf.GradientTape). Inputs keep away from the kinks of
relu-like functions so that the gradients are defined.
"""
import json
import os
import subprocess
import sys

PART = os.environ.get("EVERYDAY_PART")
if PART is None:
    # Parent: run each part on its backend and print one JSON document.
    parts = []
    for part, backend_name in (("activations", "torch"), ("shapes", "tensorflow")):
        env = dict(os.environ, EVERYDAY_PART=part, KERAS_BACKEND=backend_name, TF_CPP_MIN_LOG_LEVEL="3")
        done = subprocess.run([sys.executable, os.path.abspath(__file__)], env=env, capture_output=True, text=True,
                              check=True)
        parts.append(json.loads(done.stdout))
    print(json.dumps({"generator": "everyday_layers.py, " + "; ".join(p["generator"] for p in parts),
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
RNG = np.random.RandomState(20261205 if PART == "activations" else 20261206)
CASES = []
LIST_INPUT = {"Dot", "Maximum", "Minimum"}


def rand(*shape, lo=-1.0, hi=1.0):
    return RNG.uniform(lo, hi, size=shape)


def away(*shape, lo=-2.0, hi=2.0, points=(0.0,), gap=0.05):
    """Uniform values at least `gap` away from every kink in `points`."""
    a = rand(*shape, lo=lo, hi=hi)
    for p in points:
        close = np.abs(a - p) < gap
        a[close] = p + np.sign(a[close] - p + 1e-12) * (gap + 0.01)
    return a


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": a.ravel().tolist()}


def tensor(x, dtype="float64"):
    if TORCH:
        return torch.tensor(x, dtype=getattr(torch, dtype))
    return tf.constant(x, dtype=getattr(tf, dtype))


def numpy(t):
    return t.detach().cpu().numpy() if TORCH else t.numpy()


def run(name, layer_name, config, inputs, masks=None, call_mask=None, training=False):
    layer = getattr(keras.layers, layer_name)(**config)
    masks = masks or [None] * len(inputs)
    probe = [tensor(x) for x in inputs]
    layer(probe if layer_name in LIST_INPUT else probe[0])
    for w in layer.weights:
        w.assign(rand(*w.shape, lo=-0.8, hi=0.8))
    xs = [tensor(x) for x in inputs]
    params = [w.value for w in layer.trainable_weights]

    def forward():
        ins = []
        for x, m in zip(xs, masks):
            if m is not None:
                backend.set_keras_mask(x, tensor(m, "bool"))
            ins.append(x)
        kw = {}
        if call_mask is not None:
            kw["mask"] = tensor(call_mask, "bool")
        out = layer(ins if layer_name in LIST_INPUT else ins[0], training=training, **kw)
        assert "float64" in str(out.dtype), (name, out.dtype)
        return out

    lw = None
    if TORCH:
        for x in xs:
            x.requires_grad_(True)
        out = forward()
        lw = rand(*out.shape, lo=0.5, hi=1.5)
        loss = torch.sum(out * torch.tensor(lw))
        grads = torch.autograd.grad(loss, xs + params, allow_unused=True)
        gin, gw = grads[:len(xs)], grads[len(xs):]
    else:
        with tf.GradientTape(persistent=True) as tape:
            for x in xs:
                tape.watch(x)
            out = forward()
            lw = rand(*out.shape, lo=0.5, hi=1.5)
            loss = tf.reduce_sum(out * lw)
        gin, gw = tape.gradient(loss, xs), tape.gradient(loss, params)
    CASES.append({
        "name": name, "layer": layer_name, "config": config,
        "inputs": [arr(x) for x in inputs],
        "masks": [None if m is None else arr(np.asarray(m, dtype=np.float64)) for m in masks],
        "call_mask": None if call_mask is None else arr(np.asarray(call_mask, dtype=np.float64)),
        "weights": [arr(numpy(w.value)) for w in layer.weights],
        "weight_paths": [w.path for w in layer.weights],
        "outputs": [arr(numpy(out))],
        "loss_weights": [arr(lw)],
        "input_grads": [arr(np.zeros(np.shape(x))) if g is None else arr(numpy(g)) for x, g in zip(inputs, gin)],
        "weight_grads": [arr(numpy(g)) for g in gw],
        "losses": [float(numpy(l)) for l in layer.losses],
    })


def seq_mask(b, t, lengths):
    m = np.zeros((b, t))
    for i, n in enumerate(lengths):
        m[i, :n] = 1
    return m


if PART == "activations":
    # ---------------------------------------------------------------- activation layers
    run("relu_default", "ReLU", {}, [away(3, 4)])
    run("relu_max_value", "ReLU", {"max_value": 0.8}, [away(2, 3, 4, points=(0.0, 0.8))])
    run("relu_max_value_6_relu6_path", "ReLU", {"max_value": 6.0}, [away(2, 5, lo=-8, hi=8, points=(0.0, 6.0))])
    run("relu_negative_slope_only", "ReLU", {"negative_slope": 0.1}, [away(2, 3, 2)])
    run("relu_threshold", "ReLU", {"threshold": 0.3}, [away(3, 4, points=(0.3,))])
    run("relu_all_options", "ReLU", {"max_value": 1.5, "negative_slope": 0.2, "threshold": 0.5},
        [away(2, 3, 4, points=(0.5, 1.5))])
    run("relu_slope_and_max", "ReLU", {"max_value": 1.0, "negative_slope": 0.25},
        [away(2, 6, points=(0.0, 1.0))])
    run("leaky_relu_default", "LeakyReLU", {}, [away(3, 4)])
    run("leaky_relu_slope", "LeakyReLU", {"negative_slope": 0.05}, [away(2, 3, 4)])
    run("prelu", "PReLU", {}, [away(2, 3, 4)])
    run("prelu_shared_axis_1", "PReLU", {"shared_axes": [1]}, [away(3, 4, 2)])
    run("prelu_shared_axes_1_2", "PReLU", {"shared_axes": [1, 2]}, [away(2, 3, 3, 2)])
    run("elu_default", "ELU", {}, [away(3, 4)])
    run("elu_alpha", "ELU", {"alpha": 0.5}, [away(2, 3, 4)])
    run("softmax_default", "Softmax", {}, [rand(2, 3, 4, lo=-2, hi=2)])
    run("softmax_axis_1", "Softmax", {"axis": 1}, [rand(2, 3, 4, lo=-2, hi=2)])
    run("softmax_axes_1_2", "Softmax", {"axis": [1, 2]}, [rand(2, 3, 4, lo=-2, hi=2)])
    cm = (RNG.uniform(size=(2, 3, 4)) > 0.3).astype(np.float64)
    cm[1, 2, :] = 0  # a fully masked row: zeros out, zero gradient
    run("softmax_call_mask_full_row", "Softmax", {}, [rand(2, 3, 4, lo=-2, hi=2)], call_mask=cm)
    run("softmax_call_mask_broadcast", "Softmax", {}, [rand(2, 3, 4, lo=-2, hi=2)],
        call_mask=(RNG.uniform(size=(2, 1, 4)) > 0.4).astype(np.float64))
    run("softmax_keras_mask_rank2", "Softmax", {}, [rand(3, 5, lo=-2, hi=2)], masks=[seq_mask(3, 5, [5, 3, 1])])

    # ---------------------------------------------------------------- preprocessing and regularization (TensorFlow would cast
    # Rescaling's scale and the L1L2 factors through float32)
    run("rescaling_scalar", "Rescaling", {"scale": 1 / 255.0, "offset": -0.5}, [rand(2, 3, 4, lo=0, hi=255)])
    run("rescaling_per_channel", "Rescaling", {"scale": [0.5, 2.0, -1.0], "offset": [0.1, 0.0, 0.3]},
        [rand(2, 4, 3)])
    run("activity_regularization", "ActivityRegularization", {"l1": 0.01, "l2": 0.2}, [rand(3, 4)])
    run("gaussian_noise_inference", "GaussianNoise", {"stddev": 0.5}, [rand(2, 3)])
    run("gaussian_dropout_inference", "GaussianDropout", {"rate": 0.3}, [rand(2, 3)])
    run("spatial_dropout1d_inference", "SpatialDropout1D", {"rate": 0.4}, [rand(2, 3, 4)])
    run("spatial_dropout2d_inference", "SpatialDropout2D", {"rate": 0.4, "data_format": "channels_first"},
        [rand(2, 3, 2, 2)])

else:
    # ---------------------------------------------------------------- shape layers
    run("permute_2_1", "Permute", {"dims": [2, 1]}, [rand(2, 3, 4)])
    run("permute_3_1_2", "Permute", {"dims": [3, 1, 2]}, [rand(2, 3, 4, 2)])
    run("repeat_vector", "RepeatVector", {"n": 3}, [rand(2, 4)])
    run("zero_padding1d_default", "ZeroPadding1D", {}, [rand(2, 3, 2)])
    run("zero_padding1d_pair", "ZeroPadding1D", {"padding": [2, 0]}, [rand(2, 3, 2)])
    run("zero_padding1d_channels_first", "ZeroPadding1D", {"padding": [1, 3], "data_format": "channels_first"},
        [rand(2, 2, 3)])
    run("cropping1d_default", "Cropping1D", {}, [rand(2, 5, 3)])
    run("cropping1d_pair", "Cropping1D", {"cropping": [2, 0]}, [rand(2, 5, 3)])
    run("upsampling1d_default", "UpSampling1D", {}, [rand(2, 3, 2)])
    run("upsampling1d_size_3", "UpSampling1D", {"size": 3}, [rand(2, 2, 4)])
    x = rand(3, 5, 4)
    run("global_max_pooling1d_mask_ignored_as_keras3", "GlobalMaxPooling1D", {}, [x], masks=[seq_mask(3, 5, [5, 3, 1])])
    run("global_max_pooling1d_channels_first_keepdims", "GlobalMaxPooling1D",
        {"data_format": "channels_first", "keepdims": True}, [rand(2, 3, 4)])
    run("global_average_pooling1d_mask", "GlobalAveragePooling1D", {}, [x], masks=[seq_mask(3, 5, [5, 3, 1])])
    run("global_average_pooling1d_mask_channels_first_keepdims", "GlobalAveragePooling1D",
        {"data_format": "channels_first", "keepdims": True}, [rand(3, 4, 5)], masks=[seq_mask(3, 5, [2, 5, 4])])

    # ---------------------------------------------------------------- merge layers
    run("dot_vectors", "Dot", {"axes": 1}, [rand(3, 4), rand(3, 4)])
    run("dot_vectors_normalize", "Dot", {"axes": -1, "normalize": True}, [rand(3, 4), rand(3, 4)])
    run("dot_sequences_last_axis", "Dot", {"axes": 2}, [rand(2, 3, 4), rand(2, 5, 4)])
    run("dot_axes_pair", "Dot", {"axes": [1, 2]}, [rand(2, 3, 4), rand(2, 5, 3)])
    run("dot_axes_pair_normalize", "Dot", {"axes": [2, 1], "normalize": True}, [rand(2, 3, 4), rand(2, 4, 5)])
    run("dot_rank4_and_rank2", "Dot", {"axes": [2, 1]}, [rand(2, 3, 4, 2), rand(2, 4)])
    run("dot_rank2_and_rank3", "Dot", {"axes": [1, 1]}, [rand(2, 4), rand(2, 4, 3)])
    run("maximum_two", "Maximum", {}, [rand(3, 4), rand(3, 4)])
    run("maximum_three", "Maximum", {}, [rand(2, 3, 4), rand(2, 3, 4), rand(2, 3, 4)])
    run("maximum_masks", "Maximum", {}, [rand(3, 4, 2), rand(3, 4, 2)],
        masks=[seq_mask(3, 4, [4, 2, 0]), seq_mask(3, 4, [1, 3, 2])])
    run("maximum_one_mask", "Maximum", {}, [rand(3, 4, 2), rand(3, 4, 2)], masks=[seq_mask(3, 4, [4, 2, 1]), None])
    run("minimum_two", "Minimum", {}, [rand(3, 4), rand(3, 4)])
    run("minimum_masks_three", "Minimum", {}, [rand(2, 4, 3), rand(2, 4, 3), rand(2, 4, 3)],
        masks=[seq_mask(2, 4, [4, 1]), None, seq_mask(2, 4, [2, 3])])

print(json.dumps({"generator": "part " + PART + ": Keras " + keras.__version__ + ", "
                  + keras.backend.backend() + " " + (torch.__version__ if TORCH else tf.__version__)
                  + ", float64", "cases": CASES}))
