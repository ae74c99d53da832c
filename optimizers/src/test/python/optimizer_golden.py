#!/usr/bin/python3
"""Reference trajectories for Athanor's optimizers and learning-rate schedules.

Independent of the Java code: a plain-numpy (float64) transcription of

* tf.keras 2.6 OptimizerV2 (keras/optimizer_v2/{optimizer_v2,gradient_descent,
  adagrad,rmsprop,adadelta,adam,adamax,nadam}.py at tag v2.6.0) and the fused
  TensorFlow kernels they call (tensorflow/core/kernels/training_ops.cc:
  ApplyKerasMomentum, ApplyAdagradV2, ApplyRMSProp, ApplyCenteredRMSProp,
  ApplyAdadelta, ApplyAdam, ApplyAdamWithAmsgrad, ApplyAdaMax);
* OptimizerV2's common options: legacy `decay` (lr / (1 + decay * iterations),
  iterations counted before the step), `clipvalue`, `clipnorm` (per tensor,
  tf.clip_by_norm), `global_clipnorm` (tf.clip_by_global_norm), applied in
  that order (OptimizerV2._transform_gradients), a LearningRateSchedule
  evaluated at `iterations` (before the increment);
* AdamW (Loshchilov & Hutter, decoupled weight decay, as Keras 3's
  keras/src/optimizers/adamw.py + base_optimizer._apply_weight_decay:
  var -= var * weight_decay * lr before the Adam step) and Lion (Chen et al.
  2023, Keras 3 keras/src/optimizers/lion.py);
* the schedules ExponentialDecay, InverseTimeDecay, PiecewiseConstantDecay,
  PolynomialDecay (keras/optimizer_v2/learning_rate_schedule.py, v2.6.0) and
  CosineDecay with Keras 3's warm-up (warmup_target / warmup_steps).

Run:  /usr/bin/python3 optimizers/src/test/python/optimizer_golden.py
Writes optimizers/src/test/resources/golden/optimizers.json.
"""
import json
import math
import os

import numpy as np

STEPS = 6
VAR_NAMES = ["dense/kernel:0", "dense/bias:0"]
INIT = [
    np.array([[0.5, -1.25, 2.0], [-0.75, 1.5, 0.25]], dtype=np.float64),
    np.array([0.1, -0.2, 0.3], dtype=np.float64),
]
# Per-step gradients: a fixed pattern times a per-step scale that grows and
# shrinks (so AMSGrad's max(vhat, v) and Adamax's max matter).
_BASE_K = np.array([[0.3, -0.6, 0.9], [-1.2, 0.45, -0.15]])
_BASE_B = np.array([-0.2, 0.7, -0.4])
_SCALES = [1.0, 0.5, 2.0, 0.1, 1.5, 0.3]
_SIGNS = [1.0, 1.0, -1.0, 1.0, -1.0, 1.0]


def dense_grads():
    out = []
    for t in range(STEPS):
        k = _BASE_K * _SCALES[t] * _SIGNS[t] + 0.05 * t
        b = _BASE_B * _SCALES[t] - 0.03 * t
        out.append([np.round(k, 6), np.round(b, 6)])
    return out


def sparse_grads():
    """Mostly-zero gradients, as an Embedding produces: row 1 of the kernel and
    the bias are zero on even steps, row 0 on odd steps."""
    out = []
    for t, (k, b) in enumerate(dense_grads()):
        k = k.copy()
        b = b.copy()
        k[t % 2, :] = 0.0
        if t % 2 == 0:
            b[:] = 0.0
        else:
            b[1] = 0.0
        out.append([k, b])
    return out


# ---------------------------------------------------------------- schedules

def schedule_value(cfg, step):
    cls, c = cfg["class_name"], cfg["config"]
    step = float(step)
    if cls == "ExponentialDecay":
        p = step / c["decay_steps"]
        if c.get("staircase", False):
            p = math.floor(p)
        return c["initial_learning_rate"] * c["decay_rate"] ** p
    if cls == "InverseTimeDecay":
        p = step / c["decay_steps"]
        if c.get("staircase", False):
            p = math.floor(p)
        return c["initial_learning_rate"] / (1.0 + c["decay_rate"] * p)
    if cls == "PiecewiseConstantDecay":
        b, v = c["boundaries"], c["values"]
        if step <= b[0]:
            return v[0]
        for i in range(1, len(b)):
            if b[i - 1] < step <= b[i]:
                return v[i]
        return v[-1]
    if cls == "PolynomialDecay":
        decay_steps = float(c["decay_steps"])
        end = c.get("end_learning_rate", 0.0001)
        power = c.get("power", 1.0)
        if c.get("cycle", False):
            mult = 1.0 if step == 0 else math.ceil(step / decay_steps)
            decay_steps = decay_steps * mult
        else:
            step = min(step, decay_steps)
        p = step / decay_steps
        return (c["initial_learning_rate"] - end) * (1.0 - p) ** power + end
    if cls == "CosineDecay":
        init = c["initial_learning_rate"]
        decay_steps = float(c["decay_steps"])
        alpha = c.get("alpha", 0.0)
        target = c.get("warmup_target")

        def decay(s, frm):
            frac = s / decay_steps
            cosine = 0.5 * (1.0 + math.cos(math.pi * frac))
            return frm * ((1.0 - alpha) * cosine + alpha)

        if target is None:
            return decay(min(step, decay_steps), init)
        warm = float(c.get("warmup_steps", 0))
        step = min(step, decay_steps + warm)
        if step < warm:
            return (target - init) * (step / warm) + init
        return decay(step - warm, target)
    raise ValueError(cls)


SCHEDULES = {
    "exp": {"class_name": "ExponentialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5,
        "staircase": False, "name": None}},
    "exp_stair": {"class_name": "ExponentialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5,
        "staircase": True, "name": None}},
    "inv": {"class_name": "InverseTimeDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5,
        "staircase": False, "name": None}},
    "inv_stair": {"class_name": "InverseTimeDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 2, "decay_rate": 0.5,
        "staircase": True, "name": None}},
    "piecewise": {"class_name": "PiecewiseConstantDecay", "config": {
        "boundaries": [1, 3], "values": [0.1, 0.05, 0.01], "name": None}},
    "poly": {"class_name": "PolynomialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 4,
        "end_learning_rate": 0.01, "power": 2.0, "cycle": False, "name": None}},
    "poly_cycle": {"class_name": "PolynomialDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 4,
        "end_learning_rate": 0.01, "power": 0.5, "cycle": True, "name": None}},
    "cosine": {"class_name": "CosineDecay", "config": {
        "initial_learning_rate": 0.1, "decay_steps": 5, "alpha": 0.1,
        "name": None, "warmup_target": None, "warmup_steps": 0}},
    "cosine_warmup": {"class_name": "CosineDecay", "config": {
        "initial_learning_rate": 0.0, "decay_steps": 4, "alpha": 0.0,
        "name": None, "warmup_target": 0.1, "warmup_steps": 2}},
}


# ---------------------------------------------------------------- optimizers

DEFAULTS = {
    "SGD": {"learning_rate": 0.01, "momentum": 0.0, "nesterov": False},
    "Adagrad": {"learning_rate": 0.001, "initial_accumulator_value": 0.1,
                "epsilon": 1e-7},
    "RMSprop": {"learning_rate": 0.001, "rho": 0.9, "momentum": 0.0,
                "epsilon": 1e-7, "centered": False},
    "Adadelta": {"learning_rate": 0.001, "rho": 0.95, "epsilon": 1e-7},
    "Adam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
             "epsilon": 1e-7, "amsgrad": False},
    "Adamax": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
               "epsilon": 1e-7},
    "Nadam": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.999,
              "epsilon": 1e-7},
    "AdamW": {"learning_rate": 0.001, "weight_decay": 0.004, "beta_1": 0.9,
              "beta_2": 0.999, "epsilon": 1e-7, "amsgrad": False},
    "Lion": {"learning_rate": 0.001, "beta_1": 0.9, "beta_2": 0.99,
             "weight_decay": 0.0},
}


def slot_names(opt, hp):
    """Per-variable slot names in Keras's creation order (one loop per slot
    kind over all variables; see each optimizer's _create_slots)."""
    if opt == "SGD":
        return ["momentum"] if hp["momentum"] > 0 else []
    if opt == "Adagrad":
        return ["accumulator"]
    if opt == "RMSprop":
        s = ["rms"]
        if hp["momentum"] > 0:
            s.append("momentum")
        if hp["centered"]:
            s.append("mg")
        return s
    if opt == "Adadelta":
        return ["accum_grad", "accum_var"]
    if opt in ("Adam", "AdamW"):
        return ["m", "v"] + (["vhat"] if hp["amsgrad"] else [])
    if opt in ("Adamax", "Nadam"):
        return ["m", "v"]
    if opt == "Lion":
        return ["m"]
    raise ValueError(opt)


def clip(grads, hp):
    # OptimizerV2._transform_gradients: clipvalue, then clipnorm, then global.
    g = [x.copy() for x in grads]
    if hp.get("clipvalue") is not None:
        c = hp["clipvalue"]
        g = [np.clip(x, -c, c) for x in g]
    if hp.get("clipnorm") is not None:
        c = hp["clipnorm"]
        out = []
        for x in g:  # tf.clip_by_norm
            l2sum = np.sum(x * x)
            l2norm = math.sqrt(l2sum) if l2sum > 0 else l2sum
            out.append(x * c / max(l2norm, c))
        g = out
    if hp.get("global_clipnorm") is not None:
        c = hp["global_clipnorm"]
        use_norm = math.sqrt(sum(float(np.sum(x * x)) for x in g))
        scale = c * min(1.0 / use_norm if use_norm > 0 else math.inf, 1.0 / c)
        g = [x * scale for x in g]
    return g


def current_lr(opt, hp, it):
    lr = hp["learning_rate"]
    lr = schedule_value(lr, it) if isinstance(lr, dict) else lr
    # Nadam: `decay` is the momentum-schedule decay, never applied to lr
    # (nadam.py _prepare_local reads the raw learning_rate hyper).
    if opt != "Nadam" and hp.get("decay", 0.0) > 0:
        lr = lr / (1.0 + hp["decay"] * it)
    return lr


def run(opt, hp, grads_per_step):
    params = [p.copy() for p in INIT]
    names = slot_names(opt, hp)
    slots = {n: [np.zeros_like(p) for p in params] for n in names}
    if opt == "Adagrad":
        slots["accumulator"] = [np.full_like(p, hp["initial_accumulator_value"])
                                for p in params]
    m_cache = 1.0  # Nadam's momentum_cache weight
    it = 0
    traj, lrs = [], []
    for grads in grads_per_step:
        g_all = clip(grads, hp)
        lr = current_lr(opt, hp, it)
        lrs.append(lr)
        t = it + 1  # local_step
        if opt == "Nadam":
            b1, b2, eps = hp["beta_1"], hp["beta_2"], hp["epsilon"]
            sd = hp.get("decay", 0.004)
            m_t = b1 * (1.0 - 0.5 * 0.96 ** (sd * t))
            m_t_1 = b1 * (1.0 - 0.5 * 0.96 ** (sd * (t + 1)))
            m_schedule_new = m_cache * m_t
            m_cache = m_schedule_new
            m_schedule_next = m_schedule_new * m_t_1
        for i, g in enumerate(g_all):
            var = params[i]
            if opt == "SGD":
                mom = hp["momentum"]
                if mom > 0:
                    a = slots["momentum"][i]
                    a[...] = a * mom - lr * g
                    if hp["nesterov"]:
                        var += a * mom - lr * g
                    else:
                        var += a
                else:
                    var -= lr * g
            elif opt == "Adagrad":
                acc = slots["accumulator"][i]
                acc += g * g
                var -= lr * g / (np.sqrt(acc) + hp["epsilon"])
            elif opt == "RMSprop":
                rho, eps, mom = hp["rho"], hp["epsilon"], hp["momentum"]
                ms = slots["rms"][i]
                if mom > 0:
                    # ApplyRMSProp / ApplyCenteredRMSProp: eps inside sqrt.
                    ms[...] = ms + (g * g - ms) * (1 - rho)
                    denom = ms
                    if hp["centered"]:
                        mg = slots["mg"][i]
                        mg[...] = mg + (g - mg) * (1 - rho)
                        denom = ms - mg * mg
                    mo = slots["momentum"][i]
                    mo[...] = mo * mom + lr * g / np.sqrt(denom + eps)
                    var -= mo
                else:
                    # Python path in rmsprop.py: eps outside sqrt.
                    ms[...] = rho * ms + (1 - rho) * g * g
                    denom = ms
                    if hp["centered"]:
                        mg = slots["mg"][i]
                        mg[...] = rho * mg + (1 - rho) * g
                        denom = ms - mg * mg
                    var -= lr * g / (np.sqrt(denom) + eps)
            elif opt == "Adadelta":
                rho, eps = hp["rho"], hp["epsilon"]
                acc, upd = slots["accum_grad"][i], slots["accum_var"][i]
                acc[...] = acc * rho + g * g * (1 - rho)
                update = np.sqrt(upd + eps) / np.sqrt(acc + eps) * g
                upd[...] = upd * rho + update * update * (1 - rho)
                var -= update * lr
            elif opt in ("Adam", "AdamW"):
                b1, b2, eps = hp["beta_1"], hp["beta_2"], hp["epsilon"]
                if opt == "AdamW":
                    var -= var * hp["weight_decay"] * lr
                alpha = lr * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
                m, v = slots["m"][i], slots["v"][i]
                m += (g - m) * (1 - b1)
                v += (g * g - v) * (1 - b2)
                if hp["amsgrad"]:
                    vh = slots["vhat"][i]
                    vh[...] = np.maximum(vh, v)
                    var -= alpha * m / (np.sqrt(vh) + eps)
                else:
                    var -= alpha * m / (np.sqrt(v) + eps)
            elif opt == "Adamax":
                b1, b2, eps = hp["beta_1"], hp["beta_2"], hp["epsilon"]
                m, v = slots["m"][i], slots["v"][i]
                m += (g - m) * (1 - b1)
                v[...] = np.maximum(b2 * v, np.abs(g))
                var -= lr / (1 - b1 ** t) * (m / (v + eps))
            elif opt == "Nadam":
                m, v = slots["m"][i], slots["v"][i]
                g_prime = g / (1.0 - m_schedule_new)
                m[...] = b1 * m + (1 - b1) * g
                m_prime = m / (1.0 - m_schedule_next)
                v[...] = b2 * v + (1 - b2) * g * g
                v_prime = v / (1.0 - b2 ** t)
                m_bar = (1.0 - m_t) * g_prime + m_t_1 * m_prime
                var -= lr * m_bar / (np.sqrt(v_prime) + eps)
            elif opt == "Lion":
                b1, b2 = hp["beta_1"], hp["beta_2"]
                if hp["weight_decay"]:
                    var -= var * hp["weight_decay"] * lr
                m = slots["m"][i]
                var -= lr * np.sign(m * b1 + g * (1.0 - b1))
                m[...] = m * b2 + g * (1.0 - b2)
            else:
                raise ValueError(opt)
        it += 1
        traj.append([p.tolist() for p in params])
    # Optimizer weights in Keras order: iter, [momentum_cache], then for each
    # slot kind, one entry per variable.
    weights = [{"name": opt + "/iter:0", "value": it}]
    if opt == "Nadam":
        weights.append({"name": "Nadam/momentum_cache:0", "value": m_cache})
    for n in names:
        for vn, arr in zip(VAR_NAMES, slots[n]):
            weights.append({"name": "%s/%s/%s:0" % (opt, vn[:-2], n),
                            "value": arr.tolist()})
    return traj, lrs, weights


def keras_config(opt, hp, name=None):
    cfg = {"name": name or opt}
    cfg.update(hp)
    return cfg


def cases():
    out = []

    def add(opt, label, grads="dense", **over):
        hp = dict(DEFAULTS[opt])
        # Keras 2 optimizers carry `decay` in their config (Nadam: 0.004).
        if opt == "Nadam":
            hp["decay"] = 0.004
        else:
            hp["decay"] = 0.0
        hp.update(over)
        out.append((opt, label, grads, hp))

    for opt in DEFAULTS:
        add(opt, "defaults")
        add(opt, "sparse_grads", grads="sparse", learning_rate=0.1)
        add(opt, "lr0.1", learning_rate=0.1)
        add(opt, "decay", learning_rate=0.1, decay=0.5 if opt != "Nadam" else 0.05)
        add(opt, "clipnorm", learning_rate=0.1, clipnorm=0.5)
        add(opt, "clipvalue", learning_rate=0.1, clipvalue=0.3)
        add(opt, "global_clipnorm", learning_rate=0.1, global_clipnorm=0.8)
        add(opt, "clipvalue_and_clipnorm", learning_rate=0.1, clipvalue=0.5,
            clipnorm=0.6)
    add("SGD", "momentum", learning_rate=0.1, momentum=0.9)
    add("SGD", "nesterov", learning_rate=0.1, momentum=0.9, nesterov=True)
    add("SGD", "momentum_sparse", grads="sparse", learning_rate=0.1, momentum=0.5)
    add("Adagrad", "initial_accumulator_value", learning_rate=0.1,
        initial_accumulator_value=0.5, epsilon=1e-3)
    add("RMSprop", "rho", learning_rate=0.1, rho=0.5)
    add("RMSprop", "momentum", learning_rate=0.1, momentum=0.9)
    add("RMSprop", "centered", learning_rate=0.1, centered=True)
    add("RMSprop", "centered_momentum", learning_rate=0.1, centered=True,
        momentum=0.5)
    add("RMSprop", "centered_momentum_sparse", grads="sparse",
        learning_rate=0.1, centered=True, momentum=0.5)
    add("Adadelta", "rho_lr1", learning_rate=1.0, rho=0.9, epsilon=1e-6)
    add("Adam", "amsgrad", learning_rate=0.1, amsgrad=True)
    add("Adam", "betas", learning_rate=0.1, beta_1=0.5, beta_2=0.8,
        epsilon=1e-3)
    add("Adam", "amsgrad_sparse", grads="sparse", learning_rate=0.1, amsgrad=True)
    add("Adamax", "betas", learning_rate=0.1, beta_1=0.5, beta_2=0.8)
    add("Nadam", "betas", learning_rate=0.1, beta_1=0.5, beta_2=0.8)
    add("AdamW", "weight_decay", learning_rate=0.1, weight_decay=0.5)
    add("AdamW", "amsgrad", learning_rate=0.1, amsgrad=True)
    add("Lion", "weight_decay", learning_rate=0.1, weight_decay=0.5)
    add("Lion", "betas", learning_rate=0.1, beta_1=0.5, beta_2=0.3)
    sched_for = {"SGD": "exp", "Adagrad": "inv", "RMSprop": "piecewise",
                 "Adadelta": "poly", "Adam": "cosine_warmup",
                 "Adamax": "exp_stair", "Nadam": "cosine", "AdamW": "poly_cycle",
                 "Lion": "inv_stair"}
    for opt, s in sched_for.items():
        add(opt, "schedule_" + s, learning_rate=SCHEDULES[s])
    add("SGD", "schedule_and_decay_momentum", learning_rate=SCHEDULES["cosine"],
        decay=0.25, momentum=0.9)
    return out


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    target = os.path.normpath(os.path.join(
        here, "..", "resources", "golden", "optimizers.json"))
    grads = {"dense": dense_grads(), "sparse": sparse_grads()}
    doc = {
        "generator": "optimizers/src/test/python/optimizer_golden.py",
        "dtype": "float64",
        "steps": STEPS,
        "variables": [{"name": n, "value": p.tolist()}
                      for n, p in zip(VAR_NAMES, INIT)],
        "gradients": {k: [[g.tolist() for g in step] for step in v]
                      for k, v in grads.items()},
        "cases": [],
        "schedules": [],
    }
    for opt, label, gk, hp in cases():
        traj, lrs, weights = run(opt, hp, grads[gk])
        doc["cases"].append({
            "id": "%s/%s" % (opt, label),
            "optimizer": opt,
            "config": keras_config(opt, hp),
            "gradients": gk,
            "lr_per_step": lrs,
            "trajectory": traj,
            "weights": weights,
        })
    for key, cfg in SCHEDULES.items():
        doc["schedules"].append({
            "id": key, "schedule": cfg,
            "steps": list(range(0, 12)),
            "values": [schedule_value(cfg, s) for s in range(0, 12)],
        })
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with open(target, "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    print("wrote %d optimizer cases, %d schedules to %s"
          % (len(doc["cases"]), len(doc["schedules"]), target))


if __name__ == "__main__":
    main()
