"""Real Keras 3 loads the .keras files Athanor wrote for every layer of keras3-all-layers/.

    mvn -pl io test -Dtest=Keras3AllLayersTest -Dathanor.io.keep=/tmp/k3all
    /work/venv/bin/python io/scripts/keras3_load_all_layers.py /tmp/k3all

Keras3AllLayersTest loads each Keras-written NAME.keras and saves it as NAME.athanor.keras; this
script loads that file with keras.models.load_model and compares its predictions with Keras's own
(NAME.y.npy). Exits non-zero when any check fails.
"""
import os
import sys

os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import keras

FIXTURES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "src", "test", "resources",
                        "keras3-all-layers")


def main(out):
    names = sorted(f[:-len(".athanor.keras")] for f in os.listdir(out) if f.endswith(".athanor.keras"))
    failures = []
    for name in names:
        xs = []
        while os.path.exists(os.path.join(FIXTURES, "%s.x%d.npy" % (name, len(xs)))):
            xs.append(np.load(os.path.join(FIXTURES, "%s.x%d.npy" % (name, len(xs)))))
        try:
            m = keras.models.load_model(os.path.join(out, name + ".athanor.keras"))
            d = float(np.max(np.abs(m.predict(xs if len(xs) > 1 else xs[0], verbose=0)
                                    - np.load(os.path.join(FIXTURES, name + ".y.npy")))))
        except Exception as e:  # report and go on
            print("%-14s FAIL %s: %s" % (name, type(e).__name__, str(e)[:300]))
            failures.append(name)
            continue
        print("%-14s vs Keras's prediction max |diff| %.3g %s" % (name, d, "ok" if d <= 1e-5 else "FAIL"))
        if d > 1e-5:
            failures.append(name)
    print("keras", keras.__version__, "-", len(names), "files,", "FAILED: %s" % failures if failures else "all ok")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "/tmp/k3all")
