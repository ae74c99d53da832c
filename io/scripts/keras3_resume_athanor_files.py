"""Real Keras 3 trains on from the .keras files Athanor saved mid-training, as from its own.

    mvn -pl io test -Dtest=Keras3ResumeTest -Dathanor.io.keep=/tmp/k3resume
    /work/venv/bin/python io/scripts/keras3_resume_athanor_files.py /tmp/k3resume

Keras3ResumeTest loads each of Keras's NAME.keras (3 steps trained by Keras 3, one per
optimizer), takes step 4 in Athanor and saves NAME.athanor.keras. This script loads that file
with keras.models.load_model (compile=True), takes step 5 with train_on_batch and compares the
weights with those Keras reached by itself (NAME.json, written by make_resume_fixtures.py when
it trained the same model 5 steps without leaving Keras). Exits non-zero when any check fails.
"""
import json
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                        "keras3-resume")
TOL = 2e-6
failures = []


def main(out):
    names = sorted(f[:-len(".athanor.keras")] for f in os.listdir(out) if f.endswith(".athanor.keras"))
    if not names:
        sys.exit("no NAME.athanor.keras in " + out + ": run Keras3ResumeTest with -Dathanor.io.keep=" + out)
    x = np.load(os.path.join(FIXTURES, "x.npy"))
    t = np.load(os.path.join(FIXTURES, "t.npy"))
    for name in names:
        with open(os.path.join(FIXTURES, name + ".json")) as f:
            ref = json.load(f)
        m = keras.models.load_model(os.path.join(out, name + ".athanor.keras"), compile=True)
        it = int(m.optimizer.iterations.numpy())
        loss = float(m.train_on_batch(x, t))
        want = ref["steps"][1]
        d = max(float(np.max(np.abs(w.numpy().astype("float64").ravel() - np.asarray(r))))
                for w, r in zip(m.weights, want["weights"]))
        ok = d <= TOL and it == 4 and m.optimizer.__class__.__name__ == ref["optimizer"]
        print("%-18s %-8s iterations %d, step 5 weights vs Keras's own max |diff| %.3g, loss %.7f vs %.7f %s"
              % (name, m.optimizer.__class__.__name__, it, d, loss, want["loss"], "ok" if ok else "FAIL"))
        if not ok:
            failures.append(name)
    print("keras", keras.__version__, "-", len(names), "files,", "FAILED: %s" % failures if failures else "all ok")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/k3resume")
