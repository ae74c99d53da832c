#!/usr/bin/python3
"""Independent numpy forward passes of three Keras fixtures that use Embedding, LSTM and Conv1D.

The fixtures ship no Keras outputs, so this script computes the expected predictions from the
weights stored in each file (read with h5py) and Keras's published layer formulas, for seeded
random inputs. Run with Debian's python (numpy, h5py):
    /usr/bin/python3 io/src/test/resources/python/recurrent_fixtures_forward.py
It writes io/src/test/resources/keras-h5/io/<fixture>.{inputs,expected_numpy}.csv. The Java tests
only read the CSVs (and skip when ../shared/fixtures is absent for the non-bundled fixture).
"""
import json
import os

import h5py
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.path.normpath(os.path.join(HERE, '..', '..', '..', '..', '..', '..', 'shared', 'fixtures', 'keras-h5'))
OUT = os.path.normpath(os.path.join(HERE, '..', 'keras-h5', 'io'))
rng = np.random.default_rng(11)


def weights(f, layer):
    g = f['model_weights'][layer]
    names = [n.decode() if isinstance(n, bytes) else n for n in g.attrs['weight_names']]
    return [np.array(g[n], dtype=np.float64) for n in names]


def relu(x):
    return np.maximum(x, 0)


def hard_sigmoid(x):  # Keras 2: clip(0.2 x + 0.5, 0, 1)
    return np.clip(0.2 * x + 0.5, 0, 1)


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def lstm_last(x, kernel, rec, bias, act, ract):
    """Keras LSTM, return_sequences=False: gates (i, f, c, o) in the kernel's column blocks."""
    n, steps, _ = x.shape
    u = rec.shape[0]
    h, c = np.zeros((n, u)), np.zeros((n, u))
    for t in range(steps):
        z = x[:, t] @ kernel + h @ rec + bias
        i, f, cc, o = z[:, :u], z[:, u:2 * u], z[:, 2 * u:3 * u], z[:, 3 * u:]
        c = ract(f) * c + ract(i) * act(cc)
        h = ract(o) * act(c)
    return h


def conv1d(x, kernel, bias, padding):
    """Keras Conv1D, stride 1: kernel [k, in, out]; 'same' pads (k-1)//2 before, the rest after."""
    k = kernel.shape[0]
    if padding == 'same':
        before = (k - 1) // 2
        x = np.pad(x, ((0, 0), (before, k - 1 - before), (0, 0)))
    steps = x.shape[1] - k + 1
    out = np.zeros((x.shape[0], steps, kernel.shape[2]))
    for j in range(k):
        out += x[:, j:j + steps, :] @ kernel[j]
    return out + bias


def save(name, inputs, expected, note):
    np.savetxt(os.path.join(OUT, name + '.inputs.csv'), inputs, delimiter=',', fmt='%.9g',
               header=note + ' -- inputs, one example per row', comments='# ')
    np.savetxt(os.path.join(OUT, name + '.expected_numpy.csv'), expected, delimiter=',', fmt='%.9g',
               header='numpy forward pass from the stored weights (recurrent_fixtures_forward.py), not Keras output',
               comments='# ')


# logcosh_loss_embedding_k231: Embedding(7 -> 4, length 3), Flatten, Dense(1, relu)
with h5py.File(os.path.join(SHARED, 'logcosh_loss_embedding_k231.h5'), 'r') as f:
    (table,) = weights(f, 'embedding_1')
    k, b = weights(f, 'dense_1')
ids = rng.integers(0, 7, size=(6, 3))
y = relu(table[ids].reshape(6, -1) @ k + b)
save('logcosh_loss_embedding_k231', ids, y, 'ids')

# embedding_conv1d_adam_tf24: Embedding(5 -> 3, length 6), Conv1D(3, 2, valid, relu),
# MaxPooling1D(5), Flatten, Dropout (inference: identity), Dense(2, softmax)
with h5py.File(os.path.join(SHARED, 'embedding_conv1d_adam_tf24.hdf5'), 'r') as f:
    cfg = {l['config']['name']: l['config'] for l in json.loads(f.attrs['model_config'])['config']['layers']}
    assert cfg['max_pooling1d']['pool_size'] == [5] and cfg['max_pooling1d']['strides'] == [5]
    (table,) = weights(f, 'embedding')
    ck, cb = weights(f, 'conv1d')
    dk, db = weights(f, 'dense')
ids = rng.integers(0, 5, size=(6, 6))
h = relu(conv1d(table[ids], ck, cb, 'valid'))          # [n, 5, 3]
h = h[:, :5, :].max(axis=1)                              # one pool window of 5
y = softmax(h @ dk + db)
save('embedding_conv1d_adam_tf24', ids, y, 'ids')

# multi_input_custom_loss_k224: the keras2c profile model (two LSTMs, ten Conv1D, merges)
with h5py.File(os.path.join(SHARED, 'multi_input_custom_loss_k224.h5'), 'r') as f:
    n = 4
    temp, dens = rng.uniform(-1, 1, (n, 1, 33)), rng.uniform(-1, 1, (n, 1, 33))
    past = [rng.uniform(-1, 1, (n, 8)) for _ in range(4)]     # pinj, curr, tinj, gasA
    future = [rng.uniform(-1, 1, (n, 4)) for _ in range(4)]
    l1 = lstm_last(np.stack(past, axis=-1), *weights(f, 'lstm_1'), relu, hard_sigmoid)
    l2 = lstm_last(np.stack(future, axis=-1), *weights(f, 'lstm_2'), relu, hard_sigmoid)
    profiles = np.concatenate([temp.reshape(n, 1, 33, 1), dens.reshape(n, 1, 33, 1)], axis=-1).reshape(n, 33, 2)
    x = np.concatenate([profiles, l1.reshape(n, 33, 1), l2.reshape(n, 33, 1)], axis=-1)

    def branch(names):
        a = relu(conv1d(x, *weights(f, names[0]), 'same'))
        b = relu(conv1d(a, *weights(f, names[1]), 'same'))
        c = relu(conv1d(b, *weights(f, names[2]), 'same'))
        d = np.tanh(conv1d(np.concatenate([a, b, c], axis=-1), *weights(f, names[3]), 'same'))
        return conv1d(d, *weights(f, names[4]), 'same').reshape(n, 33)

    out_temp = branch(['conv1d_1', 'conv1d_2', 'conv1d_3', 'conv1d_4', 'conv1d_5'])
    out_dens = branch(['conv1d_6', 'conv1d_7', 'conv1d_8', 'conv1d_9', 'conv1d_10'])
inputs = np.concatenate([temp.reshape(n, 33), dens.reshape(n, 33)] + past + future, axis=1)
save('multi_input_custom_loss_k224', inputs, np.concatenate([out_temp, out_dens], axis=1),
     'columns: thomson_temp (33), thomson_dens (33), past pinj, curr, tinj, gasA (8 each),'
     ' future pinj, curr, tinj, gasA (4 each), in the model\'s input order;'
     ' expected: target_temp (33), target_dens (33)')
print('wrote CSVs to', OUT)
