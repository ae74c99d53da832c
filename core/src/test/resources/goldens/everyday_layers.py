"""Golden outputs and gradients for Athanor's activation, shape and merge layers (issue 16),
computed with real Keras 3.15.1 (PyTorch 2.13 backend) in float64. The PyTorch backend, because
TensorFlow rounds some of these layers' constants to float32 (tf.nn.leaky_relu's `alpha` attribute,
`ops.cast` of a Python max_value), which would hide real float64 differences.

Run:  /work/venv/bin/python everyday_layers.py > everyday_layers.json

Every case stores the layer's registry name and constructor config, the inputs, the Keras masks
of the inputs (set on the tensors as Keras's Embedding(mask_zero=True) would), an explicit `mask`
call argument where one is used (Softmax), the weights in Keras order (set from this script's own
random values), the outputs, and the gradients of  loss = sum(output * loss_weights)  with respect
to every input and every trainable weight (torch.autograd). Inputs keep away from the kinks of
relu-like functions so that the gradients are defined.
"""
import json
import os

os.environ["KERAS_BACKEND"] = "torch"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras  # noqa: E402
import numpy as np  # noqa: E402
import torch  # noqa: E402
from keras.src import backend  # noqa: E402

assert keras.__version__ == "3.15.1", keras.__version__
keras.config.set_floatx("float64")
RNG = np.random.RandomState(20261205)
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


def run(name, layer_name, config, inputs, masks=None, call_mask=None, training=False):
    layer = getattr(keras.layers, layer_name)(**config)
    masks = masks or [None] * len(inputs)
    probe = [torch.tensor(x) for x in inputs]
    layer(probe if layer_name in LIST_INPUT else probe[0])
    for w in layer.weights:
        w.assign(rand(*w.shape, lo=-0.8, hi=0.8))
    xs = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    ins = []
    for x, m in zip(xs, masks):
        if m is not None:
            backend.set_keras_mask(x, torch.tensor(m, dtype=torch.bool))
        ins.append(x)
    kw = {}
    if call_mask is not None:
        kw["mask"] = torch.tensor(call_mask, dtype=torch.bool)
    out = layer(ins if layer_name in LIST_INPUT else ins[0], training=training, **kw)
    lw = rand(*out.shape, lo=0.5, hi=1.5)
    loss = torch.sum(out * torch.tensor(lw))
    params = [w.value for w in layer.trainable_weights]
    grads = torch.autograd.grad(loss, xs + params, allow_unused=True)
    gin, gw = grads[:len(xs)], grads[len(xs):]
    np_ = lambda t: t.detach().cpu().numpy()
    CASES.append({
        "name": name, "layer": layer_name, "config": config,
        "inputs": [arr(x) for x in inputs],
        "masks": [None if m is None else arr(np.asarray(m, dtype=np.float64)) for m in masks],
        "call_mask": None if call_mask is None else arr(np.asarray(call_mask, dtype=np.float64)),
        "weights": [arr(np_(w.value)) for w in layer.weights],
        "weight_paths": [w.path for w in layer.weights],
        "outputs": [arr(np_(out))],
        "loss_weights": [arr(lw)],
        "input_grads": [arr(np.zeros(x.shape)) if g is None else arr(np_(g)) for x, g in zip(inputs, gin)],
        "weight_grads": [arr(np_(g)) for g in gw],
    })


def seq_mask(b, t, lengths):
    m = np.zeros((b, t))
    for i, n in enumerate(lengths):
        m[i, :n] = 1
    return m


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

print(json.dumps({"generator": "everyday_layers.py, Keras " + keras.__version__ + ", PyTorch "
                  + torch.__version__ + ", float64", "cases": CASES}))
