"""What every file reader returns: one record ``{"model", "weights", "vocabulary"?, "warnings"?,
"summary"}`` that is, with ``inputs`` added, a ``/api/v1/forward`` body (docs/design/model-v2.md).

Readers describe the network as a list of ``Recurrent`` layers (PyTorch layout: matrices (out, in),
gate blocks i,f,g,o / r,z,n), an optional embedding and a list of ``Dense`` head layers;
``build`` writes the model and the canonical weights. The model keeps today's fields when they
say it all (``bidirectional``, ``nonlinearity``, a one-layer ``readout``), so that a plain model
reads the same as before, and uses the v2 fields (``layers``, ``head``, ``embedding``,
``head_on``) only where it needs them.

Arrays stay NumPy arrays in the file's own precision (no lists of Python floats: a 100 MB file
would take a gigabyte): the route writes them with orjson, float32 as the shortest decimal that
reads back as the same float32, float64 exactly.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import orjson

from ...errors import InputError, Loc

LOC: Loc = ("file",)
GATES = {"rnn": ("h",), "lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}
CELL_OF_GATES = {1: "rnn", 4: "lstm", 3: "gru"}
DEFAULT_ACTIVATIONS = {"gate": "sigmoid", "cell": "tanh", "output": "tanh"}
READOUT_ACTIVATIONS = {"identity", "softmax", "sigmoid", "tanh"}  # what today's readout accepts


def refuse(msg: str, type: str = "file_invalid", loc: Loc = LOC) -> InputError:
    """The error a reader raises (a 422 located at the uploaded file)."""
    return InputError(loc, msg, type)


@dataclass
class Direction:
    """One direction of one recurrent layer in PyTorch's layout."""

    W_ih: np.ndarray  # (G·H, in)
    W_hh: np.ndarray  # (G·H, P), P = H without a projection
    b_ih: np.ndarray | None = None  # (G·H,)
    b_hh: np.ndarray | None = None  # (G·H,)
    W_hr: np.ndarray | None = None  # (P, H): LSTM proj_size


@dataclass
class Recurrent:
    cell: str  # rnn | lstm | gru
    directions: list[Direction]  # 1 (forward or reverse) or 2 (forward, backward)
    direction: str = "forward"  # forward | reverse | bidirectional
    merge_mode: str = "concat"
    activations: dict[str, Any] = field(default_factory=dict)  # gate / cell / output, defaults left out
    gru_reset_after: bool = True
    return_sequences: bool = True

    @property
    def hidden_size(self) -> int:
        return int(self.directions[0].W_ih.shape[0]) // len(GATES[self.cell])

    @property
    def proj_size(self) -> int:
        W_hr = self.directions[0].W_hr
        return 0 if W_hr is None else int(W_hr.shape[0])

    @property
    def input_size(self) -> int:
        return int(self.directions[0].W_ih.shape[1])

    @property
    def output_size(self) -> int:
        merged = self.direction == "bidirectional" and self.merge_mode == "concat"
        return (self.proj_size or self.hidden_size) * (2 if merged else 1)

    @property
    def bias(self) -> bool:
        return self.directions[0].b_ih is not None or self.directions[0].b_hh is not None


@dataclass
class Dense:
    W: np.ndarray  # (O, in)
    b: np.ndarray | None
    activation: Any = "identity"


@dataclass
class Embedding:
    E: np.ndarray  # (V, E)
    padding_idx: int | None = None
    mask_zero: bool = False


@dataclass
class Network:
    layers: list[Recurrent]
    head: list[Dense] = field(default_factory=list)
    embedding: Embedding | None = None
    head_on: str = "every_step"  # every_step | final
    input_size: int | None = None  # features when there is no embedding


def arrays_of(net: Network) -> list[tuple[str, np.ndarray | None]]:
    out: list[tuple[str, np.ndarray | None]] = []
    if net.embedding is not None:
        out.append(("the embedding", net.embedding.E))
    for k, layer in enumerate(net.layers):
        for j, d in enumerate(layer.directions):
            for f in ("W_ih", "W_hh", "b_ih", "b_hh", "W_hr"):
                out.append((f"recurrent layer {k} direction {j} {f}", getattr(d, f)))
    for k, dense in enumerate(net.head):
        out += [(f"head layer {k} W", dense.W), (f"head layer {k} b", dense.b)]
    return out


def numeric(a: np.ndarray, what: str) -> np.ndarray:
    """A float array as the file stores it (float32 or float64; float16 and integers widened), finite."""
    a = np.asarray(a)
    if a.dtype.kind not in "fiu" or a.dtype.itemsize > 8:
        raise refuse(f"{what} has dtype {a.dtype}: expected numbers", "file_invalid")
    if a.dtype not in (np.float32, np.float64):
        a = a.astype(np.float64 if a.dtype.kind in "iu" or a.dtype.itemsize > 4 else np.float32)
    if not np.isfinite(a).all():
        raise refuse(f"{what} holds NaN or infinite values", "file_invalid")
    return a


def check_chain(net: Network) -> None:
    """Every layer's input is the previous one's output: a 422 naming the first that is not."""
    if not net.layers:
        raise refuse("found no recurrent layer (RNN, LSTM or GRU): rnnscope shows recurrent networks")
    width = net.embedding.E.shape[1] if net.embedding is not None else net.layers[0].input_size
    for k, layer in enumerate(net.layers):
        for d in layer.directions:
            G = len(GATES[layer.cell])
            H, P = layer.hidden_size, layer.proj_size or layer.hidden_size
            if d.W_ih.shape != (G * H, width) or d.W_hh.shape != (G * H, P):
                raise refuse(
                    f"recurrent layer {k} ({layer.cell}, {H} units) expects input {width} and weights "
                    f"{(G * H, width)}, {(G * H, P)}; got {d.W_ih.shape}, {d.W_hh.shape}",
                    "shape_error",
                )
            if layer.proj_size and (d.W_hr is None or d.W_hr.shape != (P, H)):
                raise refuse(
                    f"recurrent layer {k}: expected a projection ({P}, {H}) in every direction", "shape_error"
                )
        width = layer.output_size
    for k, dense in enumerate(net.head):
        if dense.W.shape[1] != width:
            raise refuse(
                f"head layer {k} takes {dense.W.shape[1]} features but the layer before gives {width}",
                "shape_error",
            )
        width = dense.W.shape[0]


def by_gate(a: np.ndarray, cell: str) -> dict[str, np.ndarray]:
    """Split stacked gate blocks (axis 0) into {gate: block} for the canonical weights (views)."""
    gates = GATES[cell]
    H = a.shape[0] // len(gates)
    return {g: a[i * H : (i + 1) * H] for i, g in enumerate(gates)}


def _direction_weights(d: Direction, cell: str) -> dict[str, Any]:
    out: dict[str, Any] = {"W_x": by_gate(d.W_ih, cell), "W_h": by_gate(d.W_hh, cell)}
    if d.W_hr is not None:
        out["W_proj"] = d.W_hr
    if d.b_ih is not None:
        out["b_x"] = by_gate(d.b_ih, cell)
    if d.b_hh is not None:
        out["b_h"] = by_gate(d.b_hh, cell)
    return out


def _uniform(net: Network) -> bool:
    """True when today's top-level fields describe every layer."""
    first = net.layers[0]
    for layer in net.layers:
        if (layer.cell, layer.hidden_size, layer.gru_reset_after, layer.bias) != (
            first.cell,
            first.hidden_size,
            first.gru_reset_after,
            first.bias,
        ):
            return False
        if layer.direction == "reverse" or (
            layer.direction == "bidirectional" and layer.merge_mode != "concat"
        ):
            return False
        if layer.direction != first.direction or layer.activations != first.activations:
            return False
        if not layer.return_sequences or layer.proj_size:
            return False
    acts = first.activations
    if first.cell == "rnn":
        return set(acts) <= {"cell"} and acts.get("cell", "tanh") in ("tanh", "relu")
    return set(acts) <= {"gate"} and acts.get("gate", "sigmoid") in (
        "sigmoid",
        "hard_sigmoid_keras2",
    )


def build(
    net: Network,
    summary: str,
    warnings: list[str] | None = None,
    vocabulary: list[str] | None = None,
) -> dict[str, Any]:
    """The record: model + canonical weights (+ vocabulary, warnings) + summary."""
    check_chain(net)
    for what, a in arrays_of(net):
        if a is not None:
            numeric(a, what)
    first = net.layers[0]
    model: dict[str, Any] = {
        "cell": first.cell,
        "input_size": int(net.embedding.E.shape[1]) if net.embedding is not None else first.input_size,
        "hidden_size": first.hidden_size,
        "num_layers": len(net.layers),
    }
    if _uniform(net) and net.head_on == "every_step":
        model["bidirectional"] = first.direction == "bidirectional"
        if first.cell == "rnn":
            model["nonlinearity"] = first.activations.get("cell", "tanh")
        else:
            model["gate_activation"] = first.activations.get("gate", "sigmoid")
        if first.cell == "gru":
            model["gru_reset_after"] = first.gru_reset_after
    else:
        model["layers"] = [_layer_spec(layer) for layer in net.layers]
    weights: dict[str, Any] = {
        "format": "canonical",
        "layers": [_layer_weights(layer) for layer in net.layers],
    }
    if net.embedding is not None:
        emb = net.embedding
        model["embedding"] = {
            "num_embeddings": int(emb.E.shape[0]),
            "embedding_dim": int(emb.E.shape[1]),
            "padding_idx": emb.padding_idx,
            "mask_zero": emb.mask_zero,
        }
        weights["embedding"] = emb.E
    head = net.head
    plain = (
        len(head) == 1
        and net.head_on == "every_step"
        and isinstance(head[0].activation, str)
        and head[0].activation in READOUT_ACTIVATIONS
    )
    if plain:
        model["readout"] = {"size": int(head[0].W.shape[0]), "activation": head[0].activation}
        weights["readout"] = _dense_weights(head[0])
    elif head:
        model["head"] = [{"size": int(d.W.shape[0]), "activation": d.activation} for d in head]
        model["head_on"] = net.head_on
        weights["head"] = [_dense_weights(d) for d in head]
    out: dict[str, Any] = {"model": model, "weights": weights, "summary": summary}
    if vocabulary is not None:
        out["vocabulary"] = vocabulary
    if warnings:
        out["warnings"] = warnings
    return out


def _layer_spec(layer: Recurrent) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "cell": layer.cell,
        "hidden_size": layer.hidden_size,
        "direction": layer.direction,
    }
    if layer.direction == "bidirectional":
        spec["merge_mode"] = layer.merge_mode
    if layer.activations:
        spec["activations"] = dict(layer.activations)
    if layer.cell == "gru":
        spec["gru_reset_after"] = layer.gru_reset_after
    if layer.proj_size:
        spec["proj_size"] = layer.proj_size
    spec["bias"] = layer.bias
    spec["return_sequences"] = layer.return_sequences
    return spec


def _layer_weights(layer: Recurrent) -> dict[str, Any]:
    names = {"forward": ("forward",), "reverse": ("reverse",), "bidirectional": ("forward", "backward")}
    return {
        n: _direction_weights(d, layer.cell)
        for n, d in zip(names[layer.direction], layer.directions, strict=True)
    }


def _dense_weights(d: Dense) -> dict[str, Any]:
    out: dict[str, Any] = {"W": d.W}
    if d.b is not None:
        out["b"] = d.b
    return out


def shape_words(a: np.ndarray) -> str:
    return "×".join(str(n) for n in a.shape)


def _default(o: Any) -> Any:
    if isinstance(o, np.ndarray):
        return np.ascontiguousarray(o, np.float64 if o.dtype.kind in "iub" else o.dtype)
    if isinstance(o, np.generic):
        return o.item()
    raise TypeError(f"cannot write {type(o).__name__} as JSON")


def dumps(record: dict[str, Any]) -> bytes:
    """The record as JSON: arrays written by orjson straight from NumPy."""
    return orjson.dumps(record, default=_default, option=orjson.OPT_SERIALIZE_NUMPY)
