"""Golden outputs and gradients for Athanor's attention layers (MultiHeadAttention, EinsumDense, ...),
computed with real Keras 3.15.1 (TensorFlow 2.21 backend) in float64.

Run:  /work/venv/bin/python attention_layers.py > attention_layers.json

Every case stores the layer's registry name and config, the inputs, the Keras masks of the inputs
(set on the tensors as Keras's Embedding(mask_zero=True) would), the call arguments, the weights in
Keras order, the outputs, and the gradients of  loss = sum_i sum(output_i * loss_weights_i)  with
respect to every input and every weight (tf.GradientTape).
"""
import json
import os

os.environ["KERAS_BACKEND"] = "tensorflow"
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras  # noqa: E402
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from keras.src import backend  # noqa: E402

keras.config.set_floatx("float64")
RNG = np.random.RandomState(20261204)
CASES = []


def rand(*shape, lo=-1.0, hi=1.0):
    return RNG.uniform(lo, hi, size=shape)


def arr(a):
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "values": a.ravel().tolist()}


def run(name, layer_name, config, layer, inputs, masks=None, call_kwargs=None, training=False):
    """Calls `layer` on `inputs` (numpy), `masks` (per input, None or [B, steps]) and records it all."""
    call_kwargs = call_kwargs or {}
    masks = masks or [None] * len(inputs)
    xs = [tf.constant(x, dtype=tf.float64) for x in inputs]
    # Build, then give every weight a random value from this script (not Keras's initializers).
    if layer_name in ("Attention", "AdditiveAttention"):
        layer([tf.constant(x) for x in inputs], **call_kwargs)
    else:
        layer(*[tf.constant(x) for x in inputs], **call_kwargs)
    for w in layer.weights:
        w.assign(rand(*w.shape))
    with tf.GradientTape(persistent=True) as tape:
        for x in xs:
            tape.watch(x)
        ins = []
        for x, m in zip(xs, masks):
            if m is not None:
                backend.set_keras_mask(x, tf.constant(m, dtype=tf.bool))
            ins.append(x)
        kw = dict(call_kwargs)
        if layer_name == "MultiHeadAttention" and len(ins) > 2 and masks[2] is not None:
            kw["key_mask"] = tf.constant(masks[2], dtype=tf.bool)
        if layer_name == "MultiHeadAttention" and masks[1] is not None:
            kw["value_mask"] = tf.constant(masks[1], dtype=tf.bool)
        if layer_name == "MultiHeadAttention":
            out = layer(ins[0], ins[1], *(ins[2:3]), training=training, **kw)
        elif layer_name in ("Attention", "AdditiveAttention"):
            mask_arg = None
            if any(m is not None for m in masks):
                mask_arg = [None if m is None else tf.constant(m, dtype=tf.bool) for m in masks]
            out = layer(ins, mask=mask_arg, training=training, **kw)
        else:
            out = layer(*ins, training=training, **kw)
        outs = list(out) if isinstance(out, (tuple, list)) else [out]
        lws = [rand(*o.shape, lo=0.5, hi=1.5) for o in outs]
        loss = tf.add_n([tf.reduce_sum(o * lw) for o, lw in zip(outs, lws)])
    gin = tape.gradient(loss, xs)
    gw = tape.gradient(loss, layer.trainable_weights)
    CASES.append({
        "name": name, "layer": layer_name, "config": config,
        "inputs": [arr(x) for x in inputs],
        "masks": [None if m is None else arr(np.asarray(m, dtype=np.float64)) for m in masks],
        "call": {k: (arr(v) if isinstance(v, np.ndarray) else v) for k, v in call_kwargs.items()},
        "weights": [arr(w.numpy()) for w in layer.weights],
        "weight_paths": [w.path for w in layer.weights],
        "outputs": [arr(o.numpy()) for o in outs],
        "loss_weights": [arr(lw) for lw in lws],
        "input_grads": [arr(g.numpy()) for g in gin],
        "weight_grads": [arr(g.numpy()) for g in gw],
    })


def mha(name, config, inputs, masks=None, **call_kwargs):
    layer = keras.layers.MultiHeadAttention(**config)
    run(name, "MultiHeadAttention", config, layer, inputs, masks, call_kwargs)


def seq_mask(b, t, lengths):
    m = np.zeros((b, t))
    for i, n in enumerate(lengths):
        m[i, :n] = 1
    return m


# ---------------------------------------------------------------- MultiHeadAttention
x = rand(2, 4, 6)
mha("mha_self", {"num_heads": 2, "key_dim": 3}, [x, x])
mha("mha_cross_key_value_dim_output_shape",
    {"num_heads": 3, "key_dim": 2, "value_dim": 4, "output_shape": [5]},
    [rand(2, 3, 5), rand(2, 4, 6), rand(2, 4, 7)])
mha("mha_output_shape_2d", {"num_heads": 2, "key_dim": 2, "output_shape": [2, 3]},
    [rand(2, 3, 4), rand(2, 5, 4)])
x = rand(3, 5, 4)
mha("mha_implicit_masks", {"num_heads": 2, "key_dim": 3}, [x, x],
    masks=[seq_mask(3, 5, [5, 3, 1]), seq_mask(3, 5, [5, 3, 1])])
mha("mha_masks_fully_masked_query_fused_path", {"num_heads": 2, "key_dim": 2},
    [rand(2, 4, 3), rand(2, 5, 3)], masks=[seq_mask(2, 4, [4, 2]), seq_mask(2, 5, [3, 5])])
mha("mha_masks_fully_masked_query_explicit_path", {"num_heads": 2, "key_dim": 2},
    [rand(2, 4, 3), rand(2, 5, 3)], masks=[seq_mask(2, 4, [4, 2]), seq_mask(2, 5, [3, 5])],
    return_attention_scores=True)
x = rand(2, 5, 4)
mha("mha_causal", {"num_heads": 2, "key_dim": 3}, [x, x], use_causal_mask=True)
mha("mha_causal_scores", {"num_heads": 2, "key_dim": 3}, [x, x], use_causal_mask=True,
    return_attention_scores=True)
am = (RNG.uniform(size=(2, 3, 4)) > 0.3).astype(np.float64)
am[:, :, 0] = 1
mha("mha_attention_mask", {"num_heads": 2, "key_dim": 2},
    [rand(2, 3, 4), rand(2, 4, 4), rand(2, 4, 4)], attention_mask=am)
mha("mha_gate_no_bias", {"num_heads": 2, "key_dim": 3, "value_dim": 2, "use_gate": True, "use_bias": False},
    [rand(2, 3, 4), rand(2, 4, 5)])
x = rand(2, 6, 4)
mha("mha_sliding_window_causal", {"num_heads": 1, "key_dim": 4, "sliding_window": 2}, [x, x],
    use_causal_mask=True)
mha("mha_key_mask", {"num_heads": 2, "key_dim": 2},
    [rand(2, 3, 4), rand(2, 4, 4), rand(2, 4, 3)], masks=[None, None, seq_mask(2, 4, [2, 4])])


# ---------------------------------------------------------------- EinsumDense
def einsum(name, equation, output_shape, bias_axes, x, activation=None):
    config = {"equation": equation, "output_shape": output_shape, "bias_axes": bias_axes,
              "activation": activation}
    run(name, "EinsumDense", config, keras.layers.EinsumDense(**config), [x])


einsum("einsum_dense_2d", "ab,bc->ac", 4, "c", rand(3, 5))
einsum("einsum_dense_heads", "abc,cde->abde", [None, 2, 3], "de", rand(2, 4, 5))
einsum("einsum_dense_output", "abcd,cde->abe", [None, 3], "e", rand(2, 4, 2, 3))
einsum("einsum_dense_middle_contraction", "abc,bd->acd", [3, 4], "d", rand(2, 5, 3), "relu")
einsum("einsum_dense_permuted_output", "abc,cd->adb", [4, None], "d", rand(2, 3, 5))
einsum("einsum_dense_left_ellipsis", "...b,bc->...c", 4, None, rand(2, 3, 5))
einsum("einsum_dense_right_ellipsis", "ab...,bc->ac...", [4, None], "c", rand(2, 5, 3))


# ---------------------------------------------------------------- Attention, AdditiveAttention
def luong(name, cls, config, inputs, masks=None, **call_kwargs):
    layer = getattr(keras.layers, cls)(**config)
    run(name, cls, config, layer, inputs, masks, call_kwargs)


q, v, k = rand(2, 3, 4), rand(2, 5, 3), rand(2, 5, 4)
luong("attention_dot", "Attention", {}, [q, v, k])
luong("attention_dot_scale_masks", "Attention", {"use_scale": True}, [q, v, k],
      masks=[seq_mask(2, 3, [3, 2]), seq_mask(2, 5, [4, 2]), None])
luong("attention_concat_scale_causal_scores", "Attention", {"use_scale": True, "score_mode": "concat"},
      [rand(2, 4, 3), rand(2, 4, 3)], masks=[None, seq_mask(2, 4, [4, 3])], use_causal_mask=True,
      return_attention_scores=True)
luong("attention_concat_no_scale", "Attention", {"score_mode": "concat"}, [q, v, k])
luong("additive_attention", "AdditiveAttention", {}, [q, v, k])
luong("additive_attention_masks_causal", "AdditiveAttention", {}, [rand(2, 4, 3), rand(2, 4, 2), rand(2, 4, 3)],
      masks=[seq_mask(2, 4, [4, 3]), seq_mask(2, 4, [3, 4]), None], use_causal_mask=True,
      return_attention_scores=True)
luong("additive_attention_no_scale", "AdditiveAttention", {"use_scale": False}, [q, v, k])

print(json.dumps({"generator": "attention_layers.py, Keras " + keras.__version__ + ", TensorFlow "
                  + tf.__version__ + ", float64", "cases": CASES}))
