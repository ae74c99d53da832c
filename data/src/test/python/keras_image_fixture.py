"""Writes a small image tree and what real Keras 3's image_dataset_from_directory makes of it.

Run from the repository root:  /work/venv/bin/python data/src/test/python/keras_image_fixture.py
Output (committed): data/src/test/resources/dev/athanor/data/images/ (the tree) and
data/src/test/resources/dev/athanor/data/keras_images.json (file orders, splits, labels, pixels).
"""
import json
import os
import shutil

import numpy as np
from PIL import Image

import keras

OUT = "data/src/test/resources/dev/athanor/data"
TREE = os.path.join(OUT, "images")


def write(path, w, h, rng, mode="RGB", fmt=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    channels = 1 if mode == "L" else 3
    a = rng.integers(0, 256, size=(h, w, channels), dtype=np.uint8)
    img = Image.fromarray(a[:, :, 0] if mode == "L" else a, mode)
    img.save(path, format=fmt)


def make_tree():
    shutil.rmtree(TREE, ignore_errors=True)
    rng = np.random.default_rng(2024)
    # 'Zebra' sorts before 'cat' (code point order); '.hidden' and loose files are not classes.
    for name, (w, h) in {"a1.png": (6, 9), "a10.png": (10, 7), "a2.png": (12, 12), "B.PNG": (7, 5),
                         "sub/deep.bmp": (9, 6)}.items():
        write(os.path.join(TREE, "cat", name), w, h, rng)
    with open(os.path.join(TREE, "cat", "notes.txt"), "w") as f:
        f.write("not an image\n")
    for name, (w, h), fmt in [("d1.jpg", (8, 8), "JPEG"), ("d2.gif", (5, 11), "GIF"), ("d3.bmp", (13, 4), "BMP"),
                              ("d4.png", (3, 3), "PNG"), ("d5.jpeg", (16, 10), "JPEG")]:
        write(os.path.join(TREE, "dog", name), w, h, rng, fmt=fmt)
    for i, (w, h) in enumerate([(4, 6), (11, 8), (7, 7), (20, 15)]):
        write(os.path.join(TREE, "Zebra", f"z{i + 1}.png"), w, h, rng, mode="L")
    write(os.path.join(TREE, ".hidden", "h.png"), 4, 4, rng)
    with open(os.path.join(TREE, "readme.txt"), "w") as f:
        f.write("loose file\n")


def rel(paths):
    return [os.path.relpath(p, TREE).replace(os.sep, "/") for p in paths]


def main():
    make_tree()
    out = {"keras": keras.__version__, "splits": [], "shuffled": {}, "pixels": {}}
    for seed in (1337, 7):
        for subset in ("training", "validation"):
            ds = keras.utils.image_dataset_from_directory(
                TREE, seed=seed, validation_split=0.3, subset=subset, image_size=(5, 7), batch_size=4)
            out["splits"].append({"seed": seed, "subset": subset, "validation_split": 0.3,
                                  "class_names": ds.class_names, "files": rel(ds.file_paths)})
    ds = keras.utils.image_dataset_from_directory(TREE, seed=42, image_size=(5, 7))
    out["shuffled"] = {"seed": 42, "files": rel(ds.file_paths)}
    for mode in ("rgb", "rgba"):
        ds = keras.utils.image_dataset_from_directory(TREE, shuffle=False, image_size=(5, 7), batch_size=100,
                                                      color_mode=mode)
        try:
            x, y = next(iter(ds))
        except Exception as e:  # TF cannot decode every format in every mode (e.g. 1-channel BMP)
            out["pixels"][mode] = {"error": str(e).splitlines()[0][:200]}
            continue
        out["pixels"][mode] = {"files": rel(ds.file_paths), "labels": y.numpy().tolist(),
                               "shape": list(x.shape), "values": np.asarray(x).round(4).ravel().tolist()}
    # TF refuses 1-channel BMP decoding, so grayscale is checked on the grayscale PNG class alone (labels=None).
    ds = keras.utils.image_dataset_from_directory(os.path.join(TREE, "Zebra"), labels=None, shuffle=False,
                                                  image_size=(5, 7), batch_size=100, color_mode="grayscale")
    x = next(iter(ds))
    out["pixels"]["grayscale"] = {"files": rel(ds.file_paths), "shape": list(x.shape),
                                  "values": np.asarray(x).round(4).ravel().tolist()}
    ds = keras.utils.image_dataset_from_directory(TREE, shuffle=False, image_size=(5, 7), batch_size=100,
                                                  label_mode="categorical")
    out["categorical"] = next(iter(ds))[1].numpy().tolist()
    with open(os.path.join(OUT, "keras_images.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    main()
