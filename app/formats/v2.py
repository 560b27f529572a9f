"""Model v2 (docs/API.md "Issue 9"): per-layer recurrent layers, an embedding and a head.

``resolve_layers`` turns the request's ``model`` and the sizes the weights imply (one
``Observed`` per layer, plus the embedding's and the head's shapes) into an Architecture whose
``layers``, ``embedding`` and ``head`` are all resolved. Every reader that can hold these parts
(canonical, pytorch, random) calls it; sizes the model states must agree with the weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..engine import GATES, Architecture, DenseSpec, EmbeddingSpec, LayerSpec
from ..engine.activations import TOP_LEVEL_GATES, Act, make_act
from ..errors import InputError, Loc
from .common import Observed, resolve

V2_MODEL_KEYS = ("embedding", "layers", "head")


def is_v2(model: Mapping[str, Any]) -> bool:
    """The model asks for a part today's uniform model does not have."""
    return any(model.get(k) for k in V2_MODEL_KEYS) or model.get("head_on", "every_step") != "every_step"


def activation(value: Any, loc: Loc) -> Act:
    """A name or {"name", "alpha", "beta"} as an Act with its defaults filled in."""
    try:
        if isinstance(value, str):
            return make_act(value)
        if isinstance(value, Mapping):
            return make_act(value.get("name"), value.get("alpha"), value.get("beta"))
    except ValueError as e:
        raise InputError(loc, f"expected an activation with its parameters: {e}", "value_error") from None
    raise InputError(
        loc, f"expected an activation name or {{name, alpha, beta}}, got {value!r}", "type_error"
    )


def _agree(name: str, stated: Any, seen: Observed, key: str, loc: Loc) -> Any:
    """The observed value of ``key`` (checked against a stated one), else the stated one."""
    if key not in seen.values:
        return stated
    value = seen.values[key]
    if stated is not None and stated != value:
        where = ".".join(str(p) for p in seen.locs[key])
        raise InputError(
            loc, f"{name} is {stated!r} but the weights imply {value!r} (from {where})", "size_mismatch"
        )
    return value


def resolve_layers(
    model: Mapping[str, Any],
    explicit: set[str],
    layers_seen: Sequence[Observed],
    embedding_seen: Observed | None = None,
    head_seen: Sequence[Observed] = (),
) -> Architecture:
    """layers_seen[k]: hidden_size, input_size, proj_size, direction, peepholes, bias, cell_blocks;
    embedding_seen: num_embeddings, embedding_dim; head_seen[k]: size, input."""
    specs_in: list[Mapping[str, Any]] = list(model.get("layers") or [])
    n_layers = len(specs_in) or len(layers_seen) or int(model.get("num_layers") or 1)
    if "num_layers" in explicit and model.get("num_layers") not in (None, n_layers):
        raise InputError(("model", "num_layers"), f"model.num_layers is {model['num_layers']} but there are "
                         f"{n_layers} layers (model.layers or the weights)", "size_mismatch")  # fmt: skip
    if specs_in and layers_seen and len(specs_in) != len(layers_seen):
        raise InputError(("model", "layers"), f"expected {len(layers_seen)} layers (the weights have that many), "
                         f"got {len(specs_in)}", "size_mismatch")  # fmt: skip
    if model.get("readout") and model.get("head"):
        raise InputError(
            ("model", "head"), "expected readout or head, got both (a readout is a one-layer head)"
        )
    emb = _embedding(model.get("embedding"), embedding_seen)
    cell0 = model["cell"]
    top_gate = TOP_LEVEL_GATES[model.get("gate_activation") or "sigmoid"]
    top_nonlin = Act(model.get("nonlinearity") or "tanh")
    layers: list[LayerSpec] = []
    width = emb.embedding_dim if emb else model.get("input_size")
    for k in range(n_layers):
        m = specs_in[k] if specs_in else {}
        seen = layers_seen[k] if k < len(layers_seen) else Observed()
        loc = ("model", "layers", k) if specs_in else ("model",)
        cell = m.get("cell") or cell0
        H = _agree(f"layer {k} hidden_size", m.get("hidden_size") or (None if specs_in else model.get("hidden_size")),
                   seen, "hidden_size", (*loc, "hidden_size"))  # fmt: skip
        if H is None:
            H = model.get("hidden_size")
        if H is None:
            raise InputError((*loc, "hidden_size"), f"missing: layer {k}'s hidden_size (the weights do not give it)",
                             "missing")  # fmt: skip
        stated = width if k or emb else (model.get("input_size") if "input_size" in explicit else None)
        n = _agree(f"layer {k} input size", stated, seen, "input_size",
                   ("model", "input_size") if k == 0 else (*loc,))  # fmt: skip
        n = width if n is None else n
        if m.get("input_size") is not None and n is not None and m["input_size"] != n:
            raise InputError((*loc, "input_size"), f"layer {k} input_size is {m['input_size']} but it reads {n} "
                             "features (the embedding, model.input_size or the layer before)", "size_mismatch")  # fmt: skip
        if n is None:
            raise InputError(("model", "input_size"), "missing: input_size is needed (the weights do not give it)",
                             "missing")  # fmt: skip
        proj = _agree(f"layer {k} proj_size", m.get("proj_size") if specs_in else model.get("proj_size"), seen,
                      "proj_size", (*loc, "proj_size")) or 0  # fmt: skip
        default_dir = "bidirectional" if model.get("bidirectional") else "forward"
        direction = _agree(f"layer {k} direction", m.get("direction"), seen, "direction", (*loc, "direction"))
        direction = direction or default_dir
        acts = m.get("activations") or {}
        aloc = (*loc, "activations")
        gate = activation(acts["gate"], (*aloc, "gate")) if acts.get("gate") else top_gate
        default_cell = top_nonlin if cell == "rnn" else Act("tanh")
        cell_act = activation(acts["cell"], (*aloc, "cell")) if acts.get("cell") else default_cell
        output = activation(acts["output"], (*aloc, "output")) if acts.get("output") else Act("tanh")
        peep = _agree(f"layer {k} peepholes", m.get("peepholes"), seen, "peepholes", (*loc, "peepholes"))
        if cell != "lstm" and (proj or peep):
            what = "proj_size" if proj else "peepholes"
            raise InputError((*loc, what), f"{what} is for lstm only, got it for layer {k}, a {cell}")
        reset_after = m.get("gru_reset_after")
        if reset_after is None:
            reset_after = seen.values.get("gru_reset_after", model.get("gru_reset_after"))
        bias = m.get("bias")
        if bias is None:
            bias = seen.values.get("bias", True)
        spec = LayerSpec(
            cell=cell, input_size=int(n), hidden_size=int(H), proj_size=int(proj), direction=direction,
            merge_mode=m.get("merge_mode") or "concat", gate=gate, cell_act=cell_act, output=output,
            peepholes=bool(peep), clip=m.get("clip"), gru_reset_after=True if reset_after is None else bool(reset_after),
            bias=bool(bias), return_sequences=m.get("return_sequences", True) is not False,
        )  # fmt: skip
        blocks = seen.values.get("gate_rows")
        if blocks is not None and blocks != len(GATES[cell]) * spec.hidden_size:
            where = ".".join(str(p) for p in seen.locs["gate_rows"])
            raise InputError(seen.locs["gate_rows"], f"expected {len(GATES[cell])}·{spec.hidden_size} rows for layer "
                             f"{k}, a {cell} of hidden_size {spec.hidden_size}, got {blocks} (at {where})",
                             "shape_error")  # fmt: skip
        if not spec.return_sequences and k != n_layers - 1:
            raise InputError((*loc, "return_sequences"), "expected return_sequences false on the last layer only "
                             f"(the next layer needs a sequence), got it on layer {k}")  # fmt: skip
        layers.append(spec)
        width = spec.out_width
    head_on = model.get("head_on") or "every_step"
    if not layers[-1].return_sequences:
        head_on = "final"
    head = _head(model, head_seen, width)
    first = layers[0]
    return Architecture(
        cell=cell0,
        input_size=first.input_size,
        hidden_size=first.hidden_size,
        num_layers=n_layers,
        bidirectional=first.direction == "bidirectional",
        nonlinearity=model.get("nonlinearity") or "tanh",
        gate_activation=model.get("gate_activation") or "sigmoid",
        gru_reset_after=first.gru_reset_after,
        proj_size=first.proj_size,
        bias=first.bias,
        layers=tuple(layers),
        embedding=emb,
        head=head,
        head_on=head_on,
    )


def _embedding(m: Mapping[str, Any] | None, seen: Observed | None) -> EmbeddingSpec | None:
    if m is None and (seen is None or not seen.values):
        return None
    m = m or {}
    seen = seen or Observed()
    loc = ("model", "embedding")
    V = _agree(
        "embedding.num_embeddings", m.get("num_embeddings"), seen, "num_embeddings", (*loc, "num_embeddings")
    )
    E = _agree(
        "embedding.embedding_dim", m.get("embedding_dim"), seen, "embedding_dim", (*loc, "embedding_dim")
    )
    for name, value in (("num_embeddings", V), ("embedding_dim", E)):
        if value is None:
            raise InputError(
                (*loc, name), f"missing: embedding.{name} (the weights do not give it)", "missing"
            )
    pad = m.get("padding_idx")
    if pad is not None:
        if pad < 0:
            pad += V  # PyTorch accepts a negative padding_idx
        if not 0 <= pad < V:
            raise InputError((*loc, "padding_idx"), f"expected an id in [0, {V}), got {m['padding_idx']}")
    return EmbeddingSpec(int(V), int(E), pad, bool(m.get("mask_zero")))


def _head(model: Mapping[str, Any], seen: Sequence[Observed], width: int) -> tuple[DenseSpec, ...]:
    stated = model.get("head")
    readout = model.get("readout")
    if stated is None and readout:
        stated, base = [readout], ("model", "readout")
    else:
        base = ("model", "head")
    stated = list(stated or [])
    if not stated and not seen:
        return ()
    if stated and seen and len(stated) != len(seen):
        raise InputError(base, f"expected {len(seen)} head layers (the weights have that many), got {len(stated)}",
                         "size_mismatch")  # fmt: skip
    out = []
    for k in range(max(len(stated), len(seen))):
        m = stated[k] if stated else {}
        s = seen[k] if seen else Observed()
        loc = base if base == ("model", "readout") else (*base, k)
        size = _agree(f"head {k} size", m.get("size"), s, "size", (*loc, "size"))
        if size is None:
            raise InputError(
                (*loc, "size"), "missing: the head layer's size (the weights do not give it)", "missing"
            )
        if "input" in s.values and s.values["input"] != width:
            raise InputError(s.locs["input"], f"expected {width} input columns for head layer {k} (the width of what "
                             f"it reads), got {s.values['input']}", "shape_error")  # fmt: skip
        act = m.get("activation") or "identity"
        act = "softmax" if act == "softmax" else activation(act, (*loc, "activation"))
        out.append(DenseSpec(int(size), act))
        width = int(size)
    return tuple(out)


def uniform_arch(model: Mapping[str, Any], explicit: set[str], seen: Observed) -> Architecture:
    """Today's resolution (no v2 part)."""
    return resolve(model, explicit, seen)
