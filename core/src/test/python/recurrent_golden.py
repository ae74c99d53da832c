#!/usr/bin/python3
"""Golden outputs for Athanor's Embedding, SimpleRNN, LSTM, GRU, Bidirectional and TimeDistributed.

Run with Debian's /usr/bin/python3 (numpy, torch 1.13):
    /usr/bin/python3 core/src/test/python/recurrent_golden.py
It writes core/src/test/resources/golden/recurrent.json. The Java tests only read that file.

Each case holds a Keras layer config, weights in Keras's layout and order, inputs (and a mask), and
the expected outputs. Two independent references are used and cross-checked where both apply:
  * PyTorch (torch.nn.LSTM / GRU / RNN, bidirectional too), with Keras's layouts mapped explicitly:
      LSTM: Keras kernel [in, 4u] gates (i, f, c, o); torch weight_ih [4u, in] gates (i, f, g, o):
            weight_ih = kernel.T, weight_hh = recurrent_kernel.T, bias_ih = bias, bias_hh = 0.
      GRU (reset_after=True): Keras blocks (z, r, h), bias [2, 3u] (input row, recurrent row);
            torch blocks (r, z, n): reorder columns to (r, z, h), transpose; bias_ih = bias[0], bias_hh = bias[1].
      SimpleRNN: weight_ih = kernel.T, weight_hh = recurrent_kernel.T, bias_ih = bias, bias_hh = 0.
  * A plain numpy step loop written from Keras's cell formulas (keras/layers/recurrent.py, Keras 2.6),
    including K.rnn's masking rule (a masked step keeps the previous states and repeats the previous
    output, zeros before the first valid step) and go_backwards (outputs in walking order). It is
    the only reference for what torch lacks: GRU reset_after=False, hard_sigmoid, masks.
"""
import json
import os

import numpy as np
import torch

rng = np.random.default_rng(20261126)
OUT = os.path.join(os.path.dirname(__file__), '..', 'resources', 'golden', 'recurrent.json')


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


ACT = {
    'tanh': np.tanh,
    'sigmoid': sigmoid,
    'hard_sigmoid': lambda x: np.clip(0.2 * x + 0.5, 0, 1),
    'relu': lambda x: np.maximum(x, 0),
    'linear': lambda x: x,
}


def u(*shape, lo=-0.6, hi=0.6):
    return rng.uniform(lo, hi, size=shape)


# ---------------------------------------------------------------- numpy references (Keras formulas)

def np_rnn(x, cfg, weights, mask=None, initial=None):
    """Keras RNN loop around the cell named by cfg['class']; returns [output] + states if return_state."""
    kind = cfg['class']
    units = cfg['units']
    act = ACT[cfg.get('activation', 'tanh')]
    ract = ACT[cfg.get('recurrent_activation', 'sigmoid')]
    use_bias = cfg.get('use_bias', True)
    kernel, rec = weights[0], weights[1]
    bias = weights[2] if use_bias else None
    b, T, _ = x.shape
    n_states = 2 if kind == 'LSTM' else 1
    states = [np.zeros((b, units)) for _ in range(n_states)] if initial is None else [s.copy() for s in initial]
    prev_out = np.zeros((b, units))
    outs = []
    order = range(T - 1, -1, -1) if cfg.get('go_backwards') else range(T)
    for t in order:
        xt = x[:, t, :]
        if kind == 'SimpleRNN':
            h = act(xt @ kernel + (bias if use_bias else 0) + states[0] @ rec)
            new = [h]
        elif kind == 'LSTM':
            z = xt @ kernel + (bias if use_bias else 0) + states[0] @ rec
            i, f, c_, o = np.split(z, 4, axis=1)
            c = ract(f) * states[1] + ract(i) * act(c_)
            h = ract(o) * act(c)
            new = [h, c]
        elif kind == 'GRU':
            h_prev = states[0]
            if cfg.get('reset_after', True):
                mx = xt @ kernel + (bias[0] if use_bias else 0)
                mi = h_prev @ rec + (bias[1] if use_bias else 0)
                xz, xr, xh = np.split(mx, 3, axis=1)
                rz, rr, rh = np.split(mi, 3, axis=1)
                z = ract(xz + rz)
                r = ract(xr + rr)
                hh = act(xh + r * rh)
            else:
                mx = xt @ kernel + (bias if use_bias else 0)
                xz, xr, xh = np.split(mx, 3, axis=1)
                z = ract(xz + h_prev @ rec[:, :units])
                r = ract(xr + h_prev @ rec[:, units:2 * units])
                hh = act(xh + (r * h_prev) @ rec[:, 2 * units:])
            new = [z * h_prev + (1 - z) * hh]
        else:
            raise ValueError(kind)
        out = new[0]
        if mask is not None:
            m = mask[:, t:t + 1]
            out = m * out + (1 - m) * prev_out
            new = [m * n + (1 - m) * s for n, s in zip(new, states)]
        states = new
        prev_out = out
        outs.append(out)
    output = np.stack(outs, axis=1) if cfg.get('return_sequences') else prev_out
    return [output] + (states if cfg.get('return_state') else [])


# ---------------------------------------------------------------- torch references (layouts mapped)

def t(a):
    return torch.tensor(a, dtype=torch.float64)


def torch_lstm(x, weights, units, bidirectional_weights=None):
    kernel, rec, bias = weights
    m = torch.nn.LSTM(kernel.shape[0], units, batch_first=True, bidirectional=bidirectional_weights is not None,
                      dtype=torch.float64)
    sets = [(kernel, rec, bias)] + ([bidirectional_weights] if bidirectional_weights is not None else [])
    with torch.no_grad():
        for suffix, (k, r, bb) in zip(['', '_reverse'], sets):
            getattr(m, 'weight_ih_l0' + suffix).copy_(t(k.T))   # (i, f, c, o) == torch (i, f, g, o)
            getattr(m, 'weight_hh_l0' + suffix).copy_(t(r.T))
            getattr(m, 'bias_ih_l0' + suffix).copy_(t(bb))
            getattr(m, 'bias_hh_l0' + suffix).zero_()
        y, (h, c) = m(t(x))
    return y.numpy(), h.numpy(), c.numpy()


def keras_gru_to_torch(k, units):
    z, r, h = k[..., :units], k[..., units:2 * units], k[..., 2 * units:]
    return np.concatenate([r, z, h], axis=-1)  # torch order (r, z, n)


def torch_gru(x, weights, units, bidirectional_weights=None):
    m = torch.nn.GRU(weights[0].shape[0], units, batch_first=True, bidirectional=bidirectional_weights is not None,
                     dtype=torch.float64)
    sets = [weights] + ([bidirectional_weights] if bidirectional_weights is not None else [])
    with torch.no_grad():
        for suffix, (k, r, bb) in zip(['', '_reverse'], sets):
            getattr(m, 'weight_ih_l0' + suffix).copy_(t(keras_gru_to_torch(k, units).T))
            getattr(m, 'weight_hh_l0' + suffix).copy_(t(keras_gru_to_torch(r, units).T))
            getattr(m, 'bias_ih_l0' + suffix).copy_(t(keras_gru_to_torch(bb[0], units)))
            getattr(m, 'bias_hh_l0' + suffix).copy_(t(keras_gru_to_torch(bb[1], units)))
        y, h = m(t(x))
    return y.numpy(), h.numpy()


def torch_rnn(x, weights, units, nonlinearity, use_bias):
    m = torch.nn.RNN(weights[0].shape[0], units, nonlinearity=nonlinearity, bias=use_bias, batch_first=True,
                     dtype=torch.float64)
    with torch.no_grad():
        m.weight_ih_l0.copy_(t(weights[0].T))
        m.weight_hh_l0.copy_(t(weights[1].T))
        if use_bias:
            m.bias_ih_l0.copy_(t(weights[2]))
            m.bias_hh_l0.zero_()
        y, h = m(t(x))
    return y.numpy(), h.numpy()


def close(a, b, what):
    a, b = np.asarray(a), np.asarray(b)
    assert a.shape == b.shape, (what, a.shape, b.shape)
    assert np.allclose(a, b, rtol=1e-10, atol=1e-12), (what, np.abs(a - b).max())


# ---------------------------------------------------------------- cases

cases = []


def add(name, class_name, config, inputs, weights, outputs, mask=None, reference=''):
    cases.append({
        'name': name, 'class_name': class_name, 'config': config, 'reference': reference,
        'inputs': [np.asarray(a).tolist() for a in inputs],
        'mask': None if mask is None else np.asarray(mask).tolist(),
        'weights': [np.asarray(w).tolist() for w in weights],
        'outputs': [np.asarray(o).tolist() for o in outputs],
    })


def lstm_weights(f, units):
    return [u(f, 4 * units), u(units, 4 * units), u(4 * units)]


def gru_weights(f, units, reset_after=True):
    return [u(f, 3 * units), u(units, 3 * units), u(2, 3 * units) if reset_after else u(3 * units)]


B, T, F, U = 2, 5, 4, 3
MASK = np.array([[1, 1, 1, 0, 0], [0, 1, 1, 0, 1]], dtype=float)  # post padding, leading and inner gaps

# LSTM
x = u(B, T, F, lo=-1, hi=1)
w = lstm_weights(F, U)
cfg = {'units': U, 'return_sequences': True}
y, h, c = torch_lstm(x, w, U)
close(y, np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w)[0], 'lstm numpy vs torch')
add('lstm_sequences', 'LSTM', cfg, [x], w, [y], reference='torch.nn.LSTM')

cfg = {'units': U, 'return_state': True}
add('lstm_last_with_state', 'LSTM', cfg, [x], w, [h[0], h[0], c[0]], reference='torch.nn.LSTM (h_n, c_n)')
close(np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w)[2], c[0], 'lstm carry')

cfg = {'units': U, 'return_sequences': True, 'go_backwards': True}
yb, _, _ = torch_lstm(x[:, ::-1, :].copy(), w, U)
close(yb, np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w)[0], 'lstm backwards')
add('lstm_go_backwards', 'LSTM', cfg, [x], w, [yb], reference='torch.nn.LSTM on the reversed sequence')

cfg = {'units': U, 'return_sequences': True, 'return_state': True}
add('lstm_masked', 'LSTM', cfg, [x], w, np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w, MASK), mask=MASK,
    reference='numpy, Keras K.rnn masking')

cfg = {'units': U, 'go_backwards': True}
add('lstm_masked_backwards_last', 'LSTM', cfg, [x], w, np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w, MASK), mask=MASK,
    reference='numpy, Keras K.rnn masking')

cfg = {'units': U, 'activation': 'relu', 'recurrent_activation': 'hard_sigmoid', 'return_sequences': True}
add('lstm_relu_hard_sigmoid', 'LSTM', cfg, [x], w, np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w),
    reference='numpy (the keras2c fixture uses these activations)')

wn = lstm_weights(F, U)[:2]
cfg = {'units': U, 'use_bias': False, 'return_sequences': True}
add('lstm_no_bias', 'LSTM', cfg, [x], wn, [torch_lstm(x, wn + [np.zeros(4 * U)], U)[0]],
    reference='torch.nn.LSTM with zero biases')

h0, c0 = u(B, U), u(B, U)
cfg = {'units': U, 'return_sequences': True}
m = torch.nn.LSTM(F, U, batch_first=True, dtype=torch.float64)
with torch.no_grad():
    m.weight_ih_l0.copy_(t(w[0].T)); m.weight_hh_l0.copy_(t(w[1].T)); m.bias_ih_l0.copy_(t(w[2])); m.bias_hh_l0.zero_()
    yi, _ = m(t(x), (t(h0[None]), t(c0[None])))
close(yi.numpy(), np_rnn(x, dict(cfg, **{'class': 'LSTM'}), w, initial=[h0, c0])[0], 'lstm initial state')
add('lstm_initial_state', 'LSTM', cfg, [x, h0, c0], w, [yi.numpy()], reference='torch.nn.LSTM with (h0, c0)')

# GRU
w = gru_weights(F, U, True)
cfg = {'units': U, 'return_sequences': True, 'reset_after': True}
y, h = torch_gru(x, w, U)
close(y, np_rnn(x, dict(cfg, **{'class': 'GRU'}), w)[0], 'gru numpy vs torch')
add('gru_reset_after', 'GRU', cfg, [x], w, [y], reference='torch.nn.GRU (gates reordered z,r,h -> r,z,n)')

cfg = {'units': U, 'return_sequences': True, 'go_backwards': True, 'reset_after': True}
add('gru_reset_after_masked_backwards', 'GRU', cfg, [x], w, np_rnn(x, dict(cfg, **{'class': 'GRU'}), w, MASK),
    mask=MASK, reference='numpy, Keras K.rnn masking')

w2 = gru_weights(F, U, False)
cfg = {'units': U, 'return_sequences': True, 'return_state': True, 'reset_after': False}
add('gru_reset_before', 'GRU', cfg, [x], w2, np_rnn(x, dict(cfg, **{'class': 'GRU'}), w2), reference='numpy')

cfg = {'units': U, 'reset_after': False, 'recurrent_activation': 'hard_sigmoid'}
add('gru_reset_before_masked', 'GRU', cfg, [x], w2, np_rnn(x, dict(cfg, **{'class': 'GRU'}), w2, MASK), mask=MASK,
    reference='numpy, Keras K.rnn masking')

# SimpleRNN
w = [u(F, U), u(U, U), u(U)]
cfg = {'units': U, 'return_sequences': True}
y, _ = torch_rnn(x, w, U, 'tanh', True)
close(y, np_rnn(x, dict(cfg, **{'class': 'SimpleRNN'}), w)[0], 'simple rnn')
add('simple_rnn', 'SimpleRNN', cfg, [x], w, [y], reference='torch.nn.RNN(tanh)')

cfg = {'units': U, 'activation': 'relu', 'use_bias': False, 'return_state': True}
y, h = torch_rnn(x, w[:2], U, 'relu', False)
add('simple_rnn_relu_no_bias', 'SimpleRNN', cfg, [x], w[:2], [h[0], h[0]], reference='torch.nn.RNN(relu, bias=False)')

cfg = {'units': U, 'return_sequences': True}
add('simple_rnn_masked', 'SimpleRNN', cfg, [x], w, np_rnn(x, dict(cfg, **{'class': 'SimpleRNN'}), w, MASK),
    mask=MASK, reference='numpy, Keras K.rnn masking')

# Bidirectional: Keras weights = forward layer's, then backward layer's. The backward layer's
# sequence output is reversed back to input order before merging (Keras's Bidirectional.call).
wf, wb = lstm_weights(F, U), lstm_weights(F, U)
y, h, c = torch_lstm(x, wf, U, bidirectional_weights=wb)
inner = {'class_name': 'LSTM', 'config': {'name': 'lstm_bi', 'units': U, 'return_sequences': True}}
add('bidirectional_lstm_concat', 'Bidirectional', {'layer': inner, 'merge_mode': 'concat'}, [x], wf + wb, [y],
    reference='torch.nn.LSTM(bidirectional=True)')
yf, yb = y[..., :U], y[..., U:]
add('bidirectional_lstm_ave', 'Bidirectional', {'layer': inner, 'merge_mode': 'ave'}, [x], wf + wb,
    [(yf + yb) / 2], reference='torch.nn.LSTM(bidirectional=True)')
add('bidirectional_lstm_none', 'Bidirectional', {'layer': inner, 'merge_mode': None}, [x], wf + wb, [yf, yb],
    reference='torch.nn.LSTM(bidirectional=True)')
inner_state = {'class_name': 'LSTM', 'config': {'name': 'lstm_bs', 'units': U, 'return_state': True}}
add('bidirectional_lstm_mul_state', 'Bidirectional', {'layer': inner_state, 'merge_mode': 'mul'}, [x], wf + wb,
    [h[0] * h[1], h[0], c[0], h[1], c[1]], reference='torch.nn.LSTM(bidirectional=True) h_n, c_n')

gf, gb = gru_weights(F, U), gru_weights(F, U)
y, h = torch_gru(x, gf, U, bidirectional_weights=gb)
inner = {'class_name': 'GRU', 'config': {'name': 'gru_bi', 'units': U}}
add('bidirectional_gru_sum_last', 'Bidirectional', {'layer': inner, 'merge_mode': 'sum'}, [x], gf + gb,
    [h[0] + h[1]], reference='torch.nn.GRU(bidirectional=True) h_n')

inner = {'class_name': 'SimpleRNN', 'config': {'name': 'rnn_bi', 'units': U, 'return_sequences': True}}
sf, sb = [u(F, U), u(U, U), u(U)], [u(F, U), u(U, U), u(U)]
fwd = np_rnn(x, {'class': 'SimpleRNN', 'units': U, 'return_sequences': True}, sf, MASK)[0]
bwd = np_rnn(x, {'class': 'SimpleRNN', 'units': U, 'return_sequences': True, 'go_backwards': True}, sb, MASK)[0]
add('bidirectional_simple_rnn_masked', 'Bidirectional', {'layer': inner, 'merge_mode': 'concat'}, [x], sf + sb,
    [np.concatenate([fwd, bwd[:, ::-1, :]], axis=-1)], mask=MASK, reference='numpy, Keras K.rnn masking')

# TimeDistributed(Dense)
k, bb = u(F, 2), u(2)
inner = {'class_name': 'Dense', 'config': {'name': 'td_dense', 'units': 2, 'activation': 'tanh'}}
add('time_distributed_dense', 'TimeDistributed', {'layer': inner}, [x], [k, bb], [np.tanh(x @ k + bb)],
    reference='numpy')

# Embedding
ids = np.array([[1, 0, 4, 6], [2, 2, 0, 5]], dtype=float)
table = u(7, 3)
add('embedding', 'Embedding', {'input_dim': 7, 'output_dim': 3}, [ids], [table], [table[ids.astype(int)]],
    reference='numpy indexing')

os.makedirs(os.path.dirname(OUT), exist_ok=True)
with open(OUT, 'w') as fh:
    json.dump({'generator': 'core/src/test/python/recurrent_golden.py', 'torch': torch.__version__,
               'numpy': np.__version__, 'cases': cases}, fh, indent=1)
print('wrote', len(cases), 'cases to', os.path.normpath(OUT))
