"""Replays the steps of tf.keras 2.x's HDF5 loader (hdf5_format.load_model_from_hdf5 /
load_weights_from_hdf5_group) with h5py, and prints a JSON summary. Usage: keras_replay.py FILE"""
import json
import sys

import h5py
import numpy as np


def decode(x):
    return x.decode('utf8') if hasattr(x, 'decode') else x


def load_attributes(group, name):
    if name in group.attrs:
        data = [decode(n) for n in group.attrs[name]] if not isinstance(group.attrs[name], (bytes, str, np.bytes_)) \
            else ([decode(group.attrs[name])] if decode(group.attrs[name]) else [])
    else:
        data = []
        i = 0
        while '%s%d' % (name, i) in group.attrs:
            data.extend(decode(n) for n in group.attrs['%s%d' % (name, i)])
            i += 1
    return data


out = {}
with h5py.File(sys.argv[1], mode='r') as f:
    weights_group = f
    if 'model_config' in f.attrs:
        config = json.loads(decode(f.attrs['model_config']))
        out['class_name'] = config['class_name']
        weights_group = f['model_weights']
    if 'training_config' in f.attrs:
        tc = json.loads(decode(f.attrs['training_config']))
        oc = tc['optimizer_config']          # compile_args_from_training_config needs both keys
        _ = tc['loss_weights']
        out['optimizer'] = oc['class_name']
        out['loss'] = tc['loss']
    out['keras_version'] = decode(weights_group.attrs['keras_version'])
    out['backend'] = decode(weights_group.attrs['backend'])
    layers = {}
    for name in load_attributes(weights_group, 'layer_names'):
        g = weights_group[name]
        weight_names = load_attributes(g, 'weight_names')
        layers[name] = [[list(np.asarray(g[w]).shape), float(np.asarray(g[w], dtype=np.float64).sum())]
                        for w in weight_names]
    out['layers'] = layers
    if 'optimizer_weights' in f:
        names = load_attributes(f['optimizer_weights'], 'weight_names')
        out['optimizer_weights'] = [[n, list(np.asarray(f['optimizer_weights'][n]).shape),
                                     str(np.asarray(f['optimizer_weights'][n]).dtype)] for n in names]
print(json.dumps(out))
