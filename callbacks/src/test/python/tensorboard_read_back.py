"""Loads Athanor's TensorBoard logs with TensorBoard 2.21's own reader and prints what it sees.

    ./athanor demo --out /tmp/demo --epochs 5
    /work/venv/bin/python callbacks/src/test/python/tensorboard_read_back.py /tmp/demo/logs \
        > callbacks/src/test/python/tensorboard_read_back.out

For each run (train/, validation/): EventAccumulator's tags, every scalar (step, value), every
histogram (step, bucket count, total count, min edge, max edge), the text summary's first line, and
the Keras model JSON converted by TensorBoard's Graphs plugin (keras_util) into its graph nodes. Then
the train file cut inside its last record, as a crash mid-write leaves it, loaded again.
"""
import glob
import json
import os
import shutil
import sys
import tempfile

from tensorboard.backend.event_processing import event_accumulator
from tensorboard.plugins.graph import keras_util
from tensorboard.util import tensor_util
import tensorboard


def load(run):
    ea = event_accumulator.EventAccumulator(run, size_guidance={event_accumulator.TENSORS: 0})
    ea.Reload()
    return ea


def show(name, ea):
    tags = ea.Tags()
    print(f"== run {name}: files {sorted(os.path.basename(f) for f in glob.glob(os.path.join(ea.path, 'events*')))}")
    print(f"   tags by kind: { {k: len(v) if isinstance(v, list) else v for k, v in tags.items()} }")
    for tag in tags["tensors"]:
        plugin = ea.SummaryMetadata(tag).plugin_data.plugin_name
        events = ea.Tensors(tag)
        if plugin == "scalars":
            vals = ", ".join(f"{e.step}:{float(tensor_util.make_ndarray(e.tensor_proto)):.6g}" for e in events)
            print(f"   scalar {tag}: {vals}")
        elif plugin == "histograms":
            parts = []
            for e in events:
                a = tensor_util.make_ndarray(e.tensor_proto)
                parts.append(f"{e.step}:[{a.shape[0]} buckets, n={int(a[:, 2].sum())}, {a[0, 0]:.4g}..{a[-1, 1]:.4g}]")
            print(f"   histogram {tag}: {' '.join(parts)}")
        elif plugin == "text":
            s = tensor_util.make_ndarray(events[0].tensor_proto).item().decode()
            print(f"   text {tag} (step {events[0].step}): {len(s)} chars, first line {s.splitlines()[0]!r}")
        elif plugin == "graph_keras_model":
            cfg = json.loads(tensor_util.make_ndarray(events[0].tensor_proto).item())
            g = keras_util.keras_model_to_graph_def(cfg)
            print(f"   keras model (step {events[0].step}) {cfg['class_name']} -> Graphs dashboard nodes:")
            for n in g.node:
                print(f"      {n.name} keras_class={n.attr['keras_class'].s.decode()} inputs={list(n.input)}")
        else:
            print(f"   {plugin} {tag}: {len(events)} events")


def main(logdir):
    print(f"tensorboard {tensorboard.__version__}, logdir {logdir}")
    for run in ("train", "validation"):
        show(run, load(os.path.join(logdir, run)))
    tmp = tempfile.mkdtemp()
    src = sorted(glob.glob(os.path.join(logdir, "train", "events*")))[-1]
    dst = os.path.join(tmp, os.path.basename(src))
    data = open(src, "rb").read()
    with open(dst, "wb") as fh:
        fh.write(data[:-7])
    ea = load(tmp)
    counts = {tag: len(ea.Tensors(tag)) for tag in ea.Tags()["tensors"]}
    print(f"== truncated copy of {os.path.basename(src)} (last 7 bytes cut): events per tag still read: {counts}")
    shutil.rmtree(tmp)


if __name__ == "__main__":
    main(sys.argv[1])
