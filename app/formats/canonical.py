"""A readable, gate-keyed form: every matrix named by its gate, PyTorch orientation (out, in).

{"layers": [{"forward": {"W_x": {gate: (H, in)}, "W_h": {gate: (H, P)}, "b_x": {gate: (H,)},
"b_h": {gate: (H,)}, "W_proj": (P, H)}, "backward": {...}}], "readout": {"W": (O, D·P), "b": (O,)}}
Gates: rnn h; lstm i, f, g, o; gru r, z, n. Biases may be left out (zeros).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import Architecture, CellParams, Network
from ..errors import InputError, Loc
from .common import Observed, as_array, as_list, expect_shape, get, reject_unknown, resolve
from .pytorch import read_linear

PARTS = {"W_x": "W_ih", "W_h": "W_hh", "b_x": "b_ih", "b_h": "b_hh"}


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    reject_unknown(weights, {"format", "layers", "readout"}, loc)
    layers_loc = (*loc, "layers")
    layers = as_list(get(weights, "layers", loc), layers_loc, "layers")
    cell = model["cell"]
    gates = Architecture(cell, 1, 1).gates
    fwd_loc = (*layers_loc, 0, "forward")
    if not isinstance(layers[0], Mapping):
        raise InputError((*layers_loc, 0), "expected an object with 'forward' (and 'backward')", "type_error")
    fwd = get(layers[0], "forward", (*layers_loc, 0))
    g0 = gates[0]
    W_x = as_array(get(get(fwd, "W_x", fwd_loc), g0, (*fwd_loc, "W_x")), (*fwd_loc, "W_x", g0), 2)
    W_h = as_array(get(get(fwd, "W_h", fwd_loc), g0, (*fwd_loc, "W_h")), (*fwd_loc, "W_h", g0), 2)
    seen = Observed()
    seen.set("hidden_size", W_x.shape[0], (*fwd_loc, "W_x", g0))
    seen.set("input_size", W_x.shape[1], (*fwd_loc, "W_x", g0))
    seen.set("num_layers", len(layers), layers_loc)
    seen.set("bidirectional", "backward" in layers[0], (*layers_loc, 0))
    if "W_proj" in fwd:
        seen.set("proj_size", W_h.shape[1], (*fwd_loc, "W_h", g0))
    readout_w = weights.get("readout")
    if readout_w is not None:
        W = as_array(get(readout_w, "W", (*loc, "readout")), (*loc, "readout", "W"), 2)
        seen.set("readout_size", W.shape[0], (*loc, "readout", "W"))
    arch = resolve(model, explicit, seen)
    params = []
    for k, layer in enumerate(layers):
        if not isinstance(layer, Mapping):
            raise InputError(
                (*layers_loc, k), "expected an object with 'forward' (and 'backward')", "type_error"
            )
        names = arch.direction_names()
        reject_unknown(layer, set(names), (*layers_loc, k))
        params.append(
            tuple(read_cell(arch, k, get(layer, d, (*layers_loc, k)), (*layers_loc, k, d)) for d in names)
        )
    readout = (
        read_linear(arch, readout_w, (*loc, "readout"), "W", "b", transpose=False)
        if arch.readout_size
        else None
    )
    return Network(arch, tuple(params), readout)


def read_cell(arch: Architecture, k: int, w: Any, loc: Loc) -> CellParams:
    H, P, n = arch.hidden_size, arch.output_size, arch.layer_input_size(k)
    reject_unknown(w, {*PARTS, "W_proj"} if arch.proj_size else set(PARTS), loc)
    shapes = {"W_x": (H, n), "W_h": (H, P), "b_x": (H,), "b_h": (H,)}
    fields: dict[str, Any] = {}
    for part, shape in shapes.items():
        if part.startswith("b_") and part not in w:
            fields[PARTS[part]] = np.zeros(len(arch.gates) * H)
            continue
        by_gate = get(w, part, loc)
        reject_unknown(by_gate, set(arch.gates), (*loc, part))
        blocks = []
        for g in arch.gates:
            gl = (*loc, part, g)
            blocks.append(expect_shape(as_array(get(by_gate, g, (*loc, part)), gl, len(shape)), shape, gl,
                                       f"for {arch.cell} hidden_size {H}, layer {k} input {n}"))  # fmt: skip
        fields[PARTS[part]] = np.concatenate(blocks, axis=0)
    if arch.proj_size:
        wp = as_array(get(w, "W_proj", loc), (*loc, "W_proj"), 2)
        fields["W_hr"] = expect_shape(wp, (P, H), (*loc, "W_proj"), f"for proj_size {P}, hidden_size {H}")
    return CellParams(**fields)


def write(net: Network) -> dict[str, Any]:
    arch = net.arch
    H = arch.hidden_size
    layers = []
    for layer in net.layers:
        out = {}
        for name, p in zip(arch.direction_names(), layer, strict=True):
            d: dict[str, Any] = {}
            for part, field in PARTS.items():
                a = getattr(p, field)
                d[part] = {g: a[i * H : (i + 1) * H].tolist() for i, g in enumerate(arch.gates)}
            if p.W_hr is not None:
                d["W_proj"] = p.W_hr.tolist()
            out[name] = d
        layers.append(out)
    result: dict[str, Any] = {"format": "canonical", "layers": layers}
    if net.readout is not None:
        result["readout"] = {"W": net.readout.W.tolist(), "b": net.readout.b.tolist()}
    return result
