"""The seed text's row-vector names for its hand-computed RNN (rnn only, one layer):

    before_activation = state @ w_cell_state + x * w_cell_input + b_cell
    state = tanh(before_activation);   output = state @ w_output + b_output

w_cell_state: (H, H)   w_cell_input: (I, H), or (H,) when I = 1   b_cell: (H,)
w_output: (H, O)   b_output: (O,) or a number. As PyTorch: W_ih = w_cell_input.T,
W_hh = w_cell_state.T, b_ih = b_cell, b_hh = 0 (REFERENCE.md §2).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import CellParams, Network, Readout
from ..errors import InputError, Loc
from .common import Observed, as_array, expect_shape, get, reject_unknown, resolve

KEYS = {"format", "w_cell_state", "w_cell_input", "b_cell", "w_output", "b_output"}


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    if model["cell"] != "rnn":
        raise InputError(("model", "cell"), f"the book format is for the rnn cell, got {model['cell']!r}")
    reject_unknown(weights, KEYS, loc)
    ws = as_array(get(weights, "w_cell_state", loc), (*loc, "w_cell_state"), 2)
    H = ws.shape[0]
    expect_shape(ws, (H, H), (*loc, "w_cell_state"), "(a square matrix, hidden × hidden)")
    wi = as_array(get(weights, "w_cell_input", loc), (*loc, "w_cell_input"), (1, 2))
    wi = wi[None, :] if wi.ndim == 1 else wi
    seen = Observed()
    seen.set("hidden_size", H, (*loc, "w_cell_state"))
    seen.set("input_size", wi.shape[0], (*loc, "w_cell_input"))
    seen.set("num_layers", 1, loc)
    seen.set("bidirectional", False, loc)
    if "w_output" in weights:
        wo = as_array(weights["w_output"], (*loc, "w_output"), (1, 2))
        wo = wo[:, None] if wo.ndim == 1 else wo
        seen.set("readout_size", wo.shape[1], (*loc, "w_output"))
    arch = resolve(model, explicit, seen)
    expect_shape(wi, (arch.input_size, H), (*loc, "w_cell_input"), f"(input size × hidden {H})")
    b = expect_shape(
        as_array(get(weights, "b_cell", loc), (*loc, "b_cell"), 1), (H,), (*loc, "b_cell"), f"for hidden {H}"
    )
    cell = CellParams(np.ascontiguousarray(wi.T), np.ascontiguousarray(ws.T), b, np.zeros(H))
    readout = None
    if arch.readout_size:
        if "w_output" not in weights:
            raise InputError(
                (*loc, "w_output"), f"missing: model.readout asks for {arch.readout_size} outputs"
            )
        expect_shape(wo, (H, arch.readout_size), (*loc, "w_output"), f"(hidden {H} × outputs)")
        bo = as_array(weights.get("b_output", 0.0), (*loc, "b_output"), (0, 1))
        bo = np.full(arch.readout_size, float(bo)) if bo.ndim == 0 else bo
        expect_shape(bo, (arch.readout_size,), (*loc, "b_output"), "(one per output, or a number)")
        readout = Readout(np.ascontiguousarray(wo.T), bo)
    return Network(arch, ((cell,),), readout)
