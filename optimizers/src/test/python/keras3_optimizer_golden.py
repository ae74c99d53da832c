"""Trajectories of real Keras 3.15.1 optimizers, for Keras3RulesTest.

Unlike optimizer_golden.py (a numpy transcription of tf.keras 2.6), this runs Keras 3 itself:
each optimizer applies six fixed gradients to two float64 variables (floatx float64; Keras keeps
the learning rate in a float32 variable all the same, so the rates are powers of two) and the variables after every step and the optimizer's own
variables at the end are recorded. "athanor" is the Athanor config that must follow the same
rule: Keras 3's config without the options that mean "off", plus epsilon_inside_sqrt for
Adagrad/RMSprop and decay=1.0 for Nadam (Keras 3's momentum schedule 0.96^t).

Run:  /work/venv/bin/python optimizers/src/test/python/keras3_optimizer_golden.py
Writes optimizers/src/test/resources/golden/keras3_optimizers.json.
"""
import json
import os

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

assert keras.__version__ == "3.15.1", keras.__version__
keras.config.set_floatx("float64")

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "resources", "golden", "keras3_optimizers.json")
STEPS = 6
# Keras 3 keeps the learning rate in a float32 variable whatever floatx is: rates exact in float32.
LR = 2.0 ** -7
INIT = [
    np.array([[0.5, -1.25, 2.0], [-0.75, 1.5, 0.25]]),
    np.array([0.1, -0.2, 0.3]),
]
_BASE_K = np.array([[0.3, -0.6, 0.9], [-1.2, 0.45, -0.15]])
_BASE_B = np.array([-0.2, 0.7, -0.4])
_SCALES = [1.0, 0.5, 2.0, 0.1, 1.5, 0.3]
_SIGNS = [1.0, 1.0, -1.0, 1.0, -1.0, 1.0]
GRADS = [[np.round(_BASE_K * _SCALES[t] * _SIGNS[t] + 0.05 * t, 6), np.round(_BASE_B * _SCALES[t] - 0.03 * t, 6)]
         for t in range(STEPS)]

# Keras 3's TensorFlow backend rounds hyper-parameters to float32 (ops.cast of a Python float makes
# a float32 constant first), so every one is given exactly representable in float32: then float64
# runs agree to rounding. Nadam's internal constant 0.96 is rounded too (not an argument), so its
# float64 tolerance is float32's ("double_rtol").
E = 2.0 ** -23  # instead of the default epsilon 1e-7
EXACT = {  # Keras's defaults replaced by float32-exact values near them
    "SGD": {},
    "RMSprop": dict(rho=0.875, epsilon=E),
    "Adagrad": dict(initial_accumulator_value=0.125, epsilon=E),
    "Adadelta": dict(rho=0.9375, epsilon=E),
    "Adam": dict(beta_1=0.875, beta_2=1 - 2.0 ** -10, epsilon=E),
    "AdamW": dict(beta_1=0.875, beta_2=1 - 2.0 ** -10, epsilon=E),
    "Adamax": dict(beta_1=0.875, beta_2=1 - 2.0 ** -10, epsilon=E),
    "Nadam": dict(beta_1=0.875, beta_2=1 - 2.0 ** -10, epsilon=E),
    "Lion": dict(beta_1=0.875, beta_2=1 - 2.0 ** -7),
}

# id, Keras 3 class, Keras 3 arguments, extra Athanor config (the rule Athanor must be told)
CASES = [
    ("sgd", "SGD", dict(learning_rate=0.125), {}),
    ("sgd_momentum", "SGD", dict(learning_rate=0.125, momentum=0.875), {}),
    ("sgd_nesterov", "SGD", dict(learning_rate=0.125, momentum=0.875, nesterov=True), {}),
    ("rmsprop", "RMSprop", dict(learning_rate=LR), {"epsilon_inside_sqrt": True}),
    ("rmsprop_big_epsilon", "RMSprop", dict(learning_rate=LR, epsilon=0.0625), {"epsilon_inside_sqrt": True}),
    ("rmsprop_centered", "RMSprop", dict(learning_rate=LR, centered=True, epsilon=0.0625),
     {"epsilon_inside_sqrt": True}),
    ("rmsprop_momentum", "RMSprop", dict(learning_rate=LR, momentum=0.5, epsilon=0.0625),
     {"epsilon_inside_sqrt": True}),
    ("rmsprop_momentum_centered", "RMSprop", dict(learning_rate=LR, momentum=0.5, centered=True, rho=0.8125),
     {"epsilon_inside_sqrt": True}),
    ("adagrad", "Adagrad", dict(learning_rate=0.125), {"epsilon_inside_sqrt": True}),
    ("adagrad_big_epsilon", "Adagrad", dict(learning_rate=0.125, epsilon=0.0625, initial_accumulator_value=LR),
     {"epsilon_inside_sqrt": True}),
    ("adadelta", "Adadelta", dict(learning_rate=1.0), {}),
    ("adadelta_rho", "Adadelta", dict(learning_rate=0.5, rho=0.8125, epsilon=2.0 ** -13), {}),
    ("adam", "Adam", dict(learning_rate=LR), {}),
    ("adam_amsgrad", "Adam", dict(learning_rate=LR, amsgrad=True, beta_2=0.9375), {}),
    ("adamw", "AdamW", dict(learning_rate=LR, weight_decay=0.125), {}),
    ("adamax", "Adamax", dict(learning_rate=LR), {}),
    ("nadam", "Nadam", dict(learning_rate=LR), {"decay": 1.0}),
    ("nadam_betas", "Nadam", dict(learning_rate=2 * LR, beta_1=0.8125, beta_2=0.9375), {"decay": 1.0}),
    ("lion", "Lion", dict(learning_rate=LR), {}),
    ("adam_clipnorm", "Adam", dict(learning_rate=LR, clipnorm=0.5), {}),
    ("sgd_clipvalue", "SGD", dict(learning_rate=0.125, clipvalue=0.25), {}),
    ("adam_global_clipnorm", "Adam", dict(learning_rate=LR, global_clipnorm=0.5), {}),
    ("adam_schedule", "Adam", dict(learning_rate=keras.optimizers.schedules.ExponentialDecay(
        LR, decay_steps=2, decay_rate=0.5, staircase=True)), {}),
]

# Keras 3 base options that Athanor's optimizers do not take; each is "off" in every case here.
OFF = {"use_ema": False, "ema_momentum": None, "ema_overwrite_frequency": None, "loss_scale_factor": None,
       "gradient_accumulation_steps": None, "weight_decay": None, "clipnorm": None, "clipvalue": None,
       "global_clipnorm": None}


def athanor_config(cls, config, extra):
    out = {}
    for k, v in config.items():
        if k in OFF and (k == "ema_momentum" or v == OFF[k]):
            continue
        if k == "learning_rate" and isinstance(v, dict):
            v = {"class_name": v["class_name"], "config": v["config"]}
        out[k] = v
    out.update(extra)
    return out


def main():
    cases = []
    for cid, cls, kwargs, extra in CASES:
        opt = getattr(keras.optimizers, cls)(**{**EXACT[cls], **kwargs})
        vs = [keras.Variable(x.copy(), dtype="float64", name=n) for x, n in zip(INIT, ("kernel", "bias"))]
        traj = []
        for g in GRADS:
            opt.apply_gradients(zip([keras.ops.convert_to_tensor(a, dtype="float64") for a in g], vs))
            traj.append([v.numpy().tolist() for v in vs])
        config = keras.optimizers.serialize(opt)["config"]
        cases.append({
            "id": cid,
            "keras3_class": cls,
            "keras3_config": config,
            "optimizer": cls,
            "athanor": athanor_config(cls, config, extra),
            "double_rtol": 2e-7 if cls == "Nadam" else 1e-10,
            "trajectory": traj,
            "keras3_variables": [{"path": v.path, "value": np.asarray(v.numpy(), dtype="float64").tolist()}
                                 for v in opt.variables],
        })
    doc = {"keras_version": keras.__version__, "initial": [x.tolist() for x in INIT],
           "gradients": [[a.tolist() for a in g] for g in GRADS], "cases": cases}
    with open(OUT, "w") as f:
        json.dump(doc, f, indent=1)
    print("wrote", OUT, len(cases), "cases")


if __name__ == "__main__":
    main()
