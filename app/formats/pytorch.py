"""PyTorch: the ``state_dict()`` of ``nn.RNN`` / ``nn.LSTM`` / ``nn.GRU`` and of ``nn.Linear``.

weight_ih_l{k}[_reverse]: (G·H, in)   weight_hh_l{k}: (G·H, P)   bias_ih/bias_hh_l{k}: (G·H,)
weight_hr_l{k}: (P, H) with proj_size. This is the engine's own layout: no conversion.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from typing import Any

import numpy as np

from ..engine import GATES, Architecture, CellParams, Network, Readout, expected_shapes
from ..errors import InputError, Loc
from .common import Observed, as_array, expect_shape, gate_count, get, reject_unknown, resolve, split_rows
from .v2 import is_v2, resolve_layers

SUFFIXES = ("", "_reverse")
NAMES = {"W_ih": "weight_ih_l{k}{s}", "W_hh": "weight_hh_l{k}{s}", "b_ih": "bias_ih_l{k}{s}",
         "b_hh": "bias_hh_l{k}{s}", "W_hr": "weight_hr_l{k}{s}"}  # fmt: skip


RECURRENT = re.compile(
    r"^(?P<prefix>.*?)(?P<name>weight_ih|weight_hh|bias_ih|bias_hh|weight_hr)_l(?P<k>\d+)(?P<rev>_reverse)?$"
)
FIELD_OF = {
    "weight_ih": "W_ih",
    "weight_hh": "W_hh",
    "bias_ih": "b_ih",
    "bias_hh": "b_hh",
    "weight_hr": "W_hr",
}


def needs_v2(model: Mapping[str, Any], sd: Any) -> bool:
    """Module prefixes (``lstm.weight_ih_l0``, ``embedding.weight``, ``fc.weight``) or a model v2 model."""
    if is_v2(model):
        return True
    if not isinstance(sd, Mapping):
        return False
    return any("." in str(key) for key in sd)  # module prefixes: lstm.weight_ih_l0, fc.weight


def read(model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc) -> Network:
    sd_loc = (*loc, "state_dict")
    sd = get(weights, "state_dict", loc)
    reject_unknown(weights, {"format", "state_dict", "readout"}, loc)
    if needs_v2(model, sd):
        return read_modules(model, explicit, weights, loc)
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
    from .canonical import is_v2_arch

    if is_v2_arch(arch):
        return write_modules(net)
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


CELL_OF_GATES = {1: "rnn", 4: "lstm", 3: "gru"}


def read_modules(
    model: Mapping[str, Any], explicit: set[str], weights: Mapping[str, Any], loc: Loc
) -> Network:
    """A whole model's ``state_dict()``: an ``nn.Embedding``, one or more ``nn.RNN/LSTM/GRU`` modules
    (their layers stacked in key order) and ``nn.Linear`` layers (the head), found by the key
    suffixes and the shapes, whatever the module names (``embedding.weight``, ``lstm.weight_ih_l0``,
    ``fc.weight``, ``head.0.weight``, ``head.2.weight`` …)."""
    sd_loc = (*loc, "state_dict")
    sd = get(weights, "state_dict", loc)
    if not isinstance(sd, Mapping) or not sd:
        raise InputError(sd_loc, "expected a non-empty object of tensors (a state_dict)", "type_error")
    keys = [str(k) for k in sd]
    arrays: dict[str, np.ndarray] = {}

    def array(key: str) -> np.ndarray:
        if key not in arrays:
            arrays[key] = as_array(sd[key], (*sd_loc, key), (1, 2))
        return arrays[key]

    # 1. recurrent modules: prefix -> layer -> direction -> field -> key
    modules: dict[str, dict[int, dict[bool, dict[str, str]]]] = {}
    for key in keys:
        m = RECURRENT.match(key)
        if m:
            layer = modules.setdefault(m["prefix"], {}).setdefault(int(m["k"]), {})
            layer.setdefault(bool(m["rev"]), {})[FIELD_OF[m["name"]]] = key
    if not modules:
        raise InputError(sd_loc, "expected the tensors of an nn.RNN / nn.LSTM / nn.GRU (keys ending in "
                         f"weight_ih_l0, weight_hh_l0, …), got keys {keys[:6]}", "value_error")  # fmt: skip
    used = set()
    layers_seen: list[Observed] = []
    layer_keys: list[list[dict[str, str]]] = []
    m_layers = model.get("layers") or []
    for prefix, layers in modules.items():
        for k in range(len(layers)):
            if k not in layers or False not in layers[k]:
                raise InputError((*sd_loc, f"{prefix}weight_ih_l{k}"), f"missing: the module {prefix or '(top)'!r} "
                                 f"has layers {sorted(layers)}, expected 0 … {len(layers) - 1}", "missing")  # fmt: skip
            dirs = layers[k]
            fwd = dirs[False]
            for field in ("W_ih", "W_hh"):
                if field not in fwd:
                    name = NAMES[field].format(k=k, s="")
                    raise InputError(
                        (*sd_loc, f"{prefix}{name}"), f"missing: expected {prefix}{name}", "missing"
                    )
            w_ih, w_hh = array(fwd["W_ih"]), array(fwd["W_hh"])
            j = len(layers_seen)
            H = array(fwd["W_hr"]).shape[1] if "W_hr" in fwd else w_hh.shape[1]
            stated_cell = (m_layers[j].get("cell") if j < len(m_layers) else None) or (
                model["cell"] if j == 0 else None
            )
            G = len(GATES[stated_cell]) if stated_cell else w_ih.shape[0] // max(H, 1)
            cell = stated_cell or CELL_OF_GATES.get(G)
            if cell is None or w_ih.shape[0] != G * H:
                what = (
                    f"{G}·{H} rows for a {cell} of hidden_size {H}" if cell else f"1, 3 or 4 times {H} rows"
                )
                raise InputError((*sd_loc, fwd["W_ih"]), f"expected {what} (rnn, gru or lstm gate blocks), got "
                                 f"{w_ih.shape[0]}", "shape_error")  # fmt: skip
            seen = Observed()
            seen.set("cell", cell, (*sd_loc, fwd["W_ih"]))
            seen.set("gate_rows", w_ih.shape[0], (*sd_loc, fwd["W_ih"]))
            seen.set("hidden_size", H, (*sd_loc, fwd["W_hh"]))
            seen.set("input_size", w_ih.shape[1], (*sd_loc, fwd["W_ih"]))
            seen.set("direction", "bidirectional" if True in dirs else "forward", (*sd_loc, fwd["W_ih"]))
            seen.set("bias", "b_ih" in fwd or "b_hh" in fwd, (*sd_loc, fwd["W_ih"]))
            if "W_hr" in fwd:
                seen.set("proj_size", array(fwd["W_hr"]).shape[0], (*sd_loc, fwd["W_hr"]))
            layers_seen.append(seen)
            layer_keys.append([dirs[False]] + ([dirs[True]] if True in dirs else []))
            used |= {key for d in dirs.values() for key in d.values()}
    # 2. the other tensors: {prefix}weight / {prefix}bias
    others: dict[str, dict[str, str]] = {}
    for key in keys:
        if key in used:
            continue
        prefix, _, leaf = key.rpartition(".")
        if leaf not in ("weight", "bias"):
            raise InputError((*sd_loc, key), "unexpected tensor: expected only an nn.Embedding, the recurrent "
                             "modules and nn.Linear layers (weight, bias)", "extra_forbidden")  # fmt: skip
        others.setdefault(prefix, {})[leaf] = key
    first_in = layers_seen[0].values["input_size"]
    rnn_start = min(keys.index(k) for k in used)
    emb_seen, E = None, None
    head_seen: list[Observed] = []
    head: list[Readout] = []
    for prefix, parts in others.items():
        W = array(parts["weight"]) if "weight" in parts else None
        if W is None or W.ndim != 2:
            raise InputError((*sd_loc, parts.get("weight", parts.get("bias", prefix))),
                             "expected a 2-D weight for an nn.Embedding or nn.Linear", "shape_error")  # fmt: skip
        before = keys.index(parts["weight"]) < rnn_start
        if "bias" not in parts and before and E is None and W.shape[1] == first_in:
            E = W
            emb_seen = Observed()
            emb_seen.set("num_embeddings", W.shape[0], (*sd_loc, parts["weight"]))
            emb_seen.set("embedding_dim", W.shape[1], (*sd_loc, parts["weight"]))
            continue
        b = array(parts["bias"]) if "bias" in parts else np.zeros(W.shape[0])
        expect_shape(
            b, (W.shape[0],), (*sd_loc, parts.get("bias", parts["weight"])), f"for {W.shape[0]} outputs"
        )
        s = Observed()
        s.set("size", W.shape[0], (*sd_loc, parts["weight"]))
        s.set("input", W.shape[1], (*sd_loc, parts["weight"]))
        head_seen.append(s)
        head.append(Readout(W, b))
    readout_w = weights.get("readout")
    if readout_w is not None:
        W = as_array(get(readout_w, "weight", (*loc, "readout")), (*loc, "readout", "weight"), 2)
        b = (
            as_array(readout_w["bias"], (*loc, "readout", "bias"), 1)
            if "bias" in readout_w
            else np.zeros(W.shape[0])
        )
        s = Observed()
        s.set("size", W.shape[0], (*loc, "readout", "weight"))
        s.set("input", W.shape[1], (*loc, "readout", "weight"))
        head_seen.append(s)
        head.append(Readout(W, b))
    model = dict(model)
    if (not m_layers and len(layers_seen) > 1) or any(s.values["cell"] != model["cell"] for s in layers_seen):
        model["layers"] = [dict(m_layers[j]) if j < len(m_layers) else {} for j in range(len(layers_seen))]
        for j, s in enumerate(layers_seen):
            model["layers"][j].setdefault("cell", s.values["cell"])
            if model["layers"][j]["cell"] is None:
                model["layers"][j]["cell"] = s.values["cell"]
    arch = resolve_layers(model, explicit, layers_seen, emb_seen, head_seen)
    notes = []
    if len(head) > 1 and not model.get("head"):
        notes.append(f"the state_dict holds {len(head)} Linear layers and no activations (a state_dict has none): "
                     "they run with none between them; say model.head[k].activation if the model has some")  # fmt: skip
    params = []
    for j, dirs in enumerate(layer_keys):
        spec = arch.layers[j]
        directions = []
        for fields in dirs:
            out: dict[str, np.ndarray] = {}
            for field, shape in expected_shapes(arch, j).items():
                if field not in fields:
                    if field.startswith("b_"):
                        out[field] = np.zeros(shape)
                        continue
                    raise InputError(sd_loc, f"missing: layer {j} needs {field} ({NAMES[field]})", "missing")
                key = fields[field]
                out[field] = expect_shape(array(key), shape, (*sd_loc, key), f"for layer {j}: {spec.cell} "
                                          f"hidden_size {spec.hidden_size}, input {spec.input_size}")  # fmt: skip
            directions.append(CellParams(**out))
        params.append(tuple(directions))
    return Network(arch, tuple(params), head=tuple(head), embedding=E, notes=tuple(notes))


def write_modules(net: Network) -> dict[str, Any]:
    """A model v2 network as one module's state_dict: ``embedding.weight``, ``rnn.weight_ih_l{k}…``
    (every layer one nn module's layer), ``head.{j}.weight`` / ``.bias``."""
    arch = net.arch
    for k, spec in enumerate(arch.layers):
        problem = None
        if spec.direction == "reverse":
            problem = "a reverse-only layer"
        elif spec.merge_mode != "concat" and spec.direction == "bidirectional":
            problem = f"merge_mode {spec.merge_mode}"
        elif spec.peepholes or spec.clip is not None:
            problem = "peepholes or clip"
        elif spec.cell == "gru" and not spec.gru_reset_after:
            problem = "a reset-before GRU"
        elif (spec.gate.name, spec.output.name) != ("sigmoid", "tanh") and spec.cell != "rnn":
            problem = f"{spec.gate.name} gates / {spec.output.name} output"
        elif spec.cell_act.name not in ("tanh", "relu") or (
            spec.cell != "rnn" and spec.cell_act.name != "tanh"
        ):
            problem = f"a {spec.cell_act.name} cell activation"
        if problem:
            raise InputError(("to",), f"PyTorch's nn.RNN/LSTM/GRU cannot express layer {k}: {problem}; convert to "
                             "canonical")  # fmt: skip
    sd: dict[str, Any] = {}
    if net.embedding is not None:
        sd["embedding.weight"] = net.embedding.tolist()
    for k, (spec, layer) in enumerate(zip(arch.layers, net.layers, strict=True)):
        for s, p in zip(SUFFIXES, layer, strict=False):
            for field in expected_shapes(arch, k):
                if spec.bias or not field.startswith("b_"):
                    sd["rnn." + NAMES[field].format(k=k, s=s)] = getattr(p, field).tolist()
    for j, d in enumerate(net.head):
        sd[f"head.{j}.weight"] = d.W.tolist()
        sd[f"head.{j}.bias"] = d.b.tolist()
    return {"format": "pytorch", "state_dict": sd}
