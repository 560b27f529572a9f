"""The record an ONNX graph walk (onnx_graph.py) makes: model, canonical weights, summary.

The model keeps today's fields when they say it all (a plain stack of forward or bidirectional
layers with default activations, a one-layer readout on every step), and uses the v2 fields
(``layers``, ``head``, ``head_on``, ``embedding``) only where it needs them. Initial states held
as initializers come back as the request's ``initial_state``; a ``sequence_lens`` graph input is
the request's ``lengths`` (both said in ``warnings``).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .onnx_graph import ACT_ROLES, State, dirs
from .onnx_layout import Sym, refuse


def result(st: State, g: Any) -> dict[str, Any]:
    if not st.layers:
        raise refuse(f"{st.name} has no LSTM, GRU or RNN node")
    outs = [(o.name, st.values.get(o.name)) for o in g.output]
    main = pick_output(st, outs)
    first = st.layers[0]
    model: dict[str, Any] = {
        "cell": first.spec["cell"],
        "input_size": int(st.embedding.shape[1]) if st.embedding is not None else input_width(st),
        "hidden_size": first.hidden,
        "num_layers": len(st.layers),
    }
    if uniform(st):  # today's fields say it all: the model reads as it always has
        model["bidirectional"] = first.direction == "bidirectional"
        if first.op == "RNN":
            model["nonlinearity"] = first.spec["activations"]["cell"]
        if first.op == "GRU":
            model["gru_reset_after"] = first.spec["gru_reset_after"]
    else:
        model["layers"] = [layer.spec for layer in st.layers]
    weights: dict[str, Any] = {"format": "canonical", "layers": [layer.params for layer in st.layers]}
    if st.embedding is not None:
        V, E = st.embedding.shape
        model["embedding"] = {"num_embeddings": int(V), "embedding_dim": int(E)}
        weights["embedding"] = st.embedding
    head = st.head
    if len(head) == 1 and st.head_on == "every_step" and head[0]["activation"] in READOUT_ACTIVATIONS:
        model["readout"] = {
            "size": int(head[0]["W"].shape[0]),
            "activation": head[0]["activation"] or "identity",
        }
        weights["readout"] = {"W": head[0]["W"], "b": head[0]["b"]}
    elif head:
        model["head"] = [
            {"size": int(h["W"].shape[0]), "activation": h["activation"] or "identity"} for h in head
        ]
        model["head_on"] = st.head_on
        weights["head"] = [{"W": h["W"], "b": h["b"]} for h in head]
    record: dict[str, Any] = {"model": model, "weights": weights, "warnings": st.warnings}
    initial = initial_state(st)
    if initial:
        record["initial_state"] = initial
    if st.lengths:
        st.warnings.append(f"the graph input {st.lengths!r} is every layer's sequence_lens: give it as the "
                           "request's top-level \"lengths\"")  # fmt: skip
    record["summary"] = summary(st, main)
    return record


READOUT_ACTIVATIONS = {None, "identity", "softmax", "sigmoid", "tanh"}  # what today's readout takes


def uniform(st: State) -> bool:
    """True when today's top-level model fields describe every layer (no v2 `layers` needed)."""
    first = st.layers[0]
    for layer in st.layers:
        spec = layer.spec
        if (layer.op, layer.hidden, layer.direction) != (first.op, first.hidden, first.direction):
            return False
        if spec != first.spec or layer.direction == "reverse" or "clip" in spec or spec.get("peepholes"):
            return False
    acts = first.spec["activations"]
    if first.op == "RNN":
        return acts["cell"] in ("tanh", "relu")
    return acts == {"LSTM": {"gate": "sigmoid", "cell": "tanh", "output": "tanh"},
                    "GRU": {"gate": "sigmoid", "cell": "tanh"}}[first.op]  # fmt: skip


def input_width(st: State) -> int:
    x = st.values.get(st.input_name) if st.input_name else None
    return int(x.axes[-1].size) if isinstance(x, Sym) else 0


def pick_output(st: State, outs: list[tuple[str, Any]]) -> tuple[str, Any]:
    """The graph output the model-v2 network computes: the last head layer's, or the last recurrent
    layer's output / final state when there is no head. Other outputs are listed in warnings."""

    def is_main(v: Any) -> bool:
        if not isinstance(v, Sym):
            return False
        srcs = [src for ax in v.axes if ax.kind in ("F", "D") for src in (ax.info if ax.kind == "D" else
                                                                           [s for s, _ in ax.info])]  # fmt: skip
        if st.head:
            return bool(srcs) and srcs[-1] == ("head", len(st.head) - 1)
        return bool(srcs) and all(s[1] == len(st.layers) - 1 for s in srcs if s[0] != "head")

    mains = [(n, v) for n, v in outs if is_main(v)]
    if not mains:
        what = "the last dense layer" if st.head else "the last recurrent layer"
        raise refuse(f"{st.name}: no graph output is {what}'s output (outputs: {[n for n, _ in outs]})")
    for n, v in outs:
        states = (
            isinstance(v, Sym)
            and all(e[0] in ("final", "c") for ax in v.axes if ax.kind == "D" for e in ax.info)
            and any(ax.kind == "D" for ax in v.axes)
        )
        if n != mains[0][0] and not states:
            st.warnings.append(
                f"the graph output {n!r} is not shown (rnnscope shows {mains[0][0]!r} and the trace)"
            )
    return mains[0]


def initial_state(st: State) -> dict[str, list] | None:
    if not any(layer.initial for layer in st.layers):
        return None
    batch = {s.shape[1] for layer in st.layers for s in layer.initial.values()}
    if len(batch) != 1:
        raise refuse("initial states of different batch sizes", "file_invalid")
    B = batch.pop()
    out: dict[str, Any] = {}
    for key in ("h", "c"):
        if not any(key in layer.initial for layer in st.layers):
            continue
        if key == "c" and any(layer.op != "LSTM" for layer in st.layers):
            raise refuse(
                "initial_c in a network that is not all LSTM: rnnscope takes c for all-LSTM stacks only"
            )
        blocks = [layer.initial.get(key, np.zeros((len(dirs(layer.direction)), B, layer.hidden)))
                  for layer in st.layers]  # fmt: skip
        if len({b.shape[2] for b in blocks}) == 1:
            out[key] = np.concatenate(blocks, axis=0)  # (L·D, B, H)
        else:  # layers of different widths: one (B, H_s) array per (layer, direction) state
            out[key] = [state for block in blocks for state in block]
    st.warnings.append(
        f"the file sets initial states for a batch of {B}: they are returned as initial_state, so inputs "
        f"must have {B} sequences (or drop initial_state to start from zeros)"
    )
    return out


def summary(st: State, main: tuple[str, Any]) -> str:
    parts = []
    if st.embedding is not None:
        V, E = st.embedding.shape
        parts.append(f"Gather embedding({V}→{E})")
    for layer in st.layers:
        extra = [layer.direction] if layer.direction != "forward" else []
        acts = layer.spec["activations"]
        default = dict(zip(ACT_ROLES[layer.op], ("sigmoid", "tanh", "tanh")[: len(acts)] if layer.op != "RNN"
                           else ("tanh",), strict=True))  # fmt: skip
        if acts != default:
            extra.append(
                "activations " + "/".join(a if isinstance(a, str) else a["name"] for a in acts.values())
            )
        if layer.spec.get("clip") is not None:
            extra.append(f"clip {layer.spec['clip']:g}")
        if layer.spec.get("peepholes"):
            extra.append("peepholes")
        if layer.op == "GRU":
            extra.append(f"linear_before_reset={int(layer.spec['gru_reset_after'])}")
        parts.append(f"{layer.op}(hidden_size={layer.hidden}{', ' if extra else ''}{', '.join(extra)})")
    for k, h in enumerate(st.head):
        act = h["activation"]
        act_name = act if isinstance(act, str) else (act["name"] if act else None)
        parts.append(f"{'Gemm' if k or st.head_on == 'final' else 'MatMul'}({h['W'].shape[1]}→{h['W'].shape[0]}"
                     + (f", {act_name})" if act_name else ")"))  # fmt: skip
    axes = "".join({"T": "T", "B": "B"}.get(st.roles.get(ax.info, ""), "?") if ax.kind == "L" else
                   ("F" if ax.kind == "F" else "·") for ax in main[1].axes)  # fmt: skip
    return f"ONNX graph {st.name}: " + " → ".join(parts) + f" (output {main[0]!r}, axes {axes})"
