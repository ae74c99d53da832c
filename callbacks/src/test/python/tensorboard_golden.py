"""Golden values for Athanor's TensorBoard writer, from TensorFlow 2.21 / TensorBoard 2.21 themselves.

    OMP_WAIT_POLICY=PASSIVE /work/venv/bin/python callbacks/src/test/python/tensorboard_golden.py \
        callbacks/src/test/resources/dev/athanor/callbacks/tensorboard/golden.json

- tfrecord: the bytes tf.io.TFRecordWriter writes for a few payloads (framing and masked CRC32C);
- histograms: the [left, right, count] rows tf.summary.histogram stores for fixed data;
- summaries: the serialized Summary.Value of tf.summary.scalar / text and of Keras's keras_model_summary
  metadata, read back from event files TensorFlow wrote.
"""
import glob
import json
import os
import sys
import tempfile

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
import numpy as np
import tensorflow as tf
from tensorboard.compat.proto import event_pb2

out = {}
tmp = tempfile.mkdtemp()

payloads = [b"", b"hello", bytes(range(256)) * 2]
path = os.path.join(tmp, "r.tfrecord")
with tf.io.TFRecordWriter(path) as w:
    for p in payloads:
        w.write(p)
out["tfrecord"] = {"payloads_hex": [p.hex() for p in payloads], "file_hex": open(path, "rb").read().hex()}

rng = np.random.default_rng(7)
datasets = {
    "normal": rng.normal(0.0, 1.0, 200).tolist(),
    "small": [-1.5, 0.25, 0.25, 3.0, 0.75, -0.125, 2.0],
    "constant": [0.5] * 5,
    "empty": [],
}
writer = tf.summary.create_file_writer(os.path.join(tmp, "ev"))
with writer.as_default():
    for name, data in datasets.items():
        tf.summary.histogram(name, tf.constant(data, dtype=tf.float64, shape=[len(data)]), step=3)
    tf.summary.scalar("epoch_loss", 0.6180339887, step=2)
    tf.summary.text("model_config", "    {\"a\": 1}", step=0)
writer.flush()
hist = {}
values = {}
for f in glob.glob(os.path.join(tmp, "ev", "events*")):
    for rec in tf.compat.v1.io.tf_record_iterator(f):
        e = event_pb2.Event.FromString(rec)
        for v in e.summary.value:
            if v.metadata.plugin_data.plugin_name == "histograms":
                arr = tf.make_ndarray(v.tensor)
                hist[v.tag] = {"data": datasets[v.tag], "rows": arr.tolist()}
            else:
                values[v.tag] = {"step": e.step, "value_hex": v.SerializeToString().hex()}
out["histograms"] = hist
out["summaries"] = values
with open(sys.argv[1], "w") as fh:
    json.dump(out, fh, indent=1)
print("wrote", sys.argv[1], "histograms:", sorted(hist), "summaries:", sorted(values))
