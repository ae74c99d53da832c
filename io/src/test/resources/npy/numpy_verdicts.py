"""Writes numpy_verdicts.json: for .npy files with mutated headers, what numpy 2.4 makes of them.

Run with a Python that has numpy (the project's CI never needs it):
    python numpy_verdicts.py > numpy_verdicts.json
Each case: the header text, the data bytes (hex), and numpy's verdict: either the shape, dtype,
fortran order and values it loads, or the error it raises. NpyNumpyAgreementTest checks that
Athanor's reader agrees case by case.
"""
import io
import json
import random

import numpy as np

BASE = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"


def frame(header, data, version=(1, 0)):
    h = header.encode("latin1")
    size_field = 2 if version[0] == 1 else 4
    total = 6 + 2 + size_field + len(h) + 1
    h = h + b" " * ((64 - total % 64) % 64) + b"\n"
    return b"\x93NUMPY" + bytes(version) + len(h).to_bytes(size_field, "little") + h + data


def verdict(blob):
    try:
        a = np.load(io.BytesIO(blob), allow_pickle=False)
    except Exception as e:  # numpy's refusal, whatever its type
        return {"ok": False, "error": type(e).__name__ + ": " + str(e)[:200]}
    return {"ok": True, "shape": list(a.shape), "dtype": a.dtype.str, "fortran": bool(a.flags.f_contiguous and not a.flags.c_contiguous),
            "values": [float(v) for v in np.asarray(a, dtype=np.float64).ravel(order="C")]}


hand = [
    BASE,
    "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
    '{"descr": "<f4", "fortran_order": False, "shape": (2, 3)}',
    "{'shape': (2, 3), 'fortran_order': False, 'descr': '<f4'}",
    "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (6), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': [2, 3], }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }",
    "{'descr': '<f4', 'fortran_order': 0, 'shape': (2, 3), }",
    "{'descr': '<f4', 'fortran_order': 'False', 'shape': (2, 3), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'extra': 1}",
    "{'descr': '<f4', 'fortran_order': False}",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), } junk",
    "junk {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<f4 ', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': 'f4', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<F4', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<q4', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<i4', 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<i8', 'fortran_order': False, 'shape': (3,), }",
    "{'descr': '<f8', 'fortran_order': False, 'shape': (3,), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3.0), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': ('2', 3), }",
    "{'descr': 3, 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3),, }",
    "{'descr': '<f4' 'fortran_order': False, 'shape': (2, 3), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), ",
    "['descr', '<f4']",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (24,), }",
    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), 'shape': (2, 3)}",
]
rng = random.Random(20261204)
mutated = []
alphabet = "{}()[],:'\" 0123456789-<>|fiTrueFalsdco_hp"
while len(mutated) < 300:
    s = list(BASE)
    for _ in range(rng.randint(1, 3)):
        op = rng.randint(0, 2)
        i = rng.randrange(len(s))
        if op == 0:
            s[i] = rng.choice(alphabet)
        elif op == 1:
            del s[i]
        else:
            s.insert(i, rng.choice(alphabet))
    mutated.append("".join(s))

data = np.arange(24, dtype="<f4").tobytes()
cases = []
for h in hand + mutated:
    try:
        h.encode("latin1")
    except UnicodeEncodeError:
        continue
    blob = frame(h, data)
    v = verdict(blob)
    cases.append({"header": h, "data_hex": data.hex(), **v})
print(json.dumps({"numpy": np.__version__, "cases": cases}, indent=1))
