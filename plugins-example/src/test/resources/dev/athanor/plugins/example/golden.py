"""Golden values for the plugins-example losses, computed independently of Athanor.

Label smoothing: PyTorch's F.cross_entropy(logits, target, label_smoothing=e), which defines
(1 - e) * CE(y, p) + e * CE(uniform, p) (torch 1.13 docs). Probability inputs are fed to torch as
logits log(p), whose log_softmax is log(p) again for rows that sum to 1.
Fourth power and the VAE terms: numpy with the formulas of the training memo / Keras example
(Keras's binary_crossentropy on probabilities: clip to [eps, 1 - eps], log(p + eps)).

Run: /usr/bin/python3 golden.py > golden.json
"""
import json

import numpy as np
import torch
import torch.nn.functional as F

EPS = 1e-7
rng = np.random.default_rng(20261126)


def label_smoothing_cases():
    cases = []
    for classes, smoothing, soft, kind in [(3, 0.1, False, "probabilities"), (10, 0.1, False, "probabilities"),
                                           (4, 0.0, False, "probabilities"), (5, 0.25, False, "logits"),
                                           (4, 0.1, True, "probabilities"), (6, 1.0, False, "logits")]:
        batch = 5
        logits = rng.normal(0.0, 2.0, size=(batch, classes))
        probs = np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)
        if soft:
            y = rng.uniform(0.0, 1.0, size=(batch, classes))
            y = y / y.sum(-1, keepdims=True)
        else:
            y = np.eye(classes)[rng.integers(0, classes, size=batch)]
        torch_in = torch.tensor(logits if kind == "logits" else np.log(probs), dtype=torch.float64)
        loss = F.cross_entropy(torch_in, torch.tensor(y, dtype=torch.float64), reduction="none",
                               label_smoothing=smoothing)
        cases.append({"smoothing": smoothing, "input": kind, "logits": logits.tolist(), "probabilities": probs.tolist(),
                      "y_true": y.tolist(), "expected": loss.numpy().tolist()})
    return cases


def fourth_power_case():
    y = rng.normal(size=(4, 6))
    p = rng.normal(size=(4, 6))
    return {"y_true": y.tolist(), "y_pred": p.tolist(), "expected": np.mean((p - y) ** 4, axis=-1).tolist()}


def vae_case():
    batch, original_dim, latent = 4, 8, 2
    x = rng.uniform(0.0, 1.0, size=(batch, original_dim))
    x_decoded = rng.uniform(0.02, 0.98, size=(batch, original_dim))
    mean = rng.normal(size=(batch, latent))
    log_var = rng.normal(0.0, 0.5, size=(batch, latent))
    p = np.clip(x_decoded, EPS, 1 - EPS)
    bce = -(x * np.log(p + EPS) + (1 - x) * np.log(1 - p + EPS))
    reconstruction = original_dim * bce.mean(-1)
    kl = -0.5 * np.sum(1 + log_var - mean ** 2 - np.exp(log_var), axis=-1)
    return {"x": x.tolist(), "x_decoded_mean": x_decoded.tolist(), "z_mean": mean.tolist(),
            "z_log_var": log_var.tolist(), "reconstruction": reconstruction.tolist(), "kl": kl.tolist(),
            "added_loss": float(np.mean(reconstruction + kl))}


print(json.dumps({"generator": "golden.py (numpy %s, torch %s)" % (np.__version__, torch.__version__),
                  "label_smoothing_crossentropy": label_smoothing_cases(),
                  "fourth_power_error": fourth_power_case(),
                  "vae": vae_case()}, indent=1))
