"""Rewrites an Athanor weights file the way Keras/h5py write one: variable-length strings (h5py 3),
float64 [] weight_names for weightless layers, layer_names chunked as numpy 'S' arrays
(layer_names0, layer_names1), and a tf.keras 2.11 top_level_model_weights group.
Usage: keras_rewrite.py IN OUT"""
import sys

import h5py
import numpy as np

with h5py.File(sys.argv[1], 'r') as src, h5py.File(sys.argv[2], 'w') as dst:
    names = [n.decode() if hasattr(n, 'decode') else n for n in src.attrs['layer_names']]
    half = (len(names) + 1) // 2
    dst.attrs['layer_names0'] = np.array([n.encode() for n in names[:half]])
    dst.attrs['layer_names1'] = np.array([n.encode() for n in names[half:]])
    dst.attrs['backend'] = 'tensorflow'.encode('utf8')
    dst.attrs['keras_version'] = '2.11.0'
    for name in names:
        g = dst.create_group(name)
        wn = src[name].attrs['weight_names']
        wn = [] if isinstance(wn, (bytes, np.bytes_, str)) else [w.decode() if hasattr(w, 'decode') else w for w in wn]
        g.attrs['weight_names'] = [w.encode('utf8') for w in wn]   # vlen ASCII array, or float64 [] when empty
        for w in wn:
            val = np.asarray(src[name][w])
            g.create_dataset(w, val.shape, dtype=val.dtype)[...] = val
    t = dst.create_group('top_level_model_weights')
    t.attrs['weight_names'] = []
