"""A readable, gate-keyed form: every matrix named by its gate, PyTorch orientation (out, in).

{"layers": [{"forward": {"W_x": {gate: (H, in)}, "W_h": {gate: (H, P)}, "b_x": {gate: (H,)},
"b_h": {gate: (H,)}, "W_proj": (P, H)}, "backward": {...}}], "readout": {"W": (O, D·P), "b": (O,)}}
Gates: rnn h; lstm i, f, g, o; gru r, z, n. Biases may be left out (zeros).

Model v2 adds: a direction may instead hold the stacked PyTorch matrices ``W_ih`` (G·H, in),
``W_hh`` (G·H, P), ``b_ih``, ``b_hh`` (G·H,), ``W_hr`` (P, H); ``P`` (3, H) or (3H,): LSTM peepholes
in ONNX's order i, o, f; a reverse-only layer's direction is ``reverse``; and the weights hold
``embedding`` (V, E) and ``head`` [{"W": (O_k, in_k), "b": (O_k,)}, …].
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import GATES, Architecture, CellParams, Network, Readout, expected_shapes
from ..engine.activations import Act
from ..errors import InputError, Loc
from .common import Observed, as_array, as_list, expect_shape, get, reject_unknown, resolve
from .pytorch import read_linear
from .v2 import is_v2, resolve_layers

PARTS = {"W_x": "W_ih", "W_h": "W_hh", "b_x": "b_ih", "b_h": "b_hh"}


STACKED = {"W_ih", "W_hh", "b_ih", "b_hh", "W_hr", "P"}
DIRECTION_KEYS = {frozenset({"forward"}): "forward", frozenset({"reverse"}): "reverse",
                  frozenset({"forward", "backward"}): "bidirectional"}  # fmt: skip


def uses_v2(model: Mapping[str, Any], weights: Mapping[str, Any]) -> bool:
    if is_v2(model) or weights.get("embedding") is not None or weights.get("head") is not None:
        return True
    for layer in weights.get("layers") or []:
        if isinstance(layer, Mapping):
            if "reverse" in layer:
                return True
            for d in layer.values():
                if isinstance(d, Mapping) and STACKED & set(d):  # stacked matrices or peepholes
                    return True
    return False


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    if uses_v2(model, weights):
        return read_v2(model, explicit, weights, loc)
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
    layers = []
    for spec, layer in zip(arch.layers, net.layers, strict=True):
        H = spec.hidden_size
        out = {}
        for name, p in zip(spec.direction_names(), layer, strict=True):
            d: dict[str, Any] = {}
            for part, field in PARTS.items():
                a = getattr(p, field)
                d[part] = {g: a[i * H : (i + 1) * H].tolist() for i, g in enumerate(spec.gates)}
            if p.W_hr is not None:
                d["W_proj"] = p.W_hr.tolist()
            if p.P is not None:
                d["P"] = p.P.tolist()
            out[name] = d
        layers.append(out)
    result: dict[str, Any] = {"format": "canonical", "layers": layers}
    if net.embedding is not None:
        result["embedding"] = net.embedding.tolist()
    if len(net.head) == 1 and not is_v2_arch(arch):
        result["readout"] = {"W": net.head[0].W.tolist(), "b": net.head[0].b.tolist()}
    elif net.head:
        result["head"] = [{"W": d.W.tolist(), "b": d.b.tolist()} for d in net.head]
    return result


def is_v2_arch(arch: Architecture) -> bool:
    """Needs model v2's fields to be described (see service.resolved_model)."""
    head = arch.head
    readout_like = len(head) == 1 and head[0].act_name in READOUT_NAMES and head[0].activation in READOUT_ACTS
    return (not arch.is_uniform or arch.embedding is not None or arch.head_on != "every_step"
            or (bool(head) and not readout_like))  # fmt: skip


READOUT_NAMES = ("identity", "softmax", "sigmoid", "tanh")
READOUT_ACTS = ("softmax", Act("identity"), Act("sigmoid"), Act("tanh"))


def _direction_dicts(layer: Any, loc: Loc) -> tuple[str, list[tuple[str, Mapping[str, Any], Loc]]]:
    if not isinstance(layer, Mapping) or frozenset(layer) not in DIRECTION_KEYS:
        got = sorted(layer) if isinstance(layer, Mapping) else type(layer).__name__
        raise InputError(loc, "expected an object with the keys forward, reverse, or forward and backward, "
                         f"got {got}", "type_error")  # fmt: skip
    direction = DIRECTION_KEYS[frozenset(layer)]
    names = {"forward": ("forward",), "reverse": ("reverse",), "bidirectional": ("forward", "backward")}[
        direction
    ]
    out = []
    for d in names:
        if not isinstance(layer[d], Mapping):
            raise InputError((*loc, d), "expected an object of weights", "type_error")
        out.append((d, layer[d], (*loc, d)))
    return direction, out


def _matrices(w: Mapping[str, Any], cell: str, loc: Loc) -> dict[str, np.ndarray]:
    """The stacked matrices of one direction, from either form (shapes checked later)."""
    gates = GATES[cell]
    out: dict[str, np.ndarray] = {}
    if (STACKED - {"P"}) & set(w):
        reject_unknown(w, STACKED, loc)
        for name, ndim in (("W_ih", 2), ("W_hh", 2), ("b_ih", 1), ("b_hh", 1), ("W_hr", 2), ("P", (1, 2))):
            if name in w:
                out[name] = as_array(w[name], (*loc, name), ndim)
        for name in ("W_ih", "W_hh"):
            if name not in out:
                raise InputError((*loc, name), f"missing: expected {name} here", "missing")
        return out
    reject_unknown(w, {*PARTS, "W_proj", "P"}, loc)
    for part, field in PARTS.items():
        if part not in w:
            if part.startswith("b_"):
                continue
            raise InputError((*loc, part), f"missing: expected {part!r} here", "missing")
        by_gate = w[part]
        reject_unknown(by_gate, set(gates), (*loc, part))
        blocks = [as_array(get(by_gate, g, (*loc, part)), (*loc, part, g), 1 if part.startswith("b_") else 2)
                  for g in gates]  # fmt: skip
        shapes = {b.shape for b in blocks}
        if len(shapes) > 1:
            raise InputError((*loc, part), f"expected every gate's block to have one shape, got {sorted(shapes)}",
                             "shape_error")  # fmt: skip
        out[field] = np.concatenate(blocks, axis=0)
    if "W_proj" in w:
        out["W_hr"] = as_array(w["W_proj"], (*loc, "W_proj"), 2)
    if "P" in w:
        out["P"] = as_array(w["P"], (*loc, "P"), (1, 2))
    return out


def read_v2(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    reject_unknown(weights, {"format", "layers", "readout", "embedding", "head"}, loc)
    layers_loc = (*loc, "layers")
    layers = as_list(get(weights, "layers", loc), layers_loc, "layers")
    m_layers = model.get("layers") or []
    found, seen_layers = [], []
    for k, layer in enumerate(layers):
        cell = (m_layers[k].get("cell") if k < len(m_layers) else None) or model["cell"]
        direction, dirs = _direction_dicts(layer, (*layers_loc, k))
        mats = [(_matrices(w, cell, dloc), dloc) for _, w, dloc in dirs]
        (m0, loc0) = mats[0]
        seen = Observed()
        G = len(GATES[cell])
        rows = m0["W_hh"].shape[0]
        seen.set("gate_rows", rows, (*loc0, "W_hh"))
        if rows % G == 0 and rows:
            seen.set("hidden_size", rows // G, (*loc0, "W_hh"))
        seen.set("input_size", m0["W_ih"].shape[1], (*loc0, "W_ih"))
        seen.set("direction", direction, (*layers_loc, k))
        seen.set("peepholes", "P" in m0, (*loc0, "P"))
        if "W_hr" in m0:
            seen.set("proj_size", m0["W_hr"].shape[0], (*loc0, "W_hr"))
        seen_layers.append(seen)
        found.append(mats)
    emb_seen = None
    E = weights.get("embedding")
    if E is not None:
        E = as_array(E, (*loc, "embedding"), 2)
        emb_seen = Observed()
        emb_seen.set("num_embeddings", E.shape[0], (*loc, "embedding"))
        emb_seen.set("embedding_dim", E.shape[1], (*loc, "embedding"))
    head_w, head_loc = weights.get("head"), (*loc, "head")
    if weights.get("readout") is not None:
        if head_w is not None:
            raise InputError(head_loc, "expected readout or head, got both (a readout is a one-layer head)")
        head_w, head_loc = [weights["readout"]], (*loc, "readout")
    head_seen, head_arrays = [], []
    for j, d in enumerate(as_list(head_w, head_loc, "dense layers") if head_w is not None else []):
        dloc = head_loc if head_loc[-1] == "readout" else (*head_loc, j)
        reject_unknown(d, {"W", "b"}, dloc)
        W = as_array(get(d, "W", dloc), (*dloc, "W"), 2)
        b = as_array(d["b"], (*dloc, "b"), 1) if "b" in d else np.zeros(W.shape[0])
        expect_shape(b, (W.shape[0],), (*dloc, "b"), f"for a dense layer of {W.shape[0]} outputs")
        s = Observed()
        s.set("size", W.shape[0], (*dloc, "W"))
        s.set("input", W.shape[1], (*dloc, "W"))
        head_seen.append(s)
        head_arrays.append(Readout(W, b))
    arch = resolve_layers(model, explicit, seen_layers, emb_seen, head_seen)
    if arch.head and not head_arrays:
        raise InputError(head_loc, f"missing: the model has a head of {len(arch.head)} layers, the weights none",
                         "missing")  # fmt: skip
    if arch.embedding is not None and E is None:
        raise InputError(
            (*loc, "embedding"), "missing: the model has an embedding, the weights none", "missing"
        )
    params = []
    for k, mats in enumerate(found):
        shapes = expected_shapes(arch, k)
        spec = arch.layers[k]
        directions = []
        for m, dloc in mats:
            fields: dict[str, np.ndarray] = {}
            for name, shape in shapes.items():
                if name not in m:
                    if name.startswith("b_"):
                        fields[name] = np.zeros(shape)
                        continue
                    raise InputError((*dloc, name), f"missing: layer {k} ({spec.cell}"
                                     f"{', peepholes' if name == 'P' else ''}) needs {name}", "missing")  # fmt: skip
                a = m[name]
                if name == "P" and a.ndim == 1 and a.shape == (3 * spec.hidden_size,):
                    a = a.reshape(3, spec.hidden_size)
                fields[name] = expect_shape(a, shape, (*dloc, name), f"for layer {k}: {spec.cell} hidden_size "
                                            f"{spec.hidden_size}, input {spec.input_size}")  # fmt: skip
            extra = sorted(set(m) - set(shapes))
            if extra:
                raise InputError((*dloc, extra[0]), f"unexpected {extra[0]} for layer {k} "
                                 f"(a {spec.cell}{' with proj_size' if spec.proj_size else ''})")  # fmt: skip
            directions.append(CellParams(**fields))
        params.append(tuple(directions))
    return Network(arch, tuple(params), head=tuple(head_arrays), embedding=E)
