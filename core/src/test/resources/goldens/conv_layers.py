"""Golden outputs for Athanor's convolution, pooling and normalization layers, computed with PyTorch.

Run with Debian's interpreter:  /usr/bin/python3 conv_layers.py > conv_layers.json

Every case stores the layer's Keras registry name and config, the input and the weights in Keras's
layouts (NHWC images, HWIO kernels, ...), and the output PyTorch computes after mapping those layouts
explicitly to its own (NCHW, OIHW, ...). 'same' padding is built explicitly with TensorFlow's rule
(floor(total / 2) before, the rest after), average pooling with 'same' padding divides by the number
of real cells (TensorFlow), and max pooling pads with -inf. All arithmetic is float64.
"""
import json
import math

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
RNG = np.random.RandomState(20261126)
CASES = []


def rand(*shape):
    return RNG.uniform(-1.0, 1.0, size=shape)


def t(a):
    return torch.tensor(a, dtype=torch.float64)


def tf_pads(size, k, s, d, same):
    """TensorFlow's (before, after) padding for one axis."""
    if not same:
        return 0, 0
    out = -(-size // s)
    total = max((out - 1) * s + (k - 1) * d + 1 - size, 0)
    return total // 2, total - total // 2


def add(name, layer, config, x, weights, y, training=False):
    CASES.append({
        "name": name, "layer": layer, "config": config, "training": training,
        "input_shape": list(x.shape), "input": x.ravel().tolist(),
        "weights": [{"shape": list(w.shape), "values": w.ravel().tolist()} for w in weights],
        "output_shape": list(y.shape), "output": y.ravel().tolist(),
    })


def nchw(x):
    return t(x).permute(0, 3, 1, 2)


def nhwc(y):
    return y.permute(0, 2, 3, 1).numpy()


# ---------------------------------------------------------------- Conv2D
def conv2d(x, k, b, strides, padding, dilation, channels_first=False):
    xt = t(x) if channels_first else nchw(x)
    h, w = xt.shape[2], xt.shape[3]
    ph = tf_pads(h, k.shape[0], strides[0], dilation[0], padding == "same")
    pw = tf_pads(w, k.shape[1], strides[1], dilation[1], padding == "same")
    xt = F.pad(xt, (pw[0], pw[1], ph[0], ph[1]))
    wt = t(k).permute(3, 2, 0, 1)  # HWIO -> OIHW
    y = F.conv2d(xt, wt, None if b is None else t(b), stride=strides, dilation=dilation)
    return y.numpy() if channels_first else nhwc(y)


for i, (hw, cin, f, ks, st, pad, dil, bias, act) in enumerate([
        ((6, 7), 3, 4, (3, 3), (1, 1), "valid", (1, 1), True, "linear"),
        ((6, 7), 3, 4, (3, 2), (1, 1), "same", (1, 1), True, "linear"),
        ((7, 8), 2, 3, (3, 3), (2, 2), "same", (1, 1), True, "relu"),
        ((8, 7), 2, 3, (2, 4), (2, 3), "same", (1, 1), False, "linear"),
        ((7, 7), 2, 2, (3, 3), (2, 1), "valid", (1, 1), True, "linear"),
        ((9, 8), 2, 3, (3, 2), (1, 1), "valid", (2, 3), True, "linear"),
        ((9, 8), 2, 3, (3, 3), (1, 1), "same", (2, 2), True, "tanh"),
        ((5, 5), 1, 1, (4, 4), (1, 1), "same", (1, 1), True, "linear")]):
    x = rand(2, hw[0], hw[1], cin)
    k = rand(ks[0], ks[1], cin, f)
    b = rand(f) if bias else None
    y = conv2d(x, k, b, st, pad, dil)
    y = {"linear": y, "relu": np.maximum(y, 0), "tanh": np.tanh(y)}[act]
    cfg = {"filters": f, "kernel_size": list(ks), "strides": list(st), "padding": pad, "dilation_rate": list(dil),
           "use_bias": bias, "activation": act}
    add("conv2d_%d" % i, "Conv2D", cfg, x, [k] + ([b] if bias else []), y)

# channels_first: the kernel keeps Keras's HWIO layout
x = rand(2, 3, 6, 5)
k = rand(3, 2, 3, 4)
b = rand(4)
add("conv2d_channels_first", "Conv2D", {"filters": 4, "kernel_size": [3, 2], "strides": [2, 1], "padding": "same",
                                        "data_format": "channels_first"},
    x, [k, b], conv2d(x, k, b, (2, 1), "same", (1, 1), channels_first=True))


# ---------------------------------------------------------------- Conv1D
def conv1d(x, k, b, stride, padding, dilation):
    xt = t(x).permute(0, 2, 1)  # NLC -> NCL
    n = xt.shape[2]
    if padding == "causal":
        p = ((k.shape[0] - 1) * dilation, 0)
    else:
        p = tf_pads(n, k.shape[0], stride, dilation, padding == "same")
    xt = F.pad(xt, p)
    wt = t(k).permute(2, 1, 0)  # [k, in, out] -> [out, in, k]
    y = F.conv1d(xt, wt, None if b is None else t(b), stride=stride, dilation=dilation)
    return y.permute(0, 2, 1).numpy()


for i, (n, cin, f, ks, st, pad, dil) in enumerate([
        (9, 3, 4, 3, 1, "valid", 1), (9, 3, 4, 2, 1, "same", 1), (10, 2, 3, 3, 2, "same", 1),
        (10, 2, 3, 4, 3, "valid", 1), (11, 2, 3, 3, 1, "causal", 2), (11, 2, 2, 3, 1, "same", 3),
        (8, 2, 2, 2, 2, "causal", 1)]):
    x = rand(2, n, cin)
    k = rand(ks, cin, f)
    b = rand(f)
    add("conv1d_%d" % i, "Conv1D", {"filters": f, "kernel_size": [ks], "strides": [st], "padding": pad,
                                     "dilation_rate": [dil]}, x, [k, b], conv1d(x, k, b, st, pad, dil))
x = rand(2, 3, 7)
k = rand(3, 3, 2)
b = rand(2)
y = conv1d(np.transpose(x, (0, 2, 1)), k, b, 1, "same", 1)
add("conv1d_channels_first", "Conv1D", {"filters": 2, "kernel_size": [3], "padding": "same",
                                        "data_format": "channels_first"}, x, [k, b], np.transpose(y, (0, 2, 1)))


# ---------------------------------------------------------------- pooling
def pool2d(x, pool, strides, padding, mode):
    xt = nchw(x)
    h, w = xt.shape[2], xt.shape[3]
    ph = tf_pads(h, pool[0], strides[0], 1, padding == "same")
    pw = tf_pads(w, pool[1], strides[1], 1, padding == "same")
    pads = (pw[0], pw[1], ph[0], ph[1])
    if mode == "max":
        y = F.max_pool2d(F.pad(xt, pads, value=-math.inf), pool, strides)
    else:
        area = pool[0] * pool[1]
        s = F.avg_pool2d(F.pad(xt, pads), pool, strides) * area
        c = F.avg_pool2d(F.pad(torch.ones_like(xt), pads), pool, strides) * area
        y = s / c
    return nhwc(y)


for i, (hw, pool, st, pad) in enumerate([
        ((6, 6), (2, 2), None, "valid"), ((7, 5), (2, 2), None, "same"), ((7, 8), (3, 2), (2, 3), "same"),
        ((7, 8), (3, 3), (1, 1), "same"), ((7, 8), (3, 2), (2, 1), "valid")]):
    x = rand(2, hw[0], hw[1], 3)
    strides = st or pool
    for layer, mode in (("MaxPooling2D", "max"), ("AveragePooling2D", "avg")):
        cfg = {"pool_size": list(pool), "strides": None if st is None else list(st), "padding": pad}
        add("%s_%d" % (layer, i), layer, cfg, x, [], pool2d(x, pool, strides, pad, mode))

for i, (n, pool, st, pad) in enumerate([(8, 2, None, "valid"), (9, 3, 2, "same"), (9, 2, 1, "same"),
                                        (10, 5, 5, "valid"), (10, 3, 2, "valid")]):
    x = rand(2, n, 3)
    strides = st or pool
    for layer, mode in (("MaxPooling1D", "max"), ("AveragePooling1D", "avg")):
        y = pool2d(x[:, None, :, :], (1, pool), (1, strides), pad, mode)[:, 0]
        cfg = {"pool_size": [pool], "strides": None if st is None else [st], "padding": pad}
        add("%s_%d" % (layer, i), layer, cfg, x, [], y)

x = rand(2, 3, 5, 6)  # channels_first
y = pool2d(np.transpose(x, (0, 2, 3, 1)), (2, 2), (2, 2), "same", "max")
add("MaxPooling2D_channels_first", "MaxPooling2D", {"pool_size": [2, 2], "padding": "same",
                                                    "data_format": "channels_first"}, x, [],
    np.transpose(y, (0, 3, 1, 2)))
x = rand(2, 3, 7)
y = pool2d(np.transpose(x, (0, 2, 1))[:, None], (1, 2), (1, 2), "same", "avg")[:, 0]
add("AveragePooling1D_channels_first", "AveragePooling1D", {"pool_size": [2], "padding": "same",
                                                            "data_format": "channels_first"}, x, [],
    np.transpose(y, (0, 2, 1)))


# ---------------------------------------------------------------- DepthwiseConv2D, SeparableConv2D
def depthwise(x, dk, b, strides, padding, dilation):
    xt = nchw(x)
    cin, dm = dk.shape[2], dk.shape[3]
    ph = tf_pads(xt.shape[2], dk.shape[0], strides[0], dilation[0], padding == "same")
    pw = tf_pads(xt.shape[3], dk.shape[1], strides[1], dilation[1], padding == "same")
    xt = F.pad(xt, (pw[0], pw[1], ph[0], ph[1]))
    # Keras [kh, kw, in, dm] -> torch [in * dm, 1, kh, kw]; output channel c * dm + m
    wt = t(dk).permute(2, 3, 0, 1).reshape(cin * dm, 1, dk.shape[0], dk.shape[1])
    y = F.conv2d(xt, wt, None if b is None else t(b), stride=strides, dilation=dilation, groups=cin)
    return nhwc(y)


for i, (hw, cin, dm, ks, st, pad, dil) in enumerate([
        ((6, 7), 3, 1, (3, 3), (1, 1), "valid", (1, 1)), ((6, 7), 2, 3, (3, 2), (2, 2), "same", (1, 1)),
        ((8, 8), 2, 2, (3, 3), (1, 1), "same", (2, 2))]):
    x = rand(2, hw[0], hw[1], cin)
    dk = rand(ks[0], ks[1], cin, dm)
    b = rand(cin * dm)
    add("depthwise_%d" % i, "DepthwiseConv2D", {"kernel_size": list(ks), "strides": list(st), "padding": pad,
                                                 "depth_multiplier": dm, "dilation_rate": list(dil)},
        x, [dk, b], depthwise(x, dk, b, st, pad, dil))
    f = 4
    pk = rand(1, 1, cin * dm, f)
    pb = rand(f)
    d = depthwise(x, dk, None, st, pad, dil)
    y = F.conv2d(nchw(d), t(pk).permute(3, 2, 0, 1), t(pb))
    add("separable_%d" % i, "SeparableConv2D", {"filters": f, "kernel_size": list(ks), "strides": list(st),
                                                 "padding": pad, "depth_multiplier": dm, "dilation_rate": list(dil)},
        x, [dk, pk, pb], nhwc(y))


# ---------------------------------------------------------------- Conv2DTranspose
def deconv_axis(full, size, k, s, d, same):
    """TF's conv2d_transpose: 'same' keeps n * s values starting at floor(total / 2) of the full result."""
    if not same:
        return 0, full
    out = size * s
    total = (size - 1) * s + (k - 1) * d + 1 - out
    return total // 2, out


for i, (hw, cin, f, ks, st, pad, dil) in enumerate([
        ((4, 5), 3, 2, (3, 3), (1, 1), "valid", (1, 1)), ((4, 5), 3, 2, (3, 3), (2, 2), "valid", (1, 1)),
        ((4, 5), 2, 3, (3, 3), (2, 2), "same", (1, 1)), ((4, 3), 2, 2, (4, 3), (2, 3), "same", (1, 1)),
        ((4, 4), 2, 2, (3, 2), (1, 1), "same", (1, 1)), ((4, 4), 2, 2, (3, 3), (1, 1), "valid", (2, 2))]):
    x = rand(2, hw[0], hw[1], cin)
    k = rand(ks[0], ks[1], f, cin)
    b = rand(f)
    # Keras [kh, kw, out, in] -> torch conv_transpose2d weight [in, out, kh, kw]
    full = F.conv_transpose2d(nchw(x), t(k).permute(3, 2, 0, 1), t(b), stride=st, dilation=dil)
    h0, hn = deconv_axis(full.shape[2], hw[0], ks[0], st[0], dil[0], pad == "same")
    w0, wn = deconv_axis(full.shape[3], hw[1], ks[1], st[1], dil[1], pad == "same")
    y = full[:, :, h0:h0 + hn, w0:w0 + wn]
    add("deconv_%d" % i, "Conv2DTranspose", {"filters": f, "kernel_size": list(ks), "strides": list(st),
                                             "padding": pad, "dilation_rate": list(dil)}, x, [k, b], nhwc(y))

# ---------------------------------------------------------------- global pooling
x = rand(2, 5, 4, 3)
add("gmax2d", "GlobalMaxPooling2D", {}, x, [], x.max(axis=(1, 2)))
add("gavg2d", "GlobalAveragePooling2D", {}, x, [], x.mean(axis=(1, 2)))
add("gavg2d_keepdims", "GlobalAveragePooling2D", {"keepdims": True}, x, [], x.mean(axis=(1, 2), keepdims=True))
add("gmax2d_channels_first", "GlobalMaxPooling2D", {"data_format": "channels_first"}, x, [], x.max(axis=(2, 3)))
x = rand(2, 6, 3)
add("gmax1d", "GlobalMaxPooling1D", {}, x, [], x.max(axis=1))
add("gavg1d", "GlobalAveragePooling1D", {}, x, [], x.mean(axis=1))
add("gmax1d_keepdims", "GlobalMaxPooling1D", {"keepdims": True}, x, [], x.max(axis=1, keepdims=True))
add("gavg1d_channels_first", "GlobalAveragePooling1D", {"data_format": "channels_first"}, x, [], x.mean(axis=2))

# ---------------------------------------------------------------- padding, cropping, upsampling
x = rand(2, 3, 4, 2)
add("zeropad_default", "ZeroPadding2D", {}, x, [], nhwc(F.pad(nchw(x), (1, 1, 1, 1))))
add("zeropad_pairs", "ZeroPadding2D", {"padding": [[2, 0], [1, 3]]}, x, [], nhwc(F.pad(nchw(x), (1, 3, 2, 0))))
add("zeropad_sym_channels_first", "ZeroPadding2D", {"padding": [1, 2], "data_format": "channels_first"}, x, [],
    F.pad(t(x), (2, 2, 1, 1)).numpy())
x = rand(2, 6, 7, 2)
add("crop_pairs", "Cropping2D", {"cropping": [[1, 2], [0, 3]]}, x, [], x[:, 1:4, 0:4, :])
add("crop_int", "Cropping2D", {"cropping": 1}, x, [], x[:, 1:5, 1:6, :])
x = rand(2, 2, 7, 6)
add("crop_channels_first", "Cropping2D", {"cropping": [[1, 0], [2, 1]], "data_format": "channels_first"}, x, [],
    x[:, :, 1:7, 2:5])
x = rand(2, 3, 2, 2)
add("upsample_default", "UpSampling2D", {}, x, [],
    nhwc(F.interpolate(nchw(x), scale_factor=(2, 2), mode="nearest")))
add("upsample_3x2", "UpSampling2D", {"size": [3, 2]}, x, [],
    nhwc(F.interpolate(nchw(x), scale_factor=(3, 2), mode="nearest")))
add("upsample_channels_first", "UpSampling2D", {"size": [1, 3], "data_format": "channels_first"}, x, [],
    F.interpolate(t(x), scale_factor=(1, 3), mode="nearest").numpy())

# ---------------------------------------------------------------- LayerNormalization, BatchNormalization
x = rand(3, 4, 5) * 3 + 1
g = rand(5)
b = rand(5)
add("layernorm_last", "LayerNormalization", {}, x, [g, b],
    F.layer_norm(t(x), (5,), t(g), t(b), eps=1e-3).numpy())
g2 = rand(4, 5)
b2 = rand(4, 5)
add("layernorm_two_axes", "LayerNormalization", {"axis": [1, 2], "epsilon": 1e-5}, x, [g2, b2],
    F.layer_norm(t(x), (4, 5), t(g2), t(b2), eps=1e-5).numpy())
# axis 1 alone: move it last for torch's layer_norm
g1 = rand(4)
b1 = rand(4)
y = F.layer_norm(t(x).permute(0, 2, 1), (4,), t(g1), t(b1), eps=1e-3).permute(0, 2, 1)
add("layernorm_axis1", "LayerNormalization", {"axis": 1}, x, [g1, b1], y.numpy())
add("layernorm_no_scale", "LayerNormalization", {"scale": False, "center": False}, x, [],
    F.layer_norm(t(x), (5,), eps=1e-3).numpy())

x = rand(4, 5, 6, 3) * 2 + 0.5
gamma, beta = rand(3), rand(3)
mm, mv = rand(3), RNG.uniform(0.5, 2.0, size=3)
y = F.batch_norm(nchw(x), t(mm), t(mv), t(gamma), t(beta), training=False, eps=1e-3)
add("batchnorm4d_inference", "BatchNormalization", {}, x, [gamma, beta, mm, mv], nhwc(y))
y = F.batch_norm(nchw(x), t(mm).clone(), t(mv).clone(), t(gamma), t(beta), training=True, eps=1e-3)
add("batchnorm4d_training", "BatchNormalization", {}, x, [gamma, beta, mm, mv], nhwc(y), training=True)
x = rand(4, 3, 5, 6)
y = F.batch_norm(t(x), t(mm), t(mv), t(gamma), t(beta), training=True, eps=1e-3)
add("batchnorm4d_axis1_training", "BatchNormalization", {"axis": 1}, x, [gamma, beta, mm, mv], y.numpy(),
    training=True)

print(json.dumps({"generator": "conv_layers.py (PyTorch %s)" % torch.__version__, "cases": CASES}))
