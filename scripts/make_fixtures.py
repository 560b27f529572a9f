"""Write tests/fixtures/forward_golden.json: golden forward passes computed by PyTorch (and Keras).

Run from the repository root (torch and keras are fixture-time tools, not app dependencies):

    pip install torch==2.13.0 && python scripts/make_fixtures.py --no-keras
    pip install torch==2.13.0 keras && python scripts/make_fixtures.py      # the full set

Keras 3 runs on its torch backend (``KERAS_BACKEND=torch`` is set unless you chose another), in
float64: Keras 3 computes float64 layers in float32 on non-tensorflow backends unless its dtype
promotion table is told otherwise, which ``main`` does (see there). With ``KERAS_BACKEND=tensorflow``
(native float64) the Keras-only cases agree with the torch backend to 5e-16 (checked with Keras 3.15.1,
tensorflow-cpu 2.21). Without ``--no-keras`` a missing Keras is an error, so that regenerating never drops the
Keras-only cases silently. The tests never import torch or keras: they read the JSON only.

What each case holds (REFERENCE.md and API.md are the specification):

- ``request``: a complete ``POST /api/v1/forward`` body in the ``"pytorch"`` format, made from a
  ``torch.nn.RNN/LSTM/GRU`` with PyTorch's default (random) initialisation and a fixed seed.
- ``expected``: ``output``, ``h_n``, ``c_n`` and ``y`` from the nn modules themselves, and the
  per-step ``trace`` from a step-by-step re-implementation in torch ops on the state_dict, which
  must reproduce the module's output/h_n/c_n (to 1e-13 in float64) before anything is written.
- ``keras_weights``, ``tf1_weights``, ``canonical_weights``, ``book_weights``: the same network in
  other layouts, written from the rules of REFERENCE.md §3 (independently of the app's readers).
  With Keras present, every ``keras_weights`` is run through real Keras layers, which must give the
  module's numbers to 1e-12.
- Keras-only cases (``source: "keras"``): what PyTorch cannot run (GRU ``reset_after=False``, hard
  sigmoid gates); their ``expected`` holds Keras's ``output``/``h_n``/``c_n`` only, cross-checked
  against the same torch re-implementation.

All numbers are written with ``repr`` precision, so they round-trip exactly; float32 cases store
float32 values as the doubles that equal them. The re-implementation, the networks' construction and
the JSON writing are shared with ``make_gradient_fixtures.py``: ``scripts/torch_reference.py``.
"""

from __future__ import annotations

import argparse
import json
import os
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import torch
import torch_reference as ref
from torch import nn

os.environ.setdefault("KERAS_BACKEND", "torch")

OUT = ref.FIXTURES / "forward_golden.json"

TORCH_DTYPE = {"float64": torch.float64, "float32": torch.float32}
SELF_CHECK_TOL = {"float64": 1e-13, "float32": 1e-5}  # re-implementation vs nn module
KERAS_TOL = {"float64": 1e-12, "float32": 1e-5}  # Keras vs nn module


def trace_json(cell: str, trace: list[list[dict[str, torch.Tensor]]]) -> list[dict[str, Any]]:
    """API.md's trace: [layer]{"forward"/"backward": {field: {gate: (B,T,H)}, "c", "h"}}."""
    out = []
    for recs in trace:
        layer = {}
        for d, rec in enumerate(recs):
            H = rec[ref.TRACE_FIELDS[0]].shape[2] // len(ref.GATES[cell])
            entry: dict[str, Any] = {
                f: {g: ref.tolist(rec[f][:, :, j * H : (j + 1) * H]) for j, g in enumerate(ref.GATES[cell])}
                for f in ref.TRACE_FIELDS
            }
            if cell == "lstm":
                entry["c"] = ref.tolist(rec["c"])
            entry["h"] = ref.tolist(rec["h"])
            layer["backward" if d else "forward"] = entry
        out.append(layer)
    return out


# ---------------------------------------------------------------------------------------------
# Cases made by PyTorch.


@dataclass
class Spec(ref.NetSpec):
    dtype: str = "float64"
    forget_bias: float = 1.0  # tf1 layout only


# one case a line or two: name, cell, input_size, hidden_size, steps, batch, what is not the default
# fmt: off
SPECS = [
    Spec("rnn_tanh", "rnn", 3, 4, 5, 2, description="Elman RNN, tanh, non-zero h0"),
    Spec("rnn_relu", "rnn", 3, 4, 6, 3, nonlinearity="relu", description="Elman RNN, relu, batch 3"),
    Spec("lstm", "lstm", 3, 4, 5, 2, description="LSTM, non-zero h0 and c0"),
    Spec("lstm_proj", "lstm", 3, 5, 5, 2, proj_size=3, description="LSTM with proj_size 3 (h 3 wide, c 5)"),
    Spec("gru", "gru", 3, 4, 6, 2, description="GRU (b_hn inside the reset product)"),
    Spec("gru_no_bias", "gru", 2, 3, 4, 2, bias=False, description="GRU with bias=False: no bias keys"),
    Spec("lstm_2layer_bidir", "lstm", 3, 4, 5, 2, num_layers=2, bidirectional=True),
    Spec("gru_2layer_bidir", "gru", 2, 3, 6, 3, num_layers=2, bidirectional=True),
    Spec("rnn_2layer_bidir", "rnn", 4, 3, 7, 2, num_layers=2, bidirectional=True, readout=(2, "sigmoid"),
         description="2-layer bidirectional tanh RNN with a sigmoid readout on [fwd | bwd]"),
    Spec("lstm_proj_2layer_bidir", "lstm", 2, 4, 4, 2, num_layers=2, bidirectional=True, proj_size=2),
    Spec("lstm_readout_softmax", "lstm", 4, 5, 6, 3, initial_state=False, readout=(3, "softmax"),
         forget_bias=0.5,
         description="LSTM + nn.Linear + softmax readout; no initial_state (zeros by default)"),
    Spec("lstm_float32", "lstm", 3, 4, 5, 2, dtype="float32", description="float32 LSTM, rtol=atol=1e-5"),
]
# fmt: on


def build_torch(
    s: Spec,
) -> tuple[nn.Module, nn.Linear | None, torch.Tensor, torch.Tensor | None, torch.Tensor | None]:
    """The module (default init), the readout, inputs (B, T, I) and initial states (or None)."""
    dt = TORCH_DTYPE[s.dtype]
    module, readout = ref.torch_modules(s, dt)
    x = torch.randn(s.batch, s.steps, s.input_size, dtype=dt)
    h0, c0 = ref.initial_states(s, dt, random=True) if s.initial_state else (None, None)
    return module, readout, x, h0, c0


BOOK_TABLE = {  # REFERENCE.md §2, exact float64
    "before_activation": [[0.6, 0.5], [1.2923401038778066, 1.3922567763036109]],
    "state": [[0.5370495669980352, 0.46211715726000974], [0.8597381843462615, 0.8836664119437349]],
    "output": [[1.5612838815180548], [2.727071008233731]],
}

BOOK_WEIGHTS = {
    "format": "book",
    "w_cell_state": [[0.1, 0.2], [0.3, 0.4]],
    "w_cell_input": [0.5, 0.6],
    "b_cell": [0.1, -0.1],
    "w_output": [[1.0], [2.0]],
    "b_output": 0.1,
}


def torch_case(s: Spec, module: nn.Module, readout: nn.Linear | None, x, h0, c0, **extra) -> dict[str, Any]:
    """Run the module and the re-implementation, check them against each other, build the case."""
    with torch.no_grad():
        if s.cell == "lstm":
            state = None if h0 is None else (h0, c0)
            out_m, (h_n_m, c_n_m) = module(x, state)
        else:
            out_m, h_n_m = module(x, h0)
            c_n_m = None
        y = None if readout is None else ref.readout_fn(s.readout[1])(readout(out_m))

        sd = {k: v.detach().clone() for k, v in module.state_dict().items()}
        zeros_h, zeros_c = ref.initial_states(s, x.dtype, random=False)
        out_r, _, runs = ref.run_network(
            replace(s.kind, fused_gru=True),
            ref.params_of(s, sd),
            x,
            zeros_h if h0 is None else h0,
            zeros_c if c0 is None else c0,
        )
        h_n_r, c_n_r = ref.final_states(runs)
    tol = SELF_CHECK_TOL[s.dtype]
    for name, a, b in (("output", out_r, out_m), ("h_n", h_n_r, h_n_m), ("c_n", c_n_r, c_n_m)):
        if b is not None:
            err = ref.max_err(a, b)
            assert err <= tol, f"{s.name}: re-implementation {name} off by {err:.3g} > {tol}"

    request: dict[str, Any] = {
        "model": ref.model_json(s, gate_options=False),
        "weights": ref.pytorch_weights(sd, readout),
        "inputs": ref.tolist(x),
        "options": {"dtype": s.dtype},
    }
    if h0 is not None:
        request["initial_state"] = ref.initial_state_json(h0, c0)
    expected: dict[str, Any] = {"output": ref.tolist(out_m), "h_n": ref.tolist(h_n_m)}
    if c_n_m is not None:
        expected["c_n"] = ref.tolist(c_n_m)
    if y is not None:
        expected["y"] = ref.tolist(y)
    expected["trace"] = trace_json(s.cell, [[ref.trace_arrays(steps) for steps in layer] for layer in runs])
    case = ref.case_json(s, "torch", s.dtype, request, expected)
    case.update(other_layouts(s, sd, readout))
    case.update(extra)
    return case


# ---------------------------------------------------------------------------------------------
# The same weights in other layouts (REFERENCE.md §3), written from the documented rules.


def blocks(a: torch.Tensor, G: int) -> list[torch.Tensor]:
    """Split the gate blocks (rows of a (G·H, n) matrix or entries of a (G·H,) vector)."""
    return list(torch.chunk(a, G, dim=0))


def keras_cell(cell: str, p: ref.Params) -> dict[str, Any]:
    """kernel (in, G·u) = W_ih.T; recurrent_kernel (u, G·u) = W_hh.T; GRU blocks (r,z,n)→(z,r,h),
    bias (2, 3u) = [b_ih'; b_hh'] (never summed); SimpleRNN/LSTM bias = b_ih + b_hh."""
    if cell == "gru":
        zrn = lambda a: torch.cat([blocks(a, 3)[k] for k in (1, 0, 2)], dim=0)  # noqa: E731
        return {
            "kernel": ref.tolist(zrn(p.W_ih).T),
            "recurrent_kernel": ref.tolist(zrn(p.W_hh).T),
            "bias": ref.tolist(torch.stack([zrn(p.b_ih), zrn(p.b_hh)])),
        }
    return {
        "kernel": ref.tolist(p.W_ih.T),
        "recurrent_kernel": ref.tolist(p.W_hh.T),
        "bias": ref.tolist(p.b_ih + p.b_hh),
    }


def tf1_cell(cell: str, p: ref.Params, forget_bias: float) -> dict[str, Any]:
    """BasicRNNCell / BasicLSTMCell: kernel (in+u, G·u) applied to concat([x, h]); LSTM columns
    i, j, f, o with j = PyTorch's g, and b_f = b_if + b_hf - forget_bias (added back at run time)."""
    kernel = torch.cat([p.W_ih.T, p.W_hh.T], dim=0)
    bias = p.b_ih + p.b_hh
    if cell == "lstm":
        ki, kf, kg, ko = torch.chunk(kernel, 4, dim=1)
        bi, bf, bg, bo = blocks(bias, 4)
        kernel = torch.cat([ki, kg, kf, ko], dim=1)
        bias = torch.cat([bi, bg, bf - forget_bias, bo])
    return {"kernel": ref.tolist(kernel), "bias": ref.tolist(bias)}


def canonical_cell(cell: str, p: ref.Params) -> dict[str, Any]:
    G = len(ref.GATES[cell])
    out: dict[str, Any] = {
        name: {g: ref.tolist(v) for g, v in zip(ref.GATES[cell], blocks(a, G), strict=True)}
        for name, a in (("W_x", p.W_ih), ("W_h", p.W_hh), ("b_x", p.b_ih), ("b_h", p.b_hh))
    }
    if p.W_hr is not None:
        out["W_proj"] = ref.tolist(p.W_hr)
    return out


def other_layouts(s: Spec, sd: dict[str, torch.Tensor], readout: nn.Linear | None) -> dict[str, Any]:
    params = ref.params_of(s, sd)
    dirs = ("forward", "backward")

    def per_layer(fn):
        if s.bidirectional:
            return [{dirs[d]: fn(p) for d, p in enumerate(layer)} for layer in params]
        return [fn(layer[0]) for layer in params]

    out: dict[str, Any] = {}
    if s.bias:
        canonical: dict[str, Any] = {
            "format": "canonical",
            "layers": [{dirs[d]: canonical_cell(s.cell, p) for d, p in enumerate(layer)} for layer in params],
        }
        if readout is not None:
            canonical["readout"] = {"W": ref.tolist(readout.weight), "b": ref.tolist(readout.bias)}
        out["canonical_weights"] = canonical
    if s.proj_size == 0 and s.bias:  # Keras has no projection
        keras: dict[str, Any] = {"format": "keras", "layers": per_layer(lambda p: keras_cell(s.cell, p))}
        if readout is not None:
            keras["readout"] = {"kernel": ref.tolist(readout.weight.T), "bias": ref.tolist(readout.bias)}
        out["keras_weights"] = keras
    tf1_ok = s.cell == "lstm" or (s.cell == "rnn" and s.nonlinearity == "tanh")
    if tf1_ok and s.proj_size == 0 and s.bias and not s.bidirectional:  # tf1 has no readout: tests drop it
        tf1: dict[str, Any] = {
            "format": "tf1",
            "layers": per_layer(lambda p: tf1_cell(s.cell, p, s.forget_bias)),
        }
        if s.cell == "lstm":
            tf1["forget_bias"] = s.forget_bias
        out["tf1_weights"] = tf1
    return out


# ---------------------------------------------------------------------------------------------
# Keras: verification of the Keras layout, and the cases only Keras can make.


KERAS_READOUT = {"identity": "linear", "softmax": "softmax", "sigmoid": "sigmoid", "tanh": "tanh"}


def keras_gate(keras, name: str):
    if name == "hard_sigmoid_keras2":  # Keras 2's hard sigmoid, 0.2x + 0.5 clipped
        return lambda a: keras.ops.clip(0.2 * a + 0.5, 0.0, 1.0)
    return name  # "sigmoid", "hard_sigmoid" (Keras 3: x/6 + 1/2 clipped)


def keras_rnn(keras, *, cell, units, dtype, nonlinearity, gate_activation, reset_after):
    """One Keras recurrent layer returning its sequence and final states."""
    common = dict(return_sequences=True, return_state=True, dtype=dtype)
    if cell == "rnn":
        return keras.layers.SimpleRNN(units, activation=nonlinearity, **common)
    gate = keras_gate(keras, gate_activation)
    if cell == "lstm":
        return keras.layers.LSTM(units, recurrent_activation=gate, **common)
    return keras.layers.GRU(units, reset_after=reset_after, recurrent_activation=gate, **common)


def keras_forward(
    keras,
    *,
    cell: str,
    units: int,
    bidirectional: bool,
    dtype: str,
    weights: dict[str, Any],
    x: np.ndarray,
    h0: np.ndarray | None,
    c0: np.ndarray | None,
    nonlinearity: str = "tanh",
    gate_activation: str = "sigmoid",
    reset_after: bool = True,
    readout_activation: str | None = None,
) -> dict[str, np.ndarray]:
    """Run real Keras layers on the Keras-layout weights. Returns output, h_n, c_n, y as the API shapes them."""
    keras.config.set_floatx(dtype)
    D = 2 if bidirectional else 1
    seq = np.asarray(x, dtype=dtype)
    finals_h, finals_c = [], []
    for k, lw in enumerate(weights["layers"]):
        rnn_kw = dict(
            cell=cell,
            units=units,
            dtype=dtype,
            nonlinearity=nonlinearity,
            gate_activation=gate_activation,
            reset_after=reset_after,
        )
        layer = keras_rnn(keras, **rnn_kw)
        if bidirectional:
            layer = keras.layers.Bidirectional(layer, dtype=dtype)
        cells = [lw["forward"], lw["backward"]] if bidirectional else [lw]
        arrays = [
            np.asarray(c[key], dtype=dtype) for c in cells for key in ("kernel", "recurrent_kernel", "bias")
        ]
        init = None
        if h0 is not None:
            init = []
            for d in range(D):
                init.append(np.asarray(h0[k * D + d], dtype=dtype))
                if cell == "lstm":
                    init.append(np.asarray(c0[k * D + d], dtype=dtype))
        layer(seq, initial_state=init)  # build
        layer.set_weights(arrays)
        res = [keras.ops.convert_to_numpy(r) for r in layer(seq, initial_state=init)]
        seq, states = res[0], res[1:]
        per_dir = len(states) // D
        for d in range(D):
            finals_h.append(states[d * per_dir])
            if cell == "lstm":
                finals_c.append(states[d * per_dir + 1])
    out = {"output": seq, "h_n": np.stack(finals_h)}
    if cell == "lstm":
        out["c_n"] = np.stack(finals_c)
    if readout_activation is not None:
        dense = keras.layers.Dense(
            len(weights["readout"]["bias"]), activation=KERAS_READOUT[readout_activation], dtype=dtype
        )
        dense(seq)
        dense.set_weights([np.asarray(weights["readout"][k], dtype=dtype) for k in ("kernel", "bias")])
        out["y"] = keras.ops.convert_to_numpy(dense(seq))
    return out


def verify_keras(keras, case: dict[str, Any]) -> float:
    """Real Keras on the case's keras_weights must reproduce the nn module's expected numbers."""
    req, model = case["request"], case["request"]["model"]
    init = req.get("initial_state")
    got = keras_forward(
        keras,
        cell=model["cell"],
        units=model["hidden_size"],
        bidirectional=model["bidirectional"],
        dtype=case["dtype"],
        weights=case["keras_weights"],
        x=np.asarray(req["inputs"]),
        h0=None if init is None else np.asarray(init["h"]),
        c0=None if init is None or "c" not in init else np.asarray(init["c"]),
        nonlinearity=model.get("nonlinearity", "tanh"),
        readout_activation=model["readout"]["activation"] if "readout" in model else None,
    )
    worst = 0.0
    for name, value in got.items():
        err = ref.max_err(value, case["expected"][name])
        assert err <= KERAS_TOL[case["dtype"]], f"{case['name']}: Keras {name} off by {err:.3g}"
        worst = max(worst, err)
    return worst


@dataclass
class KerasSpec(ref.NetSpec):
    """cell: "gru" | "lstm"."""

    scale: float = 0.5  # weights ~ U(-scale, scale); large enough to clip hard sigmoids


# fmt: off
KERAS_SPECS = [
    KerasSpec("keras_gru_reset_before", "gru", 3, 4, 6, 2, reset_after=False,
              description="GRU reset_after=False"),
    KerasSpec("keras_gru_hard_sigmoid", "gru", 3, 4, 6, 2, gate_activation="hard_sigmoid", scale=1.5,
              description="GRU with Keras 3 hard_sigmoid gates (x/6 + 1/2), some clipped"),
    KerasSpec("keras_lstm_hard_sigmoid_keras2", "lstm", 3, 4, 5, 2, gate_activation="hard_sigmoid_keras2",
              scale=1.5, description="LSTM with Keras 2 hard_sigmoid gates (0.2x + 0.5), some clipped"),
    KerasSpec("keras_gru_reset_before_hard_sigmoid_2layer_bidir", "gru", 2, 3, 5, 2, num_layers=2,
              bidirectional=True, reset_after=False, gate_activation="hard_sigmoid", scale=1.5),
]
# fmt: on


def params_from_keras(cell: str, w: dict[str, np.ndarray], reset_after: bool) -> ref.Params:
    """Keras → PyTorch layout: transpose; GRU blocks (z,r,h)→(r,z,n); a single bias goes to b_ih."""
    t = lambda a: torch.as_tensor(np.asarray(a, dtype=np.float64))  # noqa: E731
    W_ih, W_hh, bias = t(w["kernel"]).T, t(w["recurrent_kernel"]).T, t(w["bias"])
    if cell == "gru":
        rzn = lambda a: torch.cat([blocks(a, 3)[k] for k in (1, 0, 2)], dim=0)  # noqa: E731
        W_ih, W_hh = rzn(W_ih), rzn(W_hh)
        if reset_after:
            return ref.Params(W_ih, W_hh, rzn(bias[0]), rzn(bias[1]))
        bias = rzn(bias)
    return ref.Params(W_ih, W_hh, bias, torch.zeros_like(bias))


def tf1_gru_cell(w: dict[str, np.ndarray]) -> dict[str, Any]:
    """Keras reset-before GRU → TF1 GRUCell: gates/kernel (in+u, 2u) columns r, u(=z);
    candidate/kernel (in+u, u) applied to [x, r ⊙ h]; biases likewise."""
    k, rk, b = (np.asarray(w[n]) for n in ("kernel", "recurrent_kernel", "bias"))
    u = rk.shape[0]
    z, r, h = slice(0, u), slice(u, 2 * u), slice(2 * u, 3 * u)
    return {
        "gates/kernel": np.concatenate(
            [np.concatenate([k[:, r], k[:, z]], 1), np.concatenate([rk[:, r], rk[:, z]], 1)]
        ).tolist(),
        "gates/bias": np.concatenate([b[r], b[z]]).tolist(),
        "candidate/kernel": np.concatenate([k[:, h], rk[:, h]]).tolist(),
        "candidate/bias": b[h].tolist(),
    }


def keras_case(keras, ks: KerasSpec) -> dict[str, Any]:
    rng = np.random.default_rng(ref.seed_of(ks.name))
    D = ks.directions
    G, u = len(ref.GATES[ks.cell]), ks.hidden_size
    uni = lambda *shape: rng.uniform(-ks.scale, ks.scale, size=shape)  # noqa: E731
    layers, params = [], []
    for k in range(ks.num_layers):
        n = ks.input_size if k == 0 else D * u
        cells, lp = [], []
        for _ in range(D):
            bias = uni(2, G * u) if ks.cell == "gru" and ks.reset_after else uni(G * u)
            w = {"kernel": uni(n, G * u), "recurrent_kernel": uni(u, G * u), "bias": bias}
            cells.append({key: v.tolist() for key, v in w.items()})
            lp.append(params_from_keras(ks.cell, w, ks.reset_after))
        layers.append({"forward": cells[0], "backward": cells[1]} if ks.bidirectional else cells[0])
        params.append(lp)
    weights = {"format": "keras", "layers": layers}
    x = rng.uniform(-2.0, 2.0, size=(ks.batch, ks.steps, ks.input_size))
    h0 = 0.5 * rng.standard_normal((ks.num_layers * D, ks.batch, u))
    c0 = 0.5 * rng.standard_normal((ks.num_layers * D, ks.batch, u)) if ks.cell == "lstm" else None

    got = keras_forward(
        keras,
        cell=ks.cell,
        units=u,
        bidirectional=ks.bidirectional,
        dtype="float64",
        weights=weights,
        x=x,
        h0=h0,
        c0=c0,
        gate_activation=ks.gate_activation,
        reset_after=ks.reset_after,
    )
    # cross-check with the re-implementation, and make sure the case tests what it is named for
    T = torch.as_tensor
    k = replace(ks.kind, fused_gru=True)
    with torch.no_grad():
        out_r, _, runs = ref.run_network(k, params, T(x), T(h0), None if c0 is None else T(c0))
        h_n_r, c_n_r = ref.final_states(runs)
        trace = [[ref.trace_arrays(steps) for steps in layer] for layer in runs]
        for name, a in (("output", out_r), ("h_n", h_n_r), ("c_n", c_n_r)):
            if a is not None:
                err = ref.max_err(got[name], a)
                assert err <= KERAS_TOL["float64"], f"{ks.name}: Keras vs re-implementation {name}: {err:.3g}"
        if ks.gate_activation != "sigmoid":
            H = u
            sig_gates = torch.cat([rec["gates"][:, :, : 2 * H] for recs in trace for rec in recs])
            clipped = float(((sig_gates == 0) | (sig_gates == 1)).double().mean())
            assert clipped > 0.02, f"{ks.name}: only {clipped:.1%} of the hard-sigmoid gates clip"
            plain = ref.run_network(
                replace(k, gate_activation="sigmoid"), params, T(x), T(h0), None if c0 is None else T(c0)
            )
            assert ref.max_err(plain[0], out_r) > 1e-2, f"{ks.name}: hard sigmoid makes no difference"
        if not ks.reset_after:
            after = ref.run_network(replace(k, reset_after=True), params, T(x), T(h0), None)
            assert ref.max_err(after[0], out_r) > 1e-2, f"{ks.name}: reset before == reset after"

    request = {
        "model": ref.model_json(ks, gate_options=True, proj_size=False),
        "weights": weights,
        "inputs": x.tolist(),
        "initial_state": ref.initial_state_json(h0, c0),
        "options": {"dtype": "float64"},
    }
    case = ref.case_json(ks, "keras", "float64", request, {name: ref.tolist(v) for name, v in got.items()})
    if ks.cell == "gru" and not ks.reset_after and not ks.bidirectional and ks.gate_activation == "sigmoid":
        case["tf1_weights"] = {"format": "tf1", "layers": [tf1_gru_cell(layer) for layer in layers]}
    return case


# ---------------------------------------------------------------------------------------------


def book_case() -> dict[str, Any]:
    s = Spec("book_rnn", "rnn", 1, 2, 2, 1, initial_state=False, readout=(1, "identity"))
    s.description = "REFERENCE.md §2: the book's hand-written RNN as nn.RNN(1, 2) + nn.Linear(2, 1)"
    module, readout, x = ref.book_module()
    case = torch_case(s, module, readout, x, None, None, book_weights=BOOK_WEIGHTS)
    e = case["expected"]
    for got, want in (
        (e["trace"][0]["forward"]["pre_activation"]["h"][0], BOOK_TABLE["before_activation"]),
        (e["trace"][0]["forward"]["h"][0], BOOK_TABLE["state"]),
        (e["y"][0], BOOK_TABLE["output"]),
    ):
        assert np.max(np.abs(np.subtract(got, want))) <= 1e-15, (got, want)
    return case


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--no-keras", action="store_true", help="leave out the Keras check and the Keras-only cases"
    )
    ap.add_argument("--out", type=Path, default=OUT)
    args = ap.parse_args()
    keras = None
    if not args.no_keras:
        try:
            import keras  # fixture-time only; see the docstring
        except ImportError:
            raise SystemExit("keras is not installed: `pip install keras`, or pass --no-keras") from None
        from keras.src.backend.common import dtypes as keras_dtypes

        # Keras 3 promotes float64 to float32 inside ops (matmul, add, …) on every backend but
        # tensorflow, "to align with JAX": a float64 layer then computes in float32 (errors ~1e-7).
        # Keep float64 as float64; the layers' own code is unchanged.
        keras_dtypes.BIT64_TO_BIT32_DTYPE["float64"] = "float64"

    cases = []
    for s in SPECS:
        module, readout, x, h0, c0 = build_torch(s)
        cases.append(torch_case(s, module, readout, x, h0, c0))
    cases.append(book_case())
    notes: dict[str, str] = {}
    if keras is not None:
        for case in cases:
            if "keras_weights" in case:
                notes[case["name"]] = f"keras ok ({verify_keras(keras, case):.1e})"
        for ks in KERAS_SPECS:
            cases.append(keras_case(keras, ks))

    keras_version = None if keras is None else f"{keras.__version__} ({keras.backend.backend()} backend)"
    doc = {
        "generated_by": ref.generated_by(__file__, keras=keras_version),
        "tolerances": {"float64": {"rtol": 1e-12, "atol": 1e-14}, "float32": {"rtol": 1e-5, "atol": 1e-5}},
        "cases": cases,
    }
    text = ref.write_fixture(args.out, doc)

    print(f"torch {torch.__version__}; keras {doc['generated_by']['keras']}")
    for c in cases:
        alts = [k.removesuffix("_weights") for k in c if k.endswith("_weights")]
        m = c["request"]["model"]
        shape = np.shape(c["request"]["inputs"])
        size = len(json.dumps(c))
        print(
            f"  {c['name']:<50} {c['source']:<5} {c['dtype']:<7} {m['cell']} L={m['num_layers']} "
            f"D={2 if m['bidirectional'] else 1} x{shape} {size / 1024:6.1f} KB  "
            f"also: {','.join(alts) or '-'}  {notes.get(c['name'], '')}"
        )
    print(f"wrote {args.out}: {len(cases)} cases, {len(text) / 1024:.0f} KB")


if __name__ == "__main__":
    main()
