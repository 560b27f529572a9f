"""TensorFlow 1: ``BasicRNNCell``, ``BasicLSTMCell`` and ``GRUCell`` checkpoints.

Each kernel is applied to ``concat([x, h])``, so its first ``in`` rows are the input part.
BasicRNNCell: kernel (in+u, u), bias (u,);  h = act([x, h] @ K + b).
BasicLSTMCell: kernel (in+u, 4u), bias (4u,), columns i, j, f, o;
    c = c·σ(f + forget_bias) + σ(i)·tanh(j),  h = tanh(c)·σ(o).  ``forget_bias`` (default 1.0)
    is added at run time and is not in the checkpoint: it goes into b_if here.
GRUCell: gates/kernel (in+u, 2u) columns r, u(=z); candidate/kernel (in+u, u) on [x, r⊙h];
    always "reset before".
A bidirectional layer is ``{"forward": {...}, "backward": {...}}``; readout as Keras Dense.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import Architecture, CellParams, Network
from ..errors import InputError, Loc
from .common import Observed, as_array, as_list, expect_shape, get, reject_unknown, resolve
from .keras import directions_of
from .pytorch import read_linear

GRU_KEYS = ("gates/kernel", "gates/bias", "candidate/kernel", "candidate/bias")


def lstm_columns(a: np.ndarray, H: int) -> np.ndarray:
    """(i, j, f, o) -> (i, f, g=j, o) along the last axis; (i, f, g, o) -> (i, g, f, o) is the same swap."""
    return np.concatenate([a[..., :H], a[..., 2 * H : 3 * H], a[..., H : 2 * H], a[..., 3 * H :]], axis=-1)


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    reject_unknown(weights, {"format", "layers", "forget_bias", "readout"}, loc)
    cell = model["cell"]
    forget_bias = weights.get("forget_bias", 1.0)
    if (
        isinstance(forget_bias, bool)
        or not isinstance(forget_bias, (int, float))
        or not np.isfinite(forget_bias)
    ):
        raise InputError(
            (*loc, "forget_bias"), f"expected a finite number, got {forget_bias!r}", "type_error"
        )
    if cell == "gru" and "gru_reset_after" in explicit and model.get("gru_reset_after"):
        raise InputError(
            ("model", "gru_reset_after"),
            "TF1 GRUCell is a reset-before GRU: expected gru_reset_after false (or left out)",
        )
    layers_loc = (*loc, "layers")
    layers = as_list(get(weights, "layers", loc), layers_loc, "layers")
    first = layers[0]
    bidirectional = isinstance(first, Mapping) and ("forward" in first or "backward" in first)
    (w0, w0_loc), *_ = directions_of(first, (*layers_loc, 0), bidirectional)
    key = "candidate/kernel" if cell == "gru" else "kernel"
    k0 = as_array(get(w0, key, w0_loc), (*w0_loc, key), 2)
    u = k0.shape[1] if cell == "gru" else k0.shape[1] // (4 if cell == "lstm" else 1)
    if u == 0 or k0.shape[0] <= u:
        raise InputError((*w0_loc, key), f"expected shape (in + units, ...) with in ≥ 1, got {k0.shape}")
    seen = Observed()
    seen.set("hidden_size", u, (*w0_loc, key))
    seen.set("input_size", k0.shape[0] - u, (*w0_loc, key))
    seen.set("num_layers", len(layers), layers_loc)
    seen.set("bidirectional", bidirectional, (*layers_loc, 0))
    if cell == "gru":
        seen.set("gru_reset_after", False, loc)
    readout_w = weights.get("readout")
    if readout_w is not None:
        rk = as_array(get(readout_w, "kernel", (*loc, "readout")), (*loc, "readout", "kernel"), 2)
        seen.set("readout_size", rk.shape[1], (*loc, "readout", "kernel"))
    arch = resolve(model, explicit, seen)
    if arch.proj_size:
        raise InputError(("model", "proj_size"), "BasicLSTMCell has no projection: expected proj_size 0")
    params = tuple(
        tuple(
            read_cell(arch, k, w, wloc, float(forget_bias))
            for w, wloc in directions_of(layer, (*layers_loc, k), arch.bidirectional)
        )
        for k, layer in enumerate(layers)
    )
    readout = (
        read_linear(arch, readout_w, (*loc, "readout"), "kernel", "bias", transpose=True)
        if arch.readout_size
        else None
    )
    return Network(arch, params, readout)


def _kernel_bias(w: Mapping[str, Any], kname: str, bname: str, rows: int, cols: int, loc: Loc, why: str):
    K = expect_shape(as_array(get(w, kname, loc), (*loc, kname), 2), (rows, cols), (*loc, kname), why)
    b = expect_shape(as_array(get(w, bname, loc), (*loc, bname), 1), (cols,), (*loc, bname), why)
    return K, b


def read_cell(arch: Architecture, k: int, w: Mapping[str, Any], loc: Loc, forget_bias: float) -> CellParams:
    H, n = arch.hidden_size, arch.layer_input_size(k)
    why = f"for {arch.cell} units {H} and input size {n} of layer {k} (rows: input, then state)"
    if arch.cell == "gru":
        reject_unknown(w, set(GRU_KEYS), loc)
        Kg, bg = _kernel_bias(w, "gates/kernel", "gates/bias", n + H, 2 * H, loc, why)
        Kc, bc = _kernel_bias(w, "candidate/kernel", "candidate/bias", n + H, H, loc, why)
        K, b = np.concatenate([Kg, Kc], axis=1), np.concatenate([bg, bc])  # r, z, n
    else:
        reject_unknown(w, {"kernel", "bias"}, loc)
        K, b = _kernel_bias(w, "kernel", "bias", n + H, len(arch.gates) * H, loc, why)
        if arch.cell == "lstm":
            K, b = lstm_columns(K, H), lstm_columns(b, H).copy()
            b[H : 2 * H] += forget_bias
    return CellParams(np.ascontiguousarray(K[:n].T), np.ascontiguousarray(K[n:].T), b, np.zeros_like(b))


def write(net: Network) -> dict[str, Any]:
    arch = net.arch
    H = arch.hidden_size
    if arch.proj_size:
        raise InputError(
            ("model", "proj_size"), "BasicLSTMCell has no projection: expected proj_size 0 to convert to tf1"
        )
    if arch.cell == "gru" and arch.gru_reset_after:
        raise InputError(("model", "gru_reset_after"),
                         "TF1 GRUCell is a reset-before GRU; a reset-after GRU has no TF1 equivalent")  # fmt: skip
    forget_bias = 1.0
    layers: list[Any] = []
    for layer in net.layers:
        cells = []
        for p in layer:
            K = np.concatenate([p.W_ih.T, p.W_hh.T], axis=0)
            b = p.b_ih + p.b_hh  # exact for rnn/lstm; reset-before gru: b_hn is outside the product
            if arch.cell == "gru":
                cells.append({"gates/kernel": K[:, : 2 * H].tolist(), "gates/bias": b[: 2 * H].tolist(),
                              "candidate/kernel": K[:, 2 * H :].tolist(), "candidate/bias": b[2 * H :].tolist()})  # fmt: skip
                continue
            if arch.cell == "lstm":
                b = b.copy()
                b[H : 2 * H] -= forget_bias
                K, b = lstm_columns(K, H), lstm_columns(b, H)
            cells.append({"kernel": K.tolist(), "bias": b.tolist()})
        layers.append(
            dict(zip(("forward", "backward"), cells, strict=True)) if arch.bidirectional else cells[0]
        )
    out: dict[str, Any] = {"format": "tf1", "layers": layers}
    if arch.cell == "lstm":
        out["forget_bias"] = forget_bias
    if net.readout is not None:
        out["readout"] = {"kernel": net.readout.W.T.tolist(), "bias": net.readout.b.tolist()}
    return out
