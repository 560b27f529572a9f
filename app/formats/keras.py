"""Keras: ``layer.get_weights()`` of SimpleRNN / LSTM / GRU, applied as ``x @ kernel``.

kernel: (in, G·u)   recurrent_kernel: (u, G·u)   bias: (G·u,), or (2, 3u) for a GRU with
reset_after=True (row 0 input bias, row 1 recurrent bias). Gate order: LSTM i, f, c, o
(= PyTorch i, f, g, o); GRU z, r, h (PyTorch r, z, n). A bidirectional layer is
``{"forward": {...}, "backward": {...}}``. Readout: Dense ``{"kernel": (D·P, O), "bias": (O,)}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import Architecture, CellParams, Network
from ..errors import InputError, Loc
from .common import Observed, as_array, as_list, expect_shape, get, reject_unknown, resolve, split_rows
from .pytorch import read_linear

KEYS = {"kernel", "recurrent_kernel", "bias"}


def gru_order(a: np.ndarray, H: int) -> np.ndarray:
    """Swap the first two gate blocks along the last axis: (r, z, n) <-> (z, r, h); its own inverse."""
    return np.concatenate([a[..., H : 2 * H], a[..., :H], a[..., 2 * H :]], axis=-1)


def directions_of(layer: Any, loc: Loc, bidirectional: bool) -> list[tuple[Mapping[str, Any], Loc]]:
    if not isinstance(layer, Mapping):
        raise InputError(loc, "expected an object with kernel, recurrent_kernel, bias", "type_error")
    if "forward" in layer or "backward" in layer:
        reject_unknown(layer, {"forward", "backward"}, loc)
        return [(get(layer, d, loc), (*loc, d)) for d in ("forward", "backward")]
    if bidirectional:
        raise InputError(loc, "expected {'forward': {...}, 'backward': {...}} for a bidirectional layer")
    return [(layer, loc)]


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    reject_unknown(weights, {"format", "layers", "readout"}, loc)
    layers_loc = (*loc, "layers")
    layers = as_list(get(weights, "layers", loc), layers_loc, "layers")
    cell = model["cell"]
    first = layers[0]
    bidirectional = isinstance(first, Mapping) and ("forward" in first or "backward" in first)
    (w0, w0_loc), *_ = directions_of(first, (*layers_loc, 0), bidirectional)
    rk = as_array(get(w0, "recurrent_kernel", w0_loc), (*w0_loc, "recurrent_kernel"), 2)
    kernel = as_array(get(w0, "kernel", w0_loc), (*w0_loc, "kernel"), 2)
    seen = Observed()
    seen.set("hidden_size", split_rows(rk.shape[1], cell, (*w0_loc, "recurrent_kernel"), "the columns"),
             (*w0_loc, "recurrent_kernel"))  # fmt: skip
    seen.set("input_size", kernel.shape[0], (*w0_loc, "kernel"))
    seen.set("num_layers", len(layers), layers_loc)
    seen.set("bidirectional", bidirectional, (*layers_loc, 0))
    seen.set("bias", "bias" in w0, (*w0_loc, "bias"))  # use_bias=False has none
    if cell == "gru" and "bias" in w0 and "gru_reset_after" not in explicit:
        bias = as_array(w0["bias"], (*w0_loc, "bias"), (1, 2))  # its shape says which GRU this is
        seen.set("gru_reset_after", bias.ndim == 2, (*w0_loc, "bias"))
    readout_w = weights.get("readout")
    if readout_w is not None:
        k = as_array(get(readout_w, "kernel", (*loc, "readout")), (*loc, "readout", "kernel"), 2)
        seen.set("readout_size", k.shape[1], (*loc, "readout", "kernel"))
    arch = resolve(model, explicit, seen)
    if arch.proj_size:
        raise InputError(("model", "proj_size"), "Keras layers have no projection: expected proj_size 0")
    params = tuple(
        tuple(
            read_cell(arch, k, w, wloc)
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


def read_cell(arch: Architecture, k: int, w: Mapping[str, Any], loc: Loc) -> CellParams:
    reject_unknown(w, KEYS, loc)
    H, n = arch.hidden_size, arch.layer_input_size(k)
    gh = len(arch.gates) * H
    why = f"for {arch.cell} units {H}"
    kernel = expect_shape(as_array(get(w, "kernel", loc), (*loc, "kernel"), 2), (n, gh), (*loc, "kernel"),
                          f"{why}, input size {n} of layer {k}")  # fmt: skip
    rk = expect_shape(as_array(get(w, "recurrent_kernel", loc), (*loc, "recurrent_kernel"), 2), (H, gh),
                      (*loc, "recurrent_kernel"), why)  # fmt: skip
    two_biases = arch.cell == "gru" and arch.gru_reset_after
    if "bias" in w:
        shape = (2, gh) if two_biases else (gh,)
        note = " (reset_after=True: input and recurrent rows)" if two_biases else ""
        bias = expect_shape(
            as_array(w["bias"], (*loc, "bias"), len(shape)), shape, (*loc, "bias"), why + note
        )
    else:
        bias = np.zeros((2, gh) if two_biases else gh)
    b_ih, b_hh = (bias[0], bias[1]) if two_biases else (bias, np.zeros(gh))
    W_ih, W_hh = kernel.T, rk.T
    if arch.cell == "gru":  # z, r, h -> r, z, n (rows of the PyTorch layout)
        W_ih, W_hh = gru_order(kernel, H).T, gru_order(rk, H).T
        b_ih, b_hh = gru_order(b_ih, H), gru_order(b_hh, H)
    return CellParams(np.ascontiguousarray(W_ih), np.ascontiguousarray(W_hh), b_ih, b_hh)


def write(net: Network) -> dict[str, Any]:
    arch = net.arch
    if arch.proj_size:
        raise InputError(
            ("model", "proj_size"), "Keras has no LSTM projection: expected proj_size 0 to convert to keras"
        )
    H = arch.hidden_size
    layers: list[Any] = []
    for layer in net.layers:
        cells = []
        for p in layer:
            kernel, rk = p.W_ih.T, p.W_hh.T
            if arch.cell == "gru":
                kernel, rk = gru_order(kernel, H), gru_order(rk, H)
                b_ih, b_hh = gru_order(p.b_ih, H), gru_order(p.b_hh, H)
                if arch.gru_reset_after:
                    bias = np.stack([b_ih, b_hh])  # never sum GRU biases
                else:  # reset-before: b_hn sits outside the product, so the sum is exact
                    bias = b_ih + b_hh
            else:
                bias = p.b_ih + p.b_hh
            cells.append({"kernel": kernel.tolist(), "recurrent_kernel": rk.tolist(), "bias": bias.tolist()})
        layers.append(
            dict(zip(("forward", "backward"), cells, strict=True)) if arch.bidirectional else cells[0]
        )
    out: dict[str, Any] = {"format": "keras", "layers": layers}
    if net.readout is not None:
        out["readout"] = {"kernel": net.readout.W.T.tolist(), "bias": net.readout.b.tolist()}
    return out
