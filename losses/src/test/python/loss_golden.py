#!/usr/bin/python3
"""Golden per-sample values for Athanor's losses and metrics.

Reference semantics: tf.keras 2.6 (keras/losses.py, keras/metrics.py and
keras/backend.py at tag v2.6.0), transcribed below in numpy, float64.
Where PyTorch (Debian's python3-torch) has an equivalent function, the numpy
transcription is cross-checked against it (see CROSS_CHECKS in the output).

Run:  /usr/bin/python3 losses/src/test/python/loss_golden.py
Writes losses/src/test/resources/golden/losses.json (relative to the repo root,
found from this file's location).

Each case is {"name", "config", "case", "y_true", "y_pred", "expected"} where
expected holds one value per sample (row), as Keras's loss functions return
before the batch reduction.
"""
import json
import math
import os

import numpy as np

try:
    import torch
    import torch.nn.functional as F
except Exception:  # pragma: no cover - torch is optional, numpy is the reference
    torch = None

EPS = 1e-7  # keras.backend.epsilon()


# --------------------------------------------------------------------------
# keras/backend.py (v2.6.0)
# --------------------------------------------------------------------------
def k_categorical_crossentropy(target, output, from_logits=False):
    if from_logits:
        # tf.nn.softmax_cross_entropy_with_logits
        m = output.max(axis=-1, keepdims=True)
        lse = m + np.log(np.exp(output - m).sum(axis=-1, keepdims=True))
        return -(target * (output - lse)).sum(axis=-1)
    output = output / output.sum(axis=-1, keepdims=True)
    output = np.clip(output, EPS, 1.0 - EPS)
    return -(target * np.log(output)).sum(axis=-1)


def k_sparse_categorical_crossentropy(target, output, from_logits=False):
    target = np.asarray(target)
    if target.ndim == output.ndim and target.shape[-1] == 1:
        target = target[..., 0]
    target = target.astype(np.int64)
    if not from_logits:
        output = np.clip(output, EPS, 1 - EPS)
        output = np.log(output)
    # tf.nn.sparse_softmax_cross_entropy_with_logits
    m = output.max(axis=-1, keepdims=True)
    lse = (m + np.log(np.exp(output - m).sum(axis=-1, keepdims=True)))[..., 0]
    picked = np.take_along_axis(output, target[..., None], axis=-1)[..., 0]
    return lse - picked


def k_binary_crossentropy(target, output, from_logits=False):
    if from_logits:
        # tf.nn.sigmoid_cross_entropy_with_logits:
        # max(x, 0) - x * z + log(1 + exp(-abs(x)))
        x, z = output, target
        return np.maximum(x, 0) - x * z + np.log1p(np.exp(-np.abs(x)))
    output = np.clip(output, EPS, 1.0 - EPS)
    bce = target * np.log(output + EPS)
    bce += (1 - target) * np.log(1 - output + EPS)
    return -bce


def l2_normalize(x, eps=1e-12):
    # tf.linalg.l2_normalize: x * rsqrt(max(sum(x^2), 1e-12))
    sq = (x * x).sum(axis=-1, keepdims=True)
    return x / np.sqrt(np.maximum(sq, eps))


def softplus(x):
    return np.logaddexp(0.0, x)


# --------------------------------------------------------------------------
# keras/losses.py (v2.6.0)
# --------------------------------------------------------------------------
def mean_squared_error(y, p):
    return np.mean((p - y) ** 2, axis=-1)


def mean_absolute_error(y, p):
    return np.mean(np.abs(p - y), axis=-1)


def mean_absolute_percentage_error(y, p):
    diff = np.abs((y - p) / np.maximum(np.abs(y), EPS))
    return 100.0 * np.mean(diff, axis=-1)


def mean_squared_logarithmic_error(y, p):
    first_log = np.log(np.maximum(p, EPS) + 1.0)
    second_log = np.log(np.maximum(y, EPS) + 1.0)
    return np.mean((first_log - second_log) ** 2, axis=-1)


def _maybe_convert_labels(y):
    # the decision is taken over the whole tensor (tf.reduce_all), not per row
    is_binary = np.all((y == 0) | (y == 1))
    return 2.0 * y - 1.0 if is_binary else y


def squared_hinge(y, p):
    y = _maybe_convert_labels(y)
    return np.mean(np.square(np.maximum(1.0 - y * p, 0.0)), axis=-1)


def hinge(y, p):
    y = _maybe_convert_labels(y)
    return np.mean(np.maximum(1.0 - y * p, 0.0), axis=-1)


def categorical_hinge(y, p):
    pos = np.sum(y * p, axis=-1)
    neg = np.max((1.0 - y) * p, axis=-1)
    return np.maximum(0.0, neg - pos + 1.0)


def huber(y, p, delta=1.0):
    error = p - y
    abs_error = np.abs(error)
    return np.mean(np.where(abs_error <= delta, 0.5 * np.square(error),
                            delta * abs_error - 0.5 * np.square(delta)), axis=-1)


def log_cosh(y, p):
    x = p - y
    return np.mean(x + softplus(-2.0 * x) - math.log(2.0), axis=-1)


def categorical_crossentropy(y, p, from_logits=False, label_smoothing=0.0):
    if label_smoothing:
        k = y.shape[-1]
        y = y * (1.0 - label_smoothing) + label_smoothing / k
    return k_categorical_crossentropy(y, p, from_logits)


def sparse_categorical_crossentropy(y, p, from_logits=False):
    return k_sparse_categorical_crossentropy(y, p, from_logits)


def binary_crossentropy(y, p, from_logits=False, label_smoothing=0.0):
    if label_smoothing:
        y = y * (1.0 - label_smoothing) + 0.5 * label_smoothing
    return np.mean(k_binary_crossentropy(y, p, from_logits), axis=-1)


def kl_divergence(y, p):
    y = np.clip(y, EPS, 1)
    p = np.clip(p, EPS, 1)
    return np.sum(y * np.log(y / p), axis=-1)


def poisson(y, p):
    return np.mean(p - y * np.log(p + EPS), axis=-1)


def cosine_similarity(y, p):
    return -np.sum(l2_normalize(y) * l2_normalize(p), axis=-1)


# --------------------------------------------------------------------------
# keras/metrics.py (v2.6.0)
# --------------------------------------------------------------------------
def binary_accuracy(y, p, threshold=0.5):
    p = (p > threshold).astype(np.float64)
    return np.mean((y == p).astype(np.float64), axis=-1)


def categorical_accuracy(y, p):
    return (np.argmax(y, axis=-1) == np.argmax(p, axis=-1)).astype(np.float64)


def sparse_categorical_accuracy(y, p):
    y = np.asarray(y, dtype=np.float64)
    if y.ndim == p.ndim and y.shape[-1] == 1:
        y = y[..., 0]
    return (y == np.argmax(p, axis=-1).astype(np.float64)).astype(np.float64)


def _in_top_k(p, target, k):
    # tf.math.in_top_k: target's score is in the top k, ties at the boundary
    # count as in; non-finite scores are never in.
    out = []
    for row, t in zip(p, target):
        s = row[int(t)]
        if not np.isfinite(s):
            out.append(0.0)
            continue
        out.append(1.0 if np.sum(row > s) < k else 0.0)
    return np.array(out)


def top_k_categorical_accuracy(y, p, k=5):
    return _in_top_k(p, np.argmax(y, axis=-1), k)


def sparse_top_k_categorical_accuracy(y, p, k=5):
    y = np.asarray(y)
    if y.ndim == p.ndim and y.shape[-1] == 1:
        y = y[..., 0]
    return _in_top_k(p, y.astype(np.int64), k)


# --------------------------------------------------------------------------
# cases
# --------------------------------------------------------------------------
rng = np.random.default_rng(20260)
A = np.array


def probs(n, k):
    x = rng.random((n, k)) + 0.05
    return x / x.sum(axis=-1, keepdims=True)


def onehot(labels, k):
    return np.eye(k)[labels]


LOSS_FNS = {
    "mean_squared_error": lambda y, p, c: mean_squared_error(y, p),
    "mean_absolute_error": lambda y, p, c: mean_absolute_error(y, p),
    "mean_absolute_percentage_error": lambda y, p, c: mean_absolute_percentage_error(y, p),
    "mean_squared_logarithmic_error": lambda y, p, c: mean_squared_logarithmic_error(y, p),
    "squared_hinge": lambda y, p, c: squared_hinge(y, p),
    "hinge": lambda y, p, c: hinge(y, p),
    "categorical_hinge": lambda y, p, c: categorical_hinge(y, p),
    "huber": lambda y, p, c: huber(y, p, c.get("delta", 1.0)),
    "logcosh": lambda y, p, c: log_cosh(y, p),
    "categorical_crossentropy": lambda y, p, c: categorical_crossentropy(
        y, p, c.get("from_logits", False), c.get("label_smoothing", 0.0)),
    "sparse_categorical_crossentropy": lambda y, p, c: sparse_categorical_crossentropy(
        y, p, c.get("from_logits", False)),
    "binary_crossentropy": lambda y, p, c: binary_crossentropy(
        y, p, c.get("from_logits", False), c.get("label_smoothing", 0.0)),
    "kullback_leibler_divergence": lambda y, p, c: kl_divergence(y, p),
    "poisson": lambda y, p, c: poisson(y, p),
    "cosine_similarity": lambda y, p, c: cosine_similarity(y, p),
}

METRIC_FNS = {
    "binary_accuracy": lambda y, p, c: binary_accuracy(y, p, c.get("threshold", 0.5)),
    "categorical_accuracy": lambda y, p, c: categorical_accuracy(y, p),
    "sparse_categorical_accuracy": lambda y, p, c: sparse_categorical_accuracy(y, p),
    "top_k_categorical_accuracy": lambda y, p, c: top_k_categorical_accuracy(y, p, c.get("k", 5)),
    "sparse_top_k_categorical_accuracy": lambda y, p, c: sparse_top_k_categorical_accuracy(
        y, p, c.get("k", 5)),
}

reg_y = rng.normal(size=(4, 5))
reg_p = rng.normal(size=(4, 5))
pos_y = rng.random((4, 5)) * 3
pos_p = rng.random((4, 5)) * 3
big = A([[1000.0, -1000.0, 0.0], [50.0, -50.0, 1e-3], [-800.0, 3.0, 2.0]])
big0 = np.zeros_like(big)

LOSS_CASES = []


def lc(name, case, y, p, config=None):
    LOSS_CASES.append((name, config or {}, case, np.asarray(y, float), np.asarray(p, float)))


for name in ["mean_squared_error", "mean_absolute_error", "huber", "logcosh"]:
    lc(name, "ordinary", reg_y, reg_p)
    lc(name, "zeros", np.zeros((2, 3)), np.zeros((2, 3)))
    lc(name, "large_errors", big0, big)
lc("huber", "delta_boundary", A([[0.0, 0.0, 0.0], [1.0, -1.0, 2.0]]), A([[1.0, -1.0, 0.5], [0.0, 0.0, 0.0]]))
lc("huber", "delta_2_5", reg_y * 3, reg_p * 3, {"delta": 2.5})

lc("mean_absolute_percentage_error", "ordinary", pos_y + 0.5, pos_p)
lc("mean_absolute_percentage_error", "negative_true", -pos_y - 0.5, pos_p)
lc("mean_absolute_percentage_error", "zero_true", A([[0.0, 1.0, 2.0], [0.0, 0.0, 0.0]]), A([[1.0, 1.0, 1.0], [0.0, 1e-3, -2.0]]))

lc("mean_squared_logarithmic_error", "ordinary", pos_y, pos_p)
lc("mean_squared_logarithmic_error", "negative_values", A([[-1.0, -5.0, 2.0], [0.5, -0.5, 0.0]]), A([[-3.0, 1.0, -2.0], [-1e-9, 0.0, 4.0]]))
lc("mean_squared_logarithmic_error", "zeros", np.zeros((2, 3)), np.zeros((2, 3)))

hinge_p = rng.normal(size=(4, 3))
for name in ["hinge", "squared_hinge"]:
    lc(name, "labels_0_1", A([[0, 1, 1], [1, 0, 0], [0, 0, 0], [1, 1, 1]]), hinge_p)
    lc(name, "labels_minus1_1", A([[-1, 1, 1], [1, -1, -1], [-1, -1, -1], [1, 1, 1]]), hinge_p)
    lc(name, "mixed_labels_not_converted", A([[0, 1, -1], [1, 0, 0], [0, 0, 0], [1, 1, 1]]), hinge_p)
    lc(name, "zeros_pred", A([[0, 1, 1], [1, 0, 0]]), np.zeros((2, 3)))

lc("categorical_hinge", "ordinary", onehot([0, 2, 1, 3], 4), rng.normal(size=(4, 4)))
lc("categorical_hinge", "probabilities", onehot([1, 0], 3), A([[0.2, 0.7, 0.1], [0.1, 0.8, 0.1]]))
lc("categorical_hinge", "zeros", onehot([1, 0], 3), np.zeros((2, 3)))

cce_y = onehot([0, 2, 1, 3], 4)
cce_p = probs(4, 4)
sat_y = onehot([0, 1, 2], 3)
sat_p = A([[1.0, 0.0, 0.0], [1.0, 0.0, 0.0], [0.0, 0.0, 1.0]])
logits = rng.normal(size=(4, 4)) * 3
big_logits = A([[100.0, -100.0, 0.0], [-100.0, 100.0, 0.0], [0.0, 0.0, 0.0]])
lc("categorical_crossentropy", "ordinary", cce_y, cce_p)
lc("categorical_crossentropy", "soft_targets", probs(4, 4), cce_p)
lc("categorical_crossentropy", "unnormalized_pred", cce_y, cce_p * A([[2.0], [0.5], [3.0], [1.0]]))
lc("categorical_crossentropy", "saturated", sat_y, sat_p)
lc("categorical_crossentropy", "label_smoothing_0_1", cce_y, cce_p, {"label_smoothing": 0.1})
lc("categorical_crossentropy", "label_smoothing_saturated", sat_y, sat_p, {"label_smoothing": 0.2})
lc("categorical_crossentropy", "from_logits", cce_y, logits, {"from_logits": True})
lc("categorical_crossentropy", "from_logits_large", sat_y, big_logits, {"from_logits": True})
lc("categorical_crossentropy", "from_logits_smoothing", cce_y, logits, {"from_logits": True, "label_smoothing": 0.1})

lc("sparse_categorical_crossentropy", "ordinary", A([0, 2, 1, 3]), cce_p)
lc("sparse_categorical_crossentropy", "labels_n_by_1", A([[0], [2], [1], [3]]), cce_p)
lc("sparse_categorical_crossentropy", "saturated", A([0, 1, 2]), sat_p)
lc("sparse_categorical_crossentropy", "from_logits", A([0, 2, 1, 3]), logits, {"from_logits": True})
lc("sparse_categorical_crossentropy", "from_logits_large", A([0, 1, 2]), big_logits, {"from_logits": True})

bce_y = rng.integers(0, 2, size=(4, 3)).astype(float)
bce_p = rng.random((4, 3)) * 0.9 + 0.05
bce_sat_y = A([[1.0, 0.0, 1.0], [0.0, 1.0, 0.0]])
bce_sat_p = A([[1.0, 0.0, 0.0], [1.0, 0.0, 0.5]])
lc("binary_crossentropy", "ordinary", bce_y, bce_p)
lc("binary_crossentropy", "single_output", A([[1.0], [0.0], [1.0]]), A([[0.9], [0.2], [0.4]]))
lc("binary_crossentropy", "saturated", bce_sat_y, bce_sat_p)
lc("binary_crossentropy", "label_smoothing_0_2", bce_y, bce_p, {"label_smoothing": 0.2})
lc("binary_crossentropy", "from_logits", bce_y, rng.normal(size=(4, 3)) * 3, {"from_logits": True})
lc("binary_crossentropy", "from_logits_large", bce_sat_y, A([[100.0, -100.0, -100.0], [100.0, -100.0, 0.0]]), {"from_logits": True})
lc("binary_crossentropy", "from_logits_smoothing", bce_sat_y, A([[3.0, -2.0, 0.5], [40.0, -40.0, 0.0]]), {"from_logits": True, "label_smoothing": 0.1})

lc("kullback_leibler_divergence", "ordinary", probs(4, 4), probs(4, 4))
lc("kullback_leibler_divergence", "one_hot_true", cce_y, cce_p)
lc("kullback_leibler_divergence", "saturated", sat_y, sat_p)
lc("kullback_leibler_divergence", "zeros", np.zeros((2, 3)), np.zeros((2, 3)))

lc("poisson", "ordinary", rng.integers(0, 5, size=(4, 5)).astype(float), pos_p + 0.1)
lc("poisson", "zero_pred", A([[0.0, 1.0, 2.0], [0.0, 0.0, 0.0]]), np.zeros((2, 3)))

lc("cosine_similarity", "ordinary", reg_y, reg_p)
lc("cosine_similarity", "parallel_and_opposite", A([[1.0, 2.0, 3.0], [1.0, 1.0, 0.0], [0.0, 1.0, 0.0]]), A([[2.0, 4.0, 6.0], [-1.0, -1.0, 0.0], [1.0, 0.0, 0.0]]))
lc("cosine_similarity", "zero_vectors", A([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [0.0, 0.0, 0.0]]), A([[1.0, 2.0, 3.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]]))

METRIC_CASES = []


def mc(name, case, y, p, config=None):
    METRIC_CASES.append((name, config or {}, case, np.asarray(y, float), np.asarray(p, float)))


mc("binary_accuracy", "ordinary", bce_y, bce_p)
mc("binary_accuracy", "threshold_boundary", A([[1.0, 0.0, 0.0], [1.0, 1.0, 0.0]]), A([[0.5, 0.5, 0.49], [0.51, 1.0, 0.0]]))
mc("binary_accuracy", "threshold_0_7", A([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0]]), A([[0.6, 0.65, 0.8], [0.71, 0.7, 0.9]]), {"threshold": 0.7})
acc_p = probs(6, 4)
acc_labels = np.argmax(acc_p, axis=-1)
acc_labels[[1, 4]] = (acc_labels[[1, 4]] + 1) % 4  # rows 1 and 4 wrong, the others right
mc("categorical_accuracy", "ordinary", onehot(acc_labels, 4), acc_p)
mc("categorical_accuracy", "ties_first_index", onehot([0, 1, 2], 3), A([[0.4, 0.4, 0.2], [0.4, 0.4, 0.2], [0.0, 0.0, 0.0]]))
mc("sparse_categorical_accuracy", "ordinary", acc_labels, acc_p)
mc("sparse_categorical_accuracy", "labels_n_by_1", acc_labels[:, None], acc_p)
tk_p = A([[0.1, 0.2, 0.3, 0.15, 0.05, 0.12, 0.08],
          [0.30, 0.25, 0.2, 0.1, 0.05, 0.05, 0.05],
          [0.05, 0.05, 0.05, 0.05, 0.3, 0.3, 0.2],
          [0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.79]])
tk_labels = [0, 4, 6, 0]
mc("top_k_categorical_accuracy", "k5", onehot(tk_labels, 7), tk_p)
mc("top_k_categorical_accuracy", "k2_ties", onehot([6, 0, 0, 6], 7), tk_p, {"k": 2})
mc("sparse_top_k_categorical_accuracy", "k5", A(tk_labels), tk_p)
mc("sparse_top_k_categorical_accuracy", "k1_ties_count_in", A([2, 1, 5, 6]), tk_p, {"k": 1})
mc("sparse_top_k_categorical_accuracy", "k2_ties_n_by_1", A([[6], [0], [0], [6]]), tk_p, {"k": 2})


# --------------------------------------------------------------------------
# torch cross-checks (independent implementations)
# --------------------------------------------------------------------------
CROSS_CHECKS = []


def check(label, ours, theirs, rtol):
    ours, theirs = np.asarray(ours, float), np.asarray(theirs, float)
    ok = np.allclose(ours, theirs, rtol=rtol, atol=rtol)
    CROSS_CHECKS.append({"check": label, "rtol": rtol, "ok": bool(ok)})
    if not ok:
        raise SystemExit(f"cross-check failed: {label}\nours={ours}\ntorch={theirs}")


def cross_check():
    if torch is None:
        return
    t = lambda a: torch.tensor(np.asarray(a, float), dtype=torch.float64)
    y, p = reg_y, reg_p
    check("mse vs torch.mse_loss", mean_squared_error(y, p), F.mse_loss(t(p), t(y), reduction="none").mean(-1), 1e-12)
    check("mae vs torch.l1_loss", mean_absolute_error(y, p), F.l1_loss(t(p), t(y), reduction="none").mean(-1), 1e-12)
    for d in (1.0, 2.5):
        check(f"huber(delta={d}) vs torch.huber_loss", huber(y * 3, p * 3, d),
              F.huber_loss(t(p * 3), t(y * 3), reduction="none", delta=d).mean(-1), 1e-12)
    check("huber large vs torch.huber_loss", huber(big0, big), F.huber_loss(t(big), t(big0), reduction="none").mean(-1), 1e-12)
    check("logcosh vs log(cosh(x))", log_cosh(y, p), np.log(np.cosh(p - y)).mean(-1), 1e-12)
    check("msle vs torch", mean_squared_logarithmic_error(pos_y, pos_p),
          ((torch.log1p(t(pos_p)) - torch.log1p(t(pos_y))) ** 2).mean(-1), 1e-12)
    check("poisson vs torch.poisson_nll_loss(log_input=False, eps=1e-7)",
          poisson(pos_y, pos_p + 0.1),
          F.poisson_nll_loss(t(pos_p + 0.1), t(pos_y), log_input=False, eps=EPS, full=False, reduction="none").mean(-1), 1e-12)
    py, pp = probs(3, 4), probs(3, 4)
    check("kld vs torch.kl_div", kl_divergence(py, pp),
          F.kl_div(torch.log(t(pp)), t(py), reduction="none").sum(-1), 1e-12)
    check("cosine vs -torch.cosine_similarity", cosine_similarity(y, p), -F.cosine_similarity(t(y), t(p), dim=-1), 1e-12)
    check("cce(from_logits) vs torch.cross_entropy", categorical_crossentropy(cce_y, logits, True),
          F.cross_entropy(t(logits), t(cce_y), reduction="none"), 1e-12)
    check("cce(from_logits, ls=0.1) vs torch.cross_entropy(label_smoothing)",
          categorical_crossentropy(cce_y, logits, True, 0.1),
          F.cross_entropy(t(logits), torch.tensor([0, 2, 1, 3]), reduction="none", label_smoothing=0.1), 1e-12)
    check("scce(from_logits) vs torch.cross_entropy", sparse_categorical_crossentropy(A([0, 2, 1, 3]), logits, True),
          F.cross_entropy(t(logits), torch.tensor([0, 2, 1, 3]), reduction="none"), 1e-12)
    # probability inputs: keras clips at 1e-7 (and bce adds 1e-7 inside the log), so only close
    check("cce(probs) vs torch.nll_loss(log p)", categorical_crossentropy(cce_y, cce_p),
          F.nll_loss(torch.log(t(cce_p)), torch.tensor([0, 2, 1, 3]), reduction="none"), 1e-5)
    check("scce(probs) vs torch.nll_loss(log p)", sparse_categorical_crossentropy(A([0, 2, 1, 3]), cce_p),
          F.nll_loss(torch.log(t(cce_p)), torch.tensor([0, 2, 1, 3]), reduction="none"), 1e-5)
    check("bce(probs) vs torch.binary_cross_entropy", binary_crossentropy(bce_y, bce_p),
          F.binary_cross_entropy(t(bce_p), t(bce_y), reduction="none").mean(-1), 1e-5)
    bl = rng.normal(size=(4, 3)) * 3
    check("bce(from_logits) vs torch.binary_cross_entropy_with_logits", binary_crossentropy(bce_y, bl, True),
          F.binary_cross_entropy_with_logits(t(bl), t(bce_y), reduction="none").mean(-1), 1e-12)
    check("bce(from_logits, large) vs torch", binary_crossentropy(bce_sat_y, A([[100.0, -100.0, -100.0], [100.0, -100.0, 0.0]]), True),
          F.binary_cross_entropy_with_logits(t([[100.0, -100.0, -100.0], [100.0, -100.0, 0.0]]), t(bce_sat_y), reduction="none").mean(-1), 1e-12)
    # hinge family against torch's elementwise ops
    hy = A([[-1, 1, 1], [1, -1, -1]])
    check("hinge vs torch.clamp", hinge(hy, hinge_p[:2]), torch.clamp(1 - t(hy) * t(hinge_p[:2]), min=0).mean(-1), 1e-12)
    # top-k vs torch.topk when there are no ties
    scores = rng.random((6, 7))
    lab = rng.integers(0, 7, size=6)
    idx = torch.topk(t(scores), 3, dim=-1).indices.numpy()
    check("sparse_top_k(k=3) vs torch.topk", sparse_top_k_categorical_accuracy(lab, scores, 3),
          [float(l in row) for l, row in zip(lab, idx)], 0)


def jsonable(x):
    x = np.asarray(x, float)
    if not np.all(np.isfinite(x)):
        raise SystemExit("non-finite golden value")
    return x.tolist()


def main():
    cross_check()
    out = {
        "source": "tf.keras 2.6.0 keras/losses.py, keras/metrics.py, keras/backend.py; "
                  "transcribed in numpy float64 by losses/src/test/python/loss_golden.py",
        "epsilon": EPS,
        "numpy": np.__version__,
        "torch": torch.__version__ if torch is not None else None,
        "cross_checks": CROSS_CHECKS,
        "losses": [],
        "metrics": [],
    }
    for name, cfg, case, y, p in LOSS_CASES:
        out["losses"].append({"name": name, "config": cfg, "case": case,
                              "y_true": y.tolist(), "y_pred": p.tolist(),
                              "expected": jsonable(LOSS_FNS[name](y, p, cfg))})
    for name, cfg, case, y, p in METRIC_CASES:
        out["metrics"].append({"name": name, "config": cfg, "case": case,
                               "y_true": y.tolist(), "y_pred": p.tolist(),
                               "expected": jsonable(METRIC_FNS[name](y, p, cfg))})
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.join(here, "..", "resources", "golden", "losses.json")
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")
    print(f"wrote {len(out['losses'])} loss cases, {len(out['metrics'])} metric cases, "
          f"{len(CROSS_CHECKS)} torch cross-checks -> {os.path.normpath(target)}")


if __name__ == "__main__":
    main()
