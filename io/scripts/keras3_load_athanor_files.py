"""Real Keras 3 loads the files Athanor writes, predicts what Athanor predicted and trains on.

    mvn -pl io test -Dtest=Keras3WriteTest -Dathanor.io.keep=/tmp/k3out
    /work/venv/bin/python io/scripts/keras3_load_athanor_files.py /tmp/k3out

For each model NAME that Keras3WriteTest wrote (Athanor loaded Keras's NAME.keras fixture, trained
nothing, and saved it again), this script:
  - loads NAME.keras and NAME.h5 with keras.models.load_model(compile=True),
  - loads NAME.weights.h5 into Keras's own fixture model with model.load_weights,
  - compares each prediction with Athanor's (NAME.athanor_y.npy) and with Keras's (NAME.y.npy),
  - compares the optimizer variables restored from NAME.keras with those Keras restores from its
    own fixture file (same iterations, learning rate and slots); from NAME.h5 Keras 3.15 restores
    only the iterations (as from its own .h5 files), which are compared,
  - trains one step (train_on_batch) from NAME.keras and from Keras's own NAME.keras with the same
    seed and compares the weights, i.e. fit continues from Athanor's saved state as from Keras's.
Prints one line per check and exits non-zero when any check fails.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources", "keras3")
sys.path.insert(0, FIXTURES)
import custom_objects  # noqa: E402,F401  (registers the custom loss the 'custom_loss' model uses)

TOL = 1e-5
failures = []


def check(label, diff, tol=TOL):
    ok = diff <= tol
    print("%-48s max |diff| %.3g %s" % (label, diff, "ok" if ok else "FAIL"))
    if not ok:
        failures.append(label)


def inputs(name):
    xs = []
    i = 0
    while os.path.exists(os.path.join(FIXTURES, "%s.x%d.npy" % (name, i))):
        xs.append(np.load(os.path.join(FIXTURES, "%s.x%d.npy" % (name, i))))
        i += 1
    return xs if len(xs) > 1 else xs[0]


def same_dropout_masks(model):
    """Puts every layer's seed generator (Dropout's) in the same state, so both models draw the same masks."""
    for layer in model.layers:
        gen = getattr(layer, "seed_generator", None)
        if gen is not None:
            gen.state.assign(np.array([3, 0], dtype=gen.state.dtype))


def max_diff(a, b):
    return float(np.max(np.abs(np.asarray(a, dtype="float64") - np.asarray(b, dtype="float64"))))


def main(out):
    names = sorted(f[:-len(".athanor_y.npy")] for f in os.listdir(out) if f.endswith(".athanor_y.npy"))
    if not names:
        sys.exit("no NAME.athanor_y.npy in " + out + ": run Keras3WriteTest with -Dathanor.io.keep=" + out)
    for name in names:
        x = inputs(name)
        athanor_y = np.load(os.path.join(out, name + ".athanor_y.npy"))
        keras_y = np.load(os.path.join(FIXTURES, name + ".y.npy"))
        reference = keras.models.load_model(os.path.join(FIXTURES, name + ".keras"))
        reference_state = [v.numpy() for v in reference.optimizer.variables]
        for ext in (".keras", ".h5"):
            try:
                m = keras.models.load_model(os.path.join(out, name + ext), compile=True)
            except Exception as e:  # report and go on with the other files
                print("%-48s FAIL %s: %s" % (name + ext + " load_model", type(e).__name__, str(e)[:300]))
                failures.append(name + ext)
                continue
            if not m.compiled:
                failures.append(name + ext + " not compiled")
            y = m.predict(x, verbose=0)
            check("%s%s vs Athanor's prediction" % (name, ext), max_diff(y, athanor_y))
            check("%s%s vs Keras's prediction" % (name, ext), max_diff(y, keras_y))
            ours = [v.numpy() for v in m.optimizer.variables]
            if ext == ".h5":
                # Keras 3.15 restores only `iterations` from any legacy .h5, its own included (its
                # loader builds the optimizer from an empty variable list and drops the slots).
                check("%s%s optimizer iterations (Keras restores no slots from .h5)" % (name, ext),
                      abs(int(m.optimizer.iterations.numpy()) - int(reference_state[0])), 0)
                continue
            if [v.shape for v in ours] != [v.shape for v in reference_state]:
                failures.append(name + ext + " optimizer variables")
                print(name + ext, "optimizer variables differ:", [v.path for v in m.optimizer.variables])
            else:
                d = max((max_diff(a, b) for a, b in zip(ours, reference_state)), default=0.0)
                check("%s%s optimizer state (%d variables)" % (name, ext, len(ours)), d)
            if ext == ".keras":
                # One more step from Athanor's file and from Keras's own, with the same seed (Dropout).
                t = np.load(os.path.join(FIXTURES, name + ".t.npy"))
                for model in (m, reference):
                    same_dropout_masks(model)
                    model.train_on_batch(x, t)
                d = max(max_diff(a.numpy(), b.numpy()) for a, b in zip(m.weights, reference.weights))
                check("%s%s one more step vs Keras's" % (name, ext), d)
        fresh = keras.models.load_model(os.path.join(FIXTURES, name + ".keras"))
        for w in fresh.weights:
            w.assign(np.zeros(w.shape, w.dtype))
        fresh.load_weights(os.path.join(out, name + ".weights.h5"))
        check("%s.weights.h5 vs Athanor's prediction" % name, max_diff(fresh.predict(x, verbose=0), athanor_y))
    print("keras", keras.__version__, "-", len(names), "models,", "FAILED: %s" % failures if failures else "all ok")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/k3out")
