"""PyTorch: the ``state_dict()`` of ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` and of ``nn.Linear``.

weight_ih_l{k}[_reverse]: (G·H, in)   weight_hh_l{k}: (G·H, P)   bias_ih/bias_hh_l{k}: (G·H,)
weight_hr_l{k}: (P, H) with proj_size. This is the engine's own layout: no conversion.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import Architecture, CellParams, Network, Readout, expected_shapes
from ..errors import InputError, Loc
from .common import Observed, as_array, expect_shape, gate_count, get, reject_unknown, resolve, split_rows

SUFFIXES = ("", "_reverse")
NAMES = {"W_ih": "weight_ih_l{k}{s}", "W_hh": "weight_hh_l{k}{s}", "b_ih": "bias_ih_l{k}{s}",
         "b_hh": "bias_hh_l{k}{s}", "W_hr": "weight_hr_l{k}{s}"}  # fmt: skip


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    sd_loc = (*loc, "state_dict")
    sd = get(weights, "state_dict", loc)
    reject_unknown(weights, {"format", "state_dict", "readout"}, loc)
    cell = model["cell"]
    G = gate_count(cell)
    cache: dict[str, np.ndarray] = {}

    def array(name: str, ndim: int) -> np.ndarray:
        if name not in cache:
            cache[name] = as_array(get(sd, name, sd_loc), (*sd_loc, name), ndim)
        return cache[name]

    seen = Observed()
    w_ih, w_hh = array("weight_ih_l0", 2), array("weight_hh_l0", 2)
    # H by majority over the layer-0 tensors, so that the one wrong tensor is the one blamed
    votes = [(split_rows(w_hh.shape[0], cell, (*sd_loc, "weight_hh_l0"), "the rows"), "weight_hh_l0")]
    for name in ("weight_ih_l0", "bias_ih_l0", "bias_hh_l0"):
        if name in sd:
            n = len(array(name, 2 if name.startswith("weight") else 1))
            if n % G == 0 and n:
                votes.append((n // G, name))
    counts = Counter(v for v, _ in votes)
    H, source = max(votes, key=lambda v: counts[v[0]])
    seen.set("hidden_size", H, (*sd_loc, source))
    seen.set("input_size", w_ih.shape[1], (*sd_loc, "weight_ih_l0"))
    layers = 0
    while f"weight_ih_l{layers}" in sd:
        layers += 1
    seen.set("num_layers", layers, sd_loc)
    seen.set("bidirectional", "weight_ih_l0_reverse" in sd, (*sd_loc, "weight_ih_l0_reverse"))
    if "weight_hr_l0" in sd:
        seen.set("proj_size", array("weight_hr_l0", 2).shape[0], (*sd_loc, "weight_hr_l0"))
    readout_w = weights.get("readout")
    if readout_w is not None:
        W = as_array(get(readout_w, "weight", (*loc, "readout")), (*loc, "readout", "weight"), 2)
        seen.set("readout_size", W.shape[0], (*loc, "readout", "weight"))
    bias = "bias_ih_l0" in sd or "bias_hh_l0" in sd
    seen.set("bias", bias, (*sd_loc, "bias_ih_l0"))  # nn.RNN(..., bias=False) has none
    arch = resolve(model, explicit, seen)

    known: set[str] = set()
    params = []
    for k in range(arch.num_layers):
        directions = []
        for s in SUFFIXES[: arch.num_directions]:
            fields: dict[str, np.ndarray] = {}
            for field, shape in expected_shapes(arch, k).items():
                name = NAMES[field].format(k=k, s=s)
                known.add(name)
                if field.startswith("b_") and not bias:
                    fields[field] = np.zeros(shape)
                    continue
                a = array(name, len(shape))
                fields[field] = expect_shape(a, shape, (*sd_loc, name), why(arch, k, field))
            directions.append(CellParams(**fields))
        params.append(tuple(directions))
    reject_unknown(sd, known, sd_loc)
    readout = None
    if arch.readout_size:
        readout = read_linear(arch, readout_w, (*loc, "readout"), "weight", "bias", transpose=False)
    return Network(arch, tuple(params), readout)


def why(arch: Architecture, layer: int, field: str) -> str:
    """The words after 'expected shape (..)': what the shape follows from."""
    parts = [f"for {arch.cell} hidden_size {arch.hidden_size}"]
    if field == "W_ih":
        parts.append(f"input size {arch.layer_input_size(layer)} of layer {layer}")
    if arch.proj_size and field in ("W_hh", "W_hr"):
        parts.append(f"proj_size {arch.proj_size}")
    return ", ".join(parts)


def read_linear(
    arch: Architecture, readout: Any, loc: Loc, w_name: str, b_name: str, *, transpose: bool
) -> Readout:
    """A dense readout: PyTorch ``nn.Linear`` (weight (O, D·P)) or, with ``transpose``, Keras
    ``Dense`` (kernel (D·P, O)). A missing readout becomes an error at ``loc``."""
    if readout is None:
        raise InputError(
            loc, f"missing: model.readout asks for {arch.readout_size} outputs, so the weights need a readout"
        )
    reject_unknown(readout, {w_name, b_name}, loc)
    n_in, n_out = arch.num_directions * arch.output_size, arch.readout_size
    shape = (n_in, n_out) if transpose else (n_out, n_in)
    W = expect_shape(as_array(get(readout, w_name, loc), (*loc, w_name), 2), shape, (*loc, w_name),
                     f"for a readout of {n_out} from {n_in} features")  # fmt: skip
    if b_name in readout:
        b = expect_shape(as_array(readout[b_name], (*loc, b_name), 1), (n_out,), (*loc, b_name), "")
    else:
        b = np.zeros(n_out)
    return Readout(W.T if transpose else W, b)


def write(net: Network) -> dict[str, Any]:
    """Weights in this format (arrays as nested lists)."""
    arch = net.arch
    sd: dict[str, Any] = {}
    for k, layer in enumerate(net.layers):
        for s, p in zip(SUFFIXES, layer, strict=False):
            for field in expected_shapes(arch, k):
                if arch.bias or not field.startswith("b_"):
                    sd[NAMES[field].format(k=k, s=s)] = getattr(p, field).tolist()
    out: dict[str, Any] = {"format": "pytorch", "state_dict": sd}
    if net.readout is not None:
        out["readout"] = {"weight": net.readout.W.tolist(), "bias": net.readout.b.tolist()}
    return out
